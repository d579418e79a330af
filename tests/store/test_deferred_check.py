"""quick_check off the app's first paint: reads go on, writes wait for it, a damaged file is
refused before anything is written (kapnotes/store/integrity.py)."""

from __future__ import annotations

import threading

import pytest

from kapnotes.domain.records import Client
from kapnotes.store import PracticeCorrupt, open_practice
from kapnotes.store.integrity import DeferredCheck


def _practice_with_clients(path, n=400, passphrase=None):
    practice = open_practice(path, passphrase, create=True)
    for i in range(n):
        practice.save_client(Client(chart=f"C{i:04}", name=f"Client number {i} " + "x" * 60))
    practice.close()


def _damage_last_pages(path, pages=3):
    raw = bytearray(path.read_bytes())
    raw[-4096 * pages :] = b"\xa5" * (4096 * pages)
    path.write_bytes(bytes(raw))


def test_a_healthy_practice_opens_before_its_check_and_writes_after_it(tmp_path):
    path = tmp_path / "p.kapnotes"
    _practice_with_clients(path)
    practice = open_practice(path, defer_check=True)
    try:
        assert practice._integrity is not None  # the check was left to the background
        assert len(practice.list_clients()) == 400  # reads do not wait
        practice.save_client(Client(chart="NEW", name="Written after the check"))
        assert practice.integrity_error() is None
        assert practice._integrity is None  # the write gate is off once the file is healthy
        assert practice.find_client("NEW").name == "Written after the check"
    finally:
        practice.close()


def test_an_encrypted_practice_is_checked_with_its_key(tmp_path):
    path = tmp_path / "e.kapnotes"
    _practice_with_clients(path, n=50, passphrase="s3cret phrase")
    practice = open_practice(path, "s3cret phrase", defer_check=True)
    try:
        assert practice.integrity_error(wait=True) is None
        practice.save_client(Client(chart="E1", name="Encrypted write"))
    finally:
        practice.close()


def test_a_damaged_practice_is_refused_before_anything_is_written(tmp_path):
    path = tmp_path / "p.kapnotes"
    _practice_with_clients(path)
    _damage_last_pages(path)
    with pytest.raises(PracticeCorrupt):
        open_practice(path).close()  # the usual open finds it at once
    before = path.read_bytes()
    try:
        practice = open_practice(path, defer_check=True)
    except PracticeCorrupt:
        return  # the damage showed while opening: also before any write
    try:
        with pytest.raises(PracticeCorrupt):
            practice.save_client(Client(chart="LOST", name="Must not be written"))
        assert isinstance(practice.integrity_error(), PracticeCorrupt)
        with pytest.raises(PracticeCorrupt):
            practice.record_event("open", detail="opened in the app")
    finally:
        practice.close()
    assert path.read_bytes() == before


def test_a_write_waits_for_the_check_to_finish(tmp_path):
    path = tmp_path / "p.kapnotes"
    _practice_with_clients(path, n=20)
    release = threading.Event()
    order = []
    practice = open_practice(path)
    try:
        from kapnotes.store.connection import connect

        def slow_connect():
            release.wait(10)
            order.append("checked")
            return connect(path)

        practice.defer_integrity_check(DeferredCheck(path, slow_connect))
        assert practice.integrity_pending  # asking starts it
        threading.Timer(0.2, release.set).start()
        practice.save_client(Client(chart="W", name="Waited"))
        order.append("written")
        assert order == ["checked", "written"]
    finally:
        practice.close()


def test_a_new_or_migrating_practice_is_checked_at_once(tmp_path):
    path = tmp_path / "new.kapnotes"
    practice = open_practice(path, create=True, defer_check=True)
    try:
        assert practice._integrity is None
    finally:
        practice.close()


def test_the_check_waits_for_its_start_and_a_write_starts_it(tmp_path):
    path = tmp_path / "p.kapnotes"
    _practice_with_clients(path, n=20)
    practice = open_practice(path, defer_check=True)
    try:
        assert not practice._integrity._started  # the app starts it after its first paint
        practice.save_client(Client(chart="S", name="Started by the write"))
        assert practice._integrity is None or practice._integrity.done()
        assert practice.integrity_error() is None
    finally:
        practice.close()
