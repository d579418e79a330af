"""The account commands: user add/list/disable/enable/reset, sign, recover, rekey, and the
one-line answers to every way they can go wrong (the practice stays intact)."""

from __future__ import annotations

import pytest
from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.domain.records import Client, Session
from kapnotes.store import keyslots, open_practice

ADMIN = "cli admin passphrase"
NEW = "a first passphrase"


@pytest.fixture
def clinic(data_dir, monkeypatch, tmp_path):
    """An accounts practice (admin "Dr Cli") with one draft note; the admin's passphrase in
    the environment; the new one in a file."""
    path = config.database_path(data_dir)
    config.ensure_private_dir(data_dir)
    with open_practice(path, ADMIN, create=True, user="Dr Cli") as p:
        client = Client(chart="A-1", name="Ann")
        p.save_client(client)
        note = Session(client.id, None, __import__("datetime").date(2026, 2, 1))
        p.save_session(note)
    monkeypatch.setenv(config.PASSPHRASE_ENV, ADMIN)
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW + "\n")
    return path, note.id, str(new_file)


def test_user_commands(cli, clinic, monkeypatch):
    path, _sid, new_file = clinic
    result = cli("user", "add", "Jo Park", "--role", "therapist", "--credentials", "LCSW",
                 "--new-passphrase-file", new_file)  # fmt: skip
    assert result.code == 0 and "added Jo Park (therapist)" in result.out
    listed = cli("user", "list").out
    assert (
        "Dr Cli\tprescriber\t\tadmin" in listed
        and "Jo Park\ttherapist\tLCSW\tmust-change" in listed
    )
    assert cli("user", "disable", "Jo Park").code == 0
    monkeypatch.setenv(config.PASSPHRASE_ENV, NEW)
    assert_one_line_error(cli("--user", "Jo Park", "check"), "Jo Park is disabled")
    monkeypatch.setenv(config.PASSPHRASE_ENV, ADMIN)
    assert cli("user", "enable", "Jo Park").code == 0
    assert cli("user", "reset", "Jo Park", "--new-passphrase-file", new_file).code == 0
    assert_one_line_error(cli("user", "disable", "Dr Cli"), "last admin")
    monkeypatch.setenv("KAPNOTES_USER", "Jo Park")
    monkeypatch.setenv(config.PASSPHRASE_ENV, NEW)
    assert cli("check").code == 0
    assert_one_line_error(
        cli("user", "add", "Eve", "--role", "prescriber", "--new-passphrase-file", new_file),
        "Only an admin",
    )


def test_wrong_passphrase_and_unknown_user_are_one_line(cli, clinic, monkeypatch):
    monkeypatch.setattr("kapnotes.cli.common.WRONG_PASSPHRASE_PAUSE", 0)
    assert_one_line_error(cli("--user", "Nobody", "check"), "wrong passphrase or unknown user")
    monkeypatch.setenv(config.PASSPHRASE_ENV, "not the passphrase")
    assert_one_line_error(cli("check"), "wrong passphrase or unknown user")


def test_sign_and_a_read_only_user(cli, clinic, monkeypatch):
    path, sid, new_file = clinic
    assert cli("user", "add", "Desk", "--role", "read-only", "--new-passphrase-file",
               new_file).code == 0  # fmt: skip
    monkeypatch.setenv(config.PASSPHRASE_ENV, NEW)
    assert_one_line_error(cli("--user", "Desk", "sign", str(sid)), "read-only")
    monkeypatch.setenv(config.PASSPHRASE_ENV, ADMIN)
    result = cli("sign", str(sid))
    assert result.code == 0 and f"session {sid} signed by Dr Cli at" in result.out
    assert "key " in result.out
    assert cli("check").code == 0 and cli("audit", "verify").code == 0


def test_a_lost_key_file_names_the_recovery_key_and_recover_opens(cli, clinic, tmp_path):
    path, _sid, new_file = clinic
    sheet = tmp_path / "new-sheet.pdf"
    assert cli("rekey", "--recovery-sheet", str(sheet)).code == 0 and sheet.exists()
    with open_practice(path, ADMIN) as p:
        key = p.recovery_key()
    keyslots.slots_path(path).unlink()
    assert_one_line_error(cli("check"), "recovery key")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("0" * 64)
    assert_one_line_error(
        cli("recover", "--recovery-key-file", str(wrong), "--new-passphrase-file", new_file),
        "does not fit",
    )
    good = tmp_path / "key.txt"
    good.write_text("Recovery key: " + " ".join(key[i : i + 4] for i in range(0, 64, 4)))
    result = cli("recover", "--recovery-key-file", str(good), "--new-passphrase-file", new_file)
    assert result.code == 0 and "emergency access recorded" in result.out
    with open_practice(path, NEW) as p:
        assert p.audit_entries(action="recover") and p.verify_audit().ok


def test_rekey_needs_a_sheet_and_demo_writes_its_own(cli, clinic, tmp_path, monkeypatch):
    assert_one_line_error(cli("rekey"), "--recovery-sheet")
    other = tmp_path / "demo-data"
    monkeypatch.delenv(config.PASSPHRASE_ENV)
    result = cli("--data-dir", str(other), "demo", "--clients", "1", "--sessions-per-client", "2")
    assert result.code == 0, result.err
    assert f"Emergency access sheet written to {other / 'emergency-access.pdf'}" in result.out
    assert (other / "emergency-access.pdf").exists()
    monkeypatch.setenv(config.PASSPHRASE_ENV, "short")
    assert_one_line_error(
        cli("--data-dir", str(tmp_path / "x"), "demo", "--clients", "1"), "at least 10"
    )
