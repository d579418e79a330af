"""Backups: online, verified, private, encrypted like the practice, rotated; restore keeps all."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, timedelta

import pytest

from kapnotes.domain.records import Client, Course, Session
from kapnotes.store import (
    PassphraseRequired,
    PracticeCorrupt,
    PracticeError,
    PracticeInUse,
    WrongPassphrase,
    encrypt_practice,
    open_practice,
)
from kapnotes.store import backup as store_backup
from kapnotes.store.backup import (
    auto_backup,
    backup_now,
    list_backups,
    restore_backup,
    rotate,
    verify_file,
)

PASS = "backup test passphrase"


def _fill(practice, n=5):
    client = Client(chart="B-1", name="Backed Up")
    practice.save_client(client)
    course = Course(client_id=client.id, start_date=date(2026, 1, 1))
    practice.save_course(course)
    for i in range(n):
        s = Session(client_id=client.id, course_id=course.id, date=date(2026, 1, 2 + i),
                    narrative={"Subjective": f"session {i} pelican"})  # fmt: skip
        practice.save_session(s)
        if i % 2:
            if practice.user is None:
                practice.sign_session(s.id, "Dr A")
            else:
                practice.sign_session(s.id, passphrase=PASS)
            practice.add_addendum(s.id, f"addendum {i}", "Dr A")


def _everything(practice) -> dict:
    return {
        "clients": practice.list_clients(include_archived=True),
        "sessions": practice.load_sessions(),
        "settings": practice.settings(),
        "counts": {t: practice.count(t) for t in ("courses", "addenda", "search_index")},
    }


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_backup_then_restore_gives_back_every_record(tmp_path, passphrase):
    path = tmp_path / "p.kapnotes"
    folder = tmp_path / "backups"
    with open_practice(path, passphrase, create=True) as p:
        _fill(p)
        saved = _everything(p)
        made = backup_now(p, folder)
        # Later work that the restore will undo (but keep aside).
        p.save_client(Client(chart="LATE-1", name="After the backup"))
    assert stat.S_IMODE(os.stat(made).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert made.read_bytes().startswith(b"SQLite format 3") == (passphrase is None)
    aside = restore_backup(made, path, passphrase)
    with open_practice(path, passphrase) as p:
        assert _everything(p) == saved
        assert p.find_client("LATE-1") is None
        assert p.verify_audit().ok
        assert [h.session_id for h in p.search("pelican")]
    with open_practice(aside, passphrase) as kept:
        assert kept.find_client("LATE-1") is not None, "the replaced file is kept, not destroyed"


def test_encrypted_backup_needs_the_passphrase(tmp_path):
    path = tmp_path / "p.kapnotes"
    with open_practice(path, PASS, create=True) as p:
        _fill(p, 1)
        made = backup_now(p, tmp_path / "backups")
    with pytest.raises(WrongPassphrase):
        verify_file(made, "wrong")
    with pytest.raises(PassphraseRequired):
        verify_file(made, None)
    with pytest.raises(WrongPassphrase):
        restore_backup(made, path, "wrong")
    with open_practice(path, PASS) as p:
        assert p.find_client("B-1") is not None


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_a_corrupted_backup_is_detected_and_not_restored(tmp_path, passphrase):
    path = tmp_path / "p.kapnotes"
    with open_practice(path, passphrase, create=True) as p:
        _fill(p, 20)
        made = backup_now(p, tmp_path / "backups")
    data = bytearray(made.read_bytes())
    # A whole page in the middle overwritten (a plain file's integrity_check sees structure
    # only; an encrypted one would also catch a single changed byte through its page HMAC).
    page = (len(data) // 4096 // 2) * 4096
    data[page : page + 4096] = os.urandom(4096)
    made.write_bytes(bytes(data))
    with pytest.raises(PracticeCorrupt):
        verify_file(made, passphrase)
    with pytest.raises(PracticeCorrupt):
        restore_backup(made, path, passphrase)
    with open_practice(path, passphrase) as p:
        assert p.count("sessions") == 20


def test_a_truncated_backup_is_detected(tmp_path):
    path = tmp_path / "p.kapnotes"
    with open_practice(path, PASS, create=True) as p:
        _fill(p, 20)
        made = backup_now(p, tmp_path / "backups")
    made.write_bytes(made.read_bytes()[: 3 * 4096])
    with pytest.raises(PracticeCorrupt):
        verify_file(made, PASS)


def test_restore_refuses_while_the_practice_is_open(practice, tmp_path):
    made = backup_now(practice, tmp_path / "backups")
    with pytest.raises(PracticeInUse):
        restore_backup(made, practice.path, None)


def test_rotation_and_at_most_one_automatic_backup_a_day(practice, tmp_path, monkeypatch):
    folder = tmp_path / "backups"
    first = auto_backup(practice, folder, keep=3)
    assert first is not None
    assert auto_backup(practice, folder, keep=3) is None, "one a day"
    for _ in range(5):
        backup_now(practice, folder)
    labelled = backup_now(practice, folder, label="before-m009")
    removed = rotate(folder, practice.path.stem, keep=3)
    left = list_backups(folder, practice.path.stem)
    assert len(removed) == 3 and first in removed
    assert len([b for b in left if not b.label]) == 3
    assert labelled in [b.path for b in left], "labelled backups are not rotated away"
    assert [b.created for b in left] == sorted((b.created for b in left), reverse=True)
    # A new day: a new automatic backup.
    real = store_backup.datetime

    class Tomorrow(real):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) + timedelta(days=1)

    monkeypatch.setattr(store_backup, "datetime", Tomorrow)
    assert auto_backup(practice, folder, keep=3) is not None
    assert len([b for b in list_backups(folder) if not b.label]) == 3
    assert practice.audit_entries(action="backup")


def test_backup_names_are_parsed(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "my-practice-20260102-030405-000007-before-m002_x.kapnotes").write_bytes(b"")
    (tmp_path / "my-practice-20260102-030406-000000.kapnotes").write_bytes(b"")
    found = list_backups(tmp_path)
    assert [(b.created, b.label) for b in found] == [
        (datetime(2026, 1, 2, 3, 4, 6), ""),
        (datetime(2026, 1, 2, 3, 4, 5, 7), "before-m002_x"),
    ]
    assert list_backups(tmp_path, "my-practice") == found
    assert list_backups(tmp_path, "other") == []
    assert list_backups(tmp_path / "missing") == []


def test_migration_makes_a_backup_first(tmp_path):
    from sqlite_utils import Database

    from kapnotes.store.schema import migrations

    path = tmp_path / "old.kapnotes"
    db = Database(path)
    migrations.apply(db, stop_before="m002_signed_notes_locked")
    db.execute(
        "INSERT INTO clients (chart, name, created_at, updated_at) "
        "VALUES ('OLD-1', 'Kept', '2026-01-01', '2026-01-01')"
    )
    db.conn.commit()
    db.conn.close()
    with open_practice(path) as p:
        assert p.find_client("OLD-1") is not None
    made = list_backups(tmp_path / "backups")
    assert [b.label for b in made] == ["before-m002_signed_notes_locked"]
    with open_practice(made[0].path) as old:
        assert old.find_client("OLD-1").name == "Kept"


def test_one_changed_byte_in_an_encrypted_backup_is_detected(tmp_path):
    """Every page of an encrypted file carries an HMAC: even one flipped byte is found."""
    path = tmp_path / "p.kapnotes"
    with open_practice(path, PASS, create=True) as p:
        _fill(p, 20)
        made = backup_now(p, tmp_path / "backups")
    data = bytearray(made.read_bytes())
    data[len(data) // 2 + 123] ^= 0x01
    made.write_bytes(bytes(data))
    with pytest.raises(PracticeCorrupt):
        verify_file(made, PASS)


def test_restoring_the_practice_onto_itself_is_refused_and_keeps_it(tmp_path):
    path = tmp_path / "p.kapnotes"
    with open_practice(path, PASS, create=True) as p:
        _fill(p, 1)
    before = path.read_bytes()
    with pytest.raises(PracticeError, match="the practice file itself"):
        restore_backup(path, path, PASS)
    assert path.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir() if "before-restore" in f.name] == []


def test_two_restores_in_one_second_keep_both_replaced_files(tmp_path, monkeypatch):
    path = tmp_path / "p.kapnotes"
    with open_practice(path, create=True) as p:
        _fill(p, 1)
        made = backup_now(p, tmp_path / "backups")
    monkeypatch.setattr(store_backup, "datetime", _FrozenClock)
    with open_practice(path) as p:
        p.save_client(Client(chart="FIRST", name="Only in the first kept file"))
    first = restore_backup(made, path, None)
    with open_practice(path) as p:
        p.save_client(Client(chart="SECOND", name="Only in the second kept file"))
    second = restore_backup(made, path, None)
    assert first != second
    with open_practice(first) as kept:
        assert kept.find_client("FIRST") is not None
    with open_practice(second) as kept:
        assert kept.find_client("SECOND") is not None


def test_a_failed_restore_leaves_the_practice_in_place(tmp_path, monkeypatch):
    path = tmp_path / "p.kapnotes"
    with open_practice(path, create=True) as p:
        _fill(p, 1)
        made = backup_now(p, tmp_path / "backups")
        p.save_client(Client(chart="LATE-1", name="After the backup"))
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(src).endswith(".restoring"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(store_backup.os, "replace", failing_replace)
    with pytest.raises(PracticeError, match="unchanged"):
        restore_backup(made, path, None)
    monkeypatch.setattr(store_backup.os, "replace", real_replace)
    with open_practice(path) as p:
        assert p.find_client("LATE-1") is not None
    leftovers = [f.name for f in tmp_path.iterdir() if "restor" in f.name]
    assert leftovers == []


class _FrozenClock(datetime):
    """datetime whose now() is one fixed second (two restores "at once")."""

    @classmethod
    def now(cls, tz=None):
        return cls(2026, 3, 4, 5, 6, 7)


def test_a_backup_folder_that_is_a_file_is_a_message_not_a_crash(practice, tmp_path):
    folder = tmp_path / "backups"
    folder.write_text("not a folder")
    with pytest.raises(PracticeError, match="could not be written"):
        backup_now(practice, folder)
    assert folder.read_text() == "not a folder"
    assert practice.verify_audit().ok


def test_a_backup_from_before_encryption_is_restored_encrypted(tmp_path):
    """Restoring a plain backup over an encrypted practice must not make it plaintext again."""
    path = tmp_path / "p.kapnotes"
    with open_practice(path, create=True) as p:
        _fill(p, 2)
        saved = _everything(p)
        plain_backup = backup_now(p, tmp_path / "backups")
    encrypt_practice(path, PASS)
    with pytest.raises(PassphraseRequired, match="stays encrypted"):
        restore_backup(plain_backup, path, None)
    restore_backup(plain_backup, path, PASS)
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with open_practice(path, PASS) as p:
        assert p.is_encrypted
        now = _everything(p)
        # The first opening converted it to accounts: its signed notes are marked as signed
        # before accounts (sealed, no key), the records are the same.
        marks = {s.id: [m.kind for m in s.signatures] for s in now["sessions"] if s.is_signed}
        assert marks and set(map(tuple, marks.values())) == {("before-accounts",)}
        for s in now["sessions"]:
            s.signatures = []
        # Its clinicians are now its users (the first admin); the stored profiles stay.
        now["settings"].clinicians = saved["settings"].clinicians
        assert now == saved
        assert p.verify_audit().ok
