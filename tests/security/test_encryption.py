"""Encryption at rest: no plaintext on disk, wrong passphrase, re-key, conversion, private files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap

import pytest
from sec_helpers import PASSPHRASE, add_client, add_course, make_session, sign

from kapnotes.store import (
    NotAPractice,
    PassphraseRequired,
    PracticeError,
    PracticeInUse,
    WrongPassphrase,
    crypto,
    encrypt_practice,
    open_practice,
)

MARKER = "ZEBRAFINCH-7731-PLAINTEXT"


def _disk_bytes(path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-shm"):
        p = f"{path}{suffix}"
        if os.path.exists(p):
            with open(p, "rb") as fh:
                data += fh.read()
    return data


def test_marker_in_a_note_is_not_in_the_file_or_its_wal(enc_practice, enc_path):
    client = add_client(enc_practice, name=MARKER)
    session = make_session(client, add_course(enc_practice, client), text=f"said {MARKER} twice")
    enc_practice.save_session(session)
    enc_practice.add_addendum(session.id, f"later {MARKER}", "Dr A")
    # While open, committed pages sit in the WAL: it must be encrypted too.
    assert os.path.exists(f"{enc_path}-wal") and os.path.getsize(f"{enc_path}-wal") > 0
    disk = _disk_bytes(enc_path)
    assert MARKER.encode() not in disk
    assert MARKER.encode("utf-16-le") not in disk
    assert not disk.startswith(b"SQLite format 3")
    assert [h.session_id for h in enc_practice.search(MARKER.split("-")[0])] == [session.id]


def test_the_same_marker_is_visible_in_a_plain_practice(practice):
    """The check above can fail: in an unencrypted file the marker is readable."""
    add_client(practice, name=MARKER)
    assert MARKER.encode() in _disk_bytes(practice.path)


def test_files_are_private(enc_practice, enc_path):
    add_client(enc_practice)
    for suffix in ("", "-wal", "-shm"):
        mode = stat.S_IMODE(os.stat(f"{enc_path}{suffix}").st_mode)
        assert mode == 0o600, (suffix, oct(mode))


def test_wrong_passphrase_is_a_clear_error(enc_practice, enc_path, capfd):
    add_client(enc_practice)
    enc_practice.close()
    with pytest.raises(WrongPassphrase) as info:
        open_practice(enc_path, "not the passphrase")
    assert str(info.value) == "wrong passphrase or unknown user"
    # SQLCipher's own "hmac check failed" log lines never reach the terminal.
    out, err = capfd.readouterr()
    assert "hmac" not in (out + err).lower() and "ERROR" not in out + err
    with pytest.raises(PassphraseRequired):
        open_practice(enc_path)
    with open_practice(enc_path, PASSPHRASE) as again:
        assert again.find_client("C-1") is not None


def test_repeated_wrong_passphrases_slow_down(enc_practice, enc_path, monkeypatch):
    enc_practice.close()
    waits = []
    monkeypatch.setattr(crypto, "sleep", waits.append)
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            open_practice(enc_path, "guess")
    assert waits == [1.0, 2.0, 4.0]
    open_practice(enc_path, PASSPHRASE).close()
    with pytest.raises(WrongPassphrase):
        open_practice(enc_path, "guess")
    assert waits == [1.0, 2.0, 4.0], "the count starts again after the right passphrase"


def test_change_passphrase(enc_practice, enc_path):
    add_client(enc_practice)
    enc_practice.change_passphrase("a brand new phrase")
    enc_practice.close()
    with pytest.raises(WrongPassphrase):
        open_practice(enc_path, PASSPHRASE)
    with open_practice(enc_path, "a brand new phrase") as p:
        assert p.find_client("C-1").name == "Robin Vale"
        assert p.audit_entries(action="passphrase")
        assert p.verify_audit().ok
    with pytest.raises(PracticeError):
        open_practice(enc_path, "a brand new phrase").change_passphrase("")


def test_plain_practice_cannot_be_rekeyed(practice):
    assert not practice.is_encrypted
    with pytest.raises(PracticeError, match="not encrypted"):
        practice.change_passphrase("x")


def test_conversion_of_a_plain_practice(practice, tmp_path):
    client = add_client(practice, name=MARKER)
    session = make_session(client, add_course(practice, client), text=MARKER)
    practice.save_session(session)
    sign(practice, session.id, "Dr A")
    path = practice.path
    practice.close()
    kept = encrypt_practice(path, "new secret")
    assert MARKER.encode() not in _disk_bytes(path)
    # The plaintext original is wiped; its content is kept as an encrypted, verified backup.
    assert kept.parent == tmp_path / "backups" and MARKER.encode() not in kept.read_bytes()
    assert not [p for p in tmp_path.iterdir() if ".plain-" in p.name]
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    with pytest.raises(PassphraseRequired):
        open_practice(path)
    with open_practice(path, "new secret") as p:
        assert p.is_encrypted
        again = p.get_session(session.id)
        assert again.narrative == session.narrative and again.is_signed
        assert p.integrity_problems() == [] and p.verify_audit().ok
    with open_practice(kept, "new secret") as backup:
        assert backup.get_session(session.id).narrative == session.narrative


def test_conversion_can_keep_a_private_plain_copy(practice):
    add_client(practice, name=MARKER)
    path = practice.path
    practice.close()
    kept = encrypt_practice(path, "new secret", keep_plain_copy=True)
    assert MARKER.encode() in kept.read_bytes()
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    with pytest.raises(PracticeError):
        encrypt_practice(path, "again")  # already encrypted


def test_conversion_refuses_an_open_practice(practice):
    with pytest.raises(PracticeInUse):
        encrypt_practice(practice.path, "x")
    assert practice.list_clients() == []


def test_a_passphrase_for_a_plain_file_opens_it_unencrypted(practice):
    path = practice.path
    practice.close()
    with open_practice(path, "anything") as p:
        assert not p.is_encrypted


def test_binary_junk_is_not_mistaken_for_text(tmp_path):
    junk = tmp_path / "junk.kapnotes"
    junk.write_bytes(os.urandom(8192))
    with pytest.raises(PassphraseRequired):
        open_practice(junk)
    with pytest.raises(WrongPassphrase):
        open_practice(junk, "x")
    small = tmp_path / "small.kapnotes"
    small.write_bytes(os.urandom(100))
    with pytest.raises(NotAPractice):
        open_practice(small, "x")


def test_a_second_process_gets_practice_in_use(enc_practice, enc_path):
    code = textwrap.dedent(
        f"""
        import sys
        from kapnotes.store import PracticeInUse, open_practice
        try:
            open_practice({str(enc_path)!r}, {PASSPHRASE!r})
        except PracticeInUse as exc:
            print("IN USE:", exc)
            sys.exit(3)
        print("opened")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert "open in another KAPNotes window" in result.stdout
    # Inside one process a second handle is allowed (tests, CLI, unlock after auto-lock).
    with open_practice(enc_path, PASSPHRASE) as second:
        assert second.list_clients() == []
    enc_practice.close()
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "opened" in result.stdout
