"""Rotating the database key while another program writes: a clear "locked", the old key kept.

(With accounts a passphrase change rewrites only a key slot; `rekey` re-encrypts the file.)"""

from __future__ import annotations

import pytest
from sec_helpers import PASSPHRASE, raw_connection

from kapnotes.store import PracticeLocked, keyslots, open_practice


def test_rekey_while_another_program_holds_the_write_lock(tmp_path, monkeypatch):
    monkeypatch.setattr("kapnotes.store.connection.BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "p.kapnotes"
    open_practice(path, PASSPHRASE, create=True).close()
    holder = raw_connection(path, PASSPHRASE)
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO settings (key, value) VALUES ('other program', '1')")
    try:
        with (
            open_practice(path, PASSPHRASE) as practice,
            pytest.raises(PracticeLocked, match="locked by another program"),
        ):
            practice.rekey()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_practice(path, PASSPHRASE) as practice:
        assert practice.verify_audit().ok
    # The staged new key that never took is dropped at that sign-in: one key per slot again.
    assert [len(s.db_keys) for s in keyslots.load(path).slots.values()] == [1]
