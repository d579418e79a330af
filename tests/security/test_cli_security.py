"""The security commands: check, audit verify/list, backup, restore, passphrase change/encrypt."""

from __future__ import annotations

import pytest
from sec_helpers import add_client, add_course, make_session, raw_connection, sign
from sqlite_utils import Database

from kapnotes.cli import common, run
from kapnotes.store import open_practice
from kapnotes.store.audit import compare_with_older

PASS = "cli passphrase"


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data folder with an encrypted practice; the passphrase comes from the environment."""
    monkeypatch.setenv("KAPNOTES_PASSPHRASE", PASS)
    monkeypatch.delenv("KAPNOTES_NEW_PASSPHRASE", raising=False)
    monkeypatch.setattr(common, "WRONG_PASSPHRASE_PAUSE", 0)
    folder = tmp_path / "data"
    with open_practice(folder / "practice.kapnotes", PASS, create=True, user="Dr Cli") as p:
        client = add_client(p, chart="CLI-1")
        session = make_session(client, add_course(p, client))
        p.save_session(session)
        sign(p, session.id, passphrase=PASS)
        add_client(p, chart="CLI-2", name="Other")
    return folder


def cli(folder, *argv):
    return run(["--data-dir", str(folder), *argv])


def test_check_reports_encryption_and_the_audit_chain(data, capsys):
    assert cli(data, "check") == 0
    out = capsys.readouterr().out
    assert "ok" in out and "encrypted" in out and "audit trail intact" in out
    conn = raw_connection(data / "practice.kapnotes", PASS)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit_log SET actor = 'Mallory' WHERE id = 2")
    conn.close()
    assert cli(data, "check") == 1
    assert "broken at entry 2" in capsys.readouterr().err
    assert cli(data, "audit", "verify") == 1
    assert "broken at entry 2" in capsys.readouterr().err


def test_audit_list_filters(data, capsys):
    assert cli(data, "audit", "verify") == 0
    assert "intact" in capsys.readouterr().out
    assert cli(data, "audit", "list", "--client", "CLI-1") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[3] for line in lines] == ["sign", "create", "create", "create"]
    assert all("\tDr Cli\t" in line for line in lines)
    assert cli(data, "audit", "list", "--action", "open", "--limit", "1") == 0
    assert capsys.readouterr().out.count("\topen\t") == 1
    assert cli(data, "audit", "list", "--since", "2999-01-01") == 0
    assert capsys.readouterr().out == ""
    assert cli(data, "audit", "list", "--since", "yesterday") == 2
    assert cli(data, "audit", "list", "--client", "NOPE") == 1


def test_wrong_or_missing_passphrase_is_one_line(data, capsys, monkeypatch):
    monkeypatch.setenv("KAPNOTES_PASSPHRASE", "wrong")
    assert cli(data, "check") == 1
    err = capsys.readouterr().err
    assert err.strip() == "kapnotes: wrong passphrase or unknown user"
    monkeypatch.delenv("KAPNOTES_PASSPHRASE")
    assert cli(data, "check") == 1
    assert "--passphrase-file" in capsys.readouterr().err


def test_passphrase_is_never_an_argument(data):
    with pytest.raises(SystemExit):
        cli(data, "passphrase", "change", "--new-passphrase", "visible-in-ps")


def test_backup_and_restore(data, capsys):
    assert cli(data, "backup") == 0
    made = capsys.readouterr().out.split("backed up to ")[1].split()[0]
    with open_practice(data / "practice.kapnotes", PASS) as p:
        add_client(p, chart="LATER")
    assert cli(data, "backup", "--list") == 0
    assert made in capsys.readouterr().out
    assert cli(data, "restore", made) == 0
    out = capsys.readouterr().out
    assert "kept as" in out
    with open_practice(data / "practice.kapnotes", PASS) as p:
        assert p.find_client("LATER") is None and p.find_client("CLI-1") is not None
        assert p.audit_entries(action="restore")
    assert cli(data, "restore", str(data / "missing.kapnotes")) == 1


def test_passphrase_change_from_a_file(data, tmp_path, capsys, monkeypatch):
    assert cli(data, "passphrase", "change") == 1
    assert "KAPNOTES_NEW_PASSPHRASE" in capsys.readouterr().err
    new_file = tmp_path / "new.txt"
    new_file.write_text("fresh phrase\n")
    assert cli(data, "passphrase", "change", "--new-passphrase-file", str(new_file)) == 0
    monkeypatch.setenv("KAPNOTES_PASSPHRASE", "fresh phrase")
    assert cli(data, "check") == 0
    old_file = tmp_path / "old.txt"
    old_file.write_text("fresh phrase\n")
    monkeypatch.delenv("KAPNOTES_PASSPHRASE")
    monkeypatch.setenv("KAPNOTES_NEW_PASSPHRASE", "third phrase")
    assert cli(data, "--passphrase-file", str(old_file), "passphrase", "change") == 0
    with open_practice(data / "practice.kapnotes", "third phrase") as p:
        assert p.find_client("CLI-1") is not None


def test_passphrase_encrypt_a_plain_practice(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("KAPNOTES_PASSPHRASE", raising=False)
    folder = tmp_path / "plain"
    with open_practice(folder / "practice.kapnotes", create=True) as p:
        add_client(p, chart="PLAIN-1", name="MARKERPLAIN")
    monkeypatch.setenv("KAPNOTES_NEW_PASSPHRASE", "now encrypted")
    assert cli(folder, "passphrase", "encrypt") == 0
    out = capsys.readouterr().out
    assert "now encrypted" in out and "wiped" in out
    assert b"MARKERPLAIN" not in (folder / "practice.kapnotes").read_bytes()
    monkeypatch.setenv("KAPNOTES_PASSPHRASE", "now encrypted")
    assert cli(folder, "check") == 0
    assert cli(folder, "passphrase", "encrypt") == 1


def test_entries_cut_off_the_end_are_found_against_a_backup(data, capsys):
    assert cli(data, "backup") == 0
    made = capsys.readouterr().out.split("backed up to ")[1].split()[0]
    assert cli(data, "audit", "verify", "--against", made) == 0
    assert "all here" in capsys.readouterr().out
    conn = raw_connection(data / "practice.kapnotes", PASS)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("DROP TRIGGER audit_no_delete")
    # Cut the newest entries that the backup also holds: the chain alone still links, but the
    # anchor kept outside the database (the key slots' companion file) names a later entry.
    conn.execute("DELETE FROM audit_log WHERE id >= ?", [last - 2])
    conn.close()
    assert cli(data, "audit", "verify") == 1
    assert "cut off" in capsys.readouterr().err
    assert cli(data, "audit", "verify", "--against", made) == 1
    assert "cut off" in capsys.readouterr().err
    # Against the backup alone (what --against compares) the first cut entry is named. (The
    # `open` entries of these very commands took the freed ids: "differs" or "missing".)
    with open_practice(data / "practice.kapnotes", PASS) as p:
        older = Database(raw_connection(made, PASS))
        check = compare_with_older(p.db, older)
        older.conn.close()
    assert not check.ok and check.first_broken_id == last - 2
