"""Opening a practice that is missing, locked, damaged or foreign: clear errors, no overwrite."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from kapnotes.store import (
    NotAPractice,
    PracticeCorrupt,
    PracticeError,
    PracticeLocked,
    PracticeNotFound,
    WrongPassphrase,
    open_practice,
)
from kapnotes.store.connection import make_private
from kapnotes.store.schema import latest_version, migrations


def test_missing_file_is_not_created_without_asking(tmp_path):
    path = tmp_path / "none.kapnotes"
    with pytest.raises(PracticeNotFound):
        open_practice(path)
    assert not path.exists()


def test_text_file_is_not_a_practice_and_is_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n")
    with pytest.raises(NotAPractice):
        open_practice(path)
    assert path.read_text() == "shopping list\n"


def test_other_sqlite_database_is_not_a_practice(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAPractice):
        open_practice(path)
    assert path.read_bytes() == before


def test_corrupt_file_is_reported(tmp_path):
    path = tmp_path / "p.kapnotes"
    open_practice(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises((PracticeCorrupt, NotAPractice)):
        p = open_practice(path)
        p.integrity_problems()
        raise PracticeCorrupt("opened")
    assert path.read_bytes() == bytes(data)


def test_locked_file_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr("kapnotes.store.connection.BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "p.kapnotes"
    open_practice(path, create=True).close()
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(PracticeLocked):
            open_practice(path)
    finally:
        holder.rollback()
        holder.close()


def test_empty_file_is_damaged_not_silently_recreated(tmp_path):
    """A practice cut to 0 bytes must not quietly become a new, empty, unencrypted practice."""
    path = tmp_path / "empty.kapnotes"
    path.write_bytes(b"")
    for passphrase in (None, "a passphrase"):
        with pytest.raises(PracticeCorrupt, match="empty"):
            open_practice(path, passphrase)
    assert path.read_bytes() == b""


def test_empty_file_becomes_a_practice_when_asked(tmp_path):
    path = tmp_path / "empty.kapnotes"
    path.write_bytes(b"")
    with open_practice(path, create=True) as practice:
        assert practice.schema_version == latest_version()
        assert practice.integrity_problems() == []


def test_opening_never_makes_a_read_only_file_writable(tmp_path):
    path = tmp_path / "p.kapnotes"
    open_practice(path, create=True).close()
    os.chmod(path, 0o400)
    make_private(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o400
    os.chmod(path, 0o644)
    make_private(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only_practice_is_refused_with_a_reason(tmp_path, what):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "p.kapnotes"
    open_practice(path, create=True).close()
    before = path.read_bytes()
    os.chmod(path if what == "file" else folder, 0o500 if what == "folder" else 0o400)
    try:
        with pytest.raises(PracticeError, match=f"read-only \\(its {what}"):
            open_practice(path)
    finally:
        os.chmod(folder, 0o700)
        os.chmod(path, 0o600)
    assert path.read_bytes() == before


@pytest.mark.parametrize("stop_index", range(1, len(migrations._migrations) + 1))
def test_every_older_schema_upgrades_without_loss(tmp_path, stop_index):
    from sqlite_utils import Database

    path = tmp_path / "old.kapnotes"
    db = Database(path)
    names = [m.name for m in migrations._migrations]
    stop = names[stop_index] if stop_index < len(names) else None
    migrations.apply(db, stop_before=stop)
    db.execute(
        "INSERT INTO clients (chart, name, created_at, updated_at) "
        "VALUES ('OLD-1', 'Kept', '2026-01-01', '2026-01-01')"
    )
    db.conn.commit()
    db.conn.close()
    with open_practice(path) as practice:
        assert practice.schema_version == latest_version()
        assert practice.find_client("OLD-1").name == "Kept"
        assert practice.integrity_problems() == []


def test_a_failed_creation_leaves_no_file(tmp_path):
    path = tmp_path / "new.kapnotes"
    with pytest.raises(PracticeError, match="only spaces"):
        open_practice(path, "   ", create=True)
    assert not path.exists()
    with open_practice(path, "a real passphrase", create=True) as practice:
        assert practice.is_encrypted


def test_an_empty_passphrase_is_simply_wrong(tmp_path):
    path = tmp_path / "enc.kapnotes"
    open_practice(path, "a real passphrase", create=True).close()
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        open_practice(path, "")
