"""Start-up checks: damaged or truncated files are reported, never recreated or overwritten."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import date

import pytest

from kapnotes.domain.records import Client, Session
from kapnotes.store import PracticeCorrupt, PracticeError, WrongPassphrase, open_practice

PASS = "startup passphrase"


def _make(path, passphrase, sessions=60):
    with open_practice(path, passphrase, create=True) as p:
        client = Client(chart="S-1", name="Start Up")
        p.save_client(client)
        for i in range(sessions):
            note = {"Note": "word " * 200 + str(i)}
            p.save_session(
                Session(client_id=client.id, course_id=None, date=date(2026, 1, 1), narrative=note)
            )


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_truncated_file_is_corrupt_and_left_alone(tmp_path, passphrase):
    path = tmp_path / "p.kapnotes"
    _make(path, passphrase)
    data = path.read_bytes()
    cut = data[: len(data) // 2]
    path.write_bytes(cut)
    with pytest.raises(PracticeCorrupt, match="damaged"):
        open_practice(path, passphrase)
    assert path.read_bytes() == cut


@pytest.mark.parametrize("passphrase", [None, PASS])
def test_damaged_page_in_the_middle_is_corrupt(tmp_path, passphrase):
    path = tmp_path / "p.kapnotes"
    _make(path, passphrase)
    data = bytearray(path.read_bytes())
    page = (len(data) // 4096 // 2) * 4096
    if passphrase is None:
        # A page that holds notes: the middle one may be an empty index page (the ledger's),
        # whose unused bytes no check can miss.
        with closing(sqlite3.connect(path)) as con:
            pages = [n for (n,) in con.execute(
                "SELECT pageno FROM dbstat WHERE name = 'sessions' AND pagetype = 'leaf' "
                "ORDER BY pageno")]  # fmt: skip
        page = (pages[len(pages) // 2] - 1) * 4096
    data[page + 50 : page + 3000] = os.urandom(2950)
    path.write_bytes(bytes(data))
    with pytest.raises(PracticeCorrupt):
        open_practice(path, passphrase)
    assert path.read_bytes() == bytes(data)


def test_damaged_first_page_of_an_encrypted_file(tmp_path):
    path = tmp_path / "p.kapnotes"
    _make(path, PASS)
    data = bytearray(path.read_bytes())
    data[100:400] = os.urandom(300)
    path.write_bytes(bytes(data))
    with pytest.raises(PracticeCorrupt):
        open_practice(path, PASS)
    with pytest.raises(WrongPassphrase):
        open_practice(path, "another passphrase")


def test_store_methods_raise_store_errors_only(practice):
    """A database error in any API method comes out as a PracticeError with a clear line."""
    practice.db.conn.close()
    with pytest.raises(PracticeError):
        practice.list_clients()
    with pytest.raises(PracticeError):
        practice.record_event("print")
