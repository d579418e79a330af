"""Opening a practice that is missing, locked, damaged or foreign: clear errors, no overwrite."""

from __future__ import annotations

import sqlite3

import pytest

from kapnotes.store import (
    NotAPractice,
    PracticeCorrupt,
    PracticeLocked,
    PracticeNotFound,
    open_practice,
)
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


def test_empty_file_becomes_a_practice(tmp_path):
    path = tmp_path / "empty.kapnotes"
    path.write_bytes(b"")
    with open_practice(path) as practice:
        assert practice.schema_version == latest_version()
        assert practice.integrity_problems() == []


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
