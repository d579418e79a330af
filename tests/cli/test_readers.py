"""Commands that only read (issue 12 item 15) open the practice read-only: they work while the
app holds the writer lock, on a read-only folder or file, and on a full disk. Only writers
exclude each other."""

from __future__ import annotations

import hashlib
import re

import pytest
from cli_helpers import assert_one_line_error
from reader_helpers import (
    NOBODY,
    app_holding,
    app_save,
    can_drop_privileges,
    make_read_only,
    readable_copy,
    run_cli,
)

from kapnotes import config
from kapnotes.store import PracticeError, locking, open_practice
from kapnotes.store.demo import build_demo
from kapnotes.store.readonly import ReadOnlyPractice, open_readonly

PASSPHRASE = "reader test passphrase"
READERS = [
    ("check",),
    ("search", "grief"),
    ("export", "json", "-o", "-"),
    ("audit", "list", "--limit", "5"),
    ("audit", "verify"),
    ("backup", "--list"),
]


@pytest.fixture
def practice_path(data_dir):
    path = config.database_path(data_dir)
    config.ensure_private_dir(data_dir)
    with open_practice(path, PASSPHRASE, create=True) as practice:
        build_demo(practice, clients=3, sessions_per_client=4, seed=7)
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_reader_works_while_the_app_holds_the_writer_lock(
    cli, practice_path, tmp_path, monkeypatch
):
    monkeypatch.setenv(config.PASSPHRASE_ENV, PASSPHRASE)
    with app_holding(practice_path, PASSPHRASE) as app:
        for argv in [*READERS, ("backup",)]:
            result = cli(*argv)
            assert result.code == 0, (argv, result.err)
        pdf = tmp_path / "note.pdf"
        assert cli("export", "pdf", "session", "1", "-o", str(pdf)).code == 0
        assert pdf.read_bytes().startswith(b"%PDF")
        # Only writers exclude each other: a second writer is still refused, in one line.
        refused = cli("import", str(tmp_path / "none.json"))
        assert refused.code != 0
        (tmp_path / "doc.json").write_text('{"format": "kapnotes", "version": 1, "clients": []}')
        assert_one_line_error(cli("import", str(tmp_path / "doc.json")), "open in another")
        # The app went on saving while the command line read.
        saved = app_save(app)
    with open_practice(practice_path, PASSPHRASE) as practice:
        assert practice.get_session(saved).narrative == {"Note": "saved by the app"}
        opens = [e.detail for e in practice.audit_entries(action="open")]
        assert "command line: kapnotes export" in opens and "command line: kapnotes check" in opens
        assert practice.audit_entries(action="backup") and practice.audit_entries(action="export")
        assert practice.verify_audit().ok and practice.integrity_problems() == []


def test_a_reader_takes_no_writer_lock(practice_path):
    with open_readonly(practice_path, PASSPHRASE) as reader:
        assert isinstance(reader, ReadOnlyPractice)
        assert not locking.in_use_here(practice_path)
        # A writer can open (and save) while the reader is open, in this very process too.
        with open_practice(practice_path, PASSPHRASE) as writer:
            writer.record_event("print", detail="while a reader is open")
        assert reader.count("clients") == 3
        assert reader.audit_entries(action="print")  # the reader sees the writer's commit
    with (
        pytest.raises(PracticeError, match="read-only"),
        open_readonly(practice_path, PASSPHRASE) as reader,
    ):
        reader.save_settings(reader.settings())


def test_opening_to_read_writes_nothing_but_the_audit_entry(practice_path):
    with open_practice(practice_path, PASSPHRASE) as p:
        before = p.count("audit_log")
    with open_readonly(practice_path, PASSPHRASE) as reader:
        reader.search("grief")
        assert reader.record_event("export", detail="test") == before + 1
        assert reader.audit_unavailable == ""


@pytest.mark.skipif(not can_drop_privileges(), reason="needs root and setpriv to become nobody")
def test_readers_work_on_a_folder_and_file_nobody_may_write(practice_path):
    """Run as `nobody` on files it owns but may not write: what a read-only mount looks like
    to SQLite (root would ignore the permissions, so the test drops to another user)."""
    with readable_copy(practice_path.parent) as folder:
        make_read_only(folder, NOBODY)
        before = _digest(folder / practice_path.name)
        for argv in READERS:
            done = run_cli(folder, *argv, user=NOBODY, passphrase=PASSPHRASE)
            assert done.returncode == 0, (argv, done.stderr)
            assert "Traceback" not in done.stderr
        done = run_cli(folder, "search", "grief", user=NOBODY, passphrase=PASSPHRASE)
        assert "could not be added to the audit trail" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert _digest(folder / practice_path.name) == before
        assert sorted(p.name for p in folder.iterdir()) == [
            "practice.kapnotes",
            "practice.kapnotes.keys",  # accounts: the key slots and the anchor, unchanged
            "practice.kapnotes.keys.anchor",
            "practice.kapnotes.lock",
        ]
        # A writer is refused there with its one line, as before.
        written = run_cli(folder, "demo", "--clients", "1", user=NOBODY, passphrase=PASSPHRASE)
        # (with accounts `demo` signs in as the demo's admin, whom this practice does not know)
        assert written.returncode != 0 and re.search(
            "read-only|not writable|wrong passphrase or unknown user", written.stderr
        )


def test_readers_work_on_a_full_disk(practice_path):
    """A file-size limit of 0 stands in for a full disk: nothing can grow, not even the WAL
    index; reading still works and says that the access was not recorded."""
    before = _digest(practice_path)
    for argv in READERS:
        done = run_cli(practice_path.parent, *argv, fsize=0, passphrase=PASSPHRASE)
        assert done.returncode == 0, (argv, done.stderr)
        assert "Traceback" not in done.stderr
    assert _digest(practice_path) == before


def test_readers_work_on_a_full_disk_while_the_app_is_open(practice_path):
    with app_holding(practice_path, PASSPHRASE) as app:
        for argv in READERS:
            done = run_cli(practice_path.parent, *argv, fsize=0, passphrase=PASSPHRASE)
            assert done.returncode == 0, (argv, done.stderr)
        assert app_save(app) > 0
    with open_practice(practice_path, PASSPHRASE) as practice:
        assert practice.integrity_problems() == [] and practice.verify_audit().ok


def test_a_reader_on_an_older_schema_lets_a_writer_upgrade_it_first(cli, data_dir):
    from sqlite_utils import Database

    from kapnotes.store.readonly import NeedsUpgrade
    from kapnotes.store.schema import latest_version, migrations

    path = config.database_path(data_dir)
    config.ensure_private_dir(data_dir)
    db = Database(path)
    migrations.apply(db, stop_before=migrations._migrations[-1].name)
    db.conn.close()
    with pytest.raises(NeedsUpgrade, match="older KAPNotes"):
        open_readonly(path)
    result = cli("check")
    assert result.code == 0, result.err
    with open_readonly(path) as reader:
        assert reader.schema_version == latest_version()


@pytest.mark.parametrize(
    ("passphrase", "error"),
    [(None, "is encrypted"), ("wrong one", "wrong passphrase"), ("", "wrong passphrase")],
)
def test_a_reader_refuses_a_missing_or_wrong_passphrase_in_one_line(
    cli, practice_path, monkeypatch, passphrase, error
):
    monkeypatch.setattr("kapnotes.cli.common.WRONG_PASSPHRASE_PAUSE", 0)
    monkeypatch.setattr("kapnotes.store.crypto.sleep", lambda s: None)
    if passphrase is not None:
        monkeypatch.setenv(config.PASSPHRASE_ENV, passphrase)
    result = cli("export", "json", "-o", "-")
    if passphrase == "":  # an empty variable means none given
        error = "is encrypted"
    assert_one_line_error(result, error)


@pytest.mark.skipif(not can_drop_privileges(), reason="needs root and setpriv to become nobody")
def test_read_only_media_with_unmerged_changes_is_one_line_never_stale_data(practice_path):
    import subprocess
    import sys

    from reader_helpers import env

    crash = (
        "import os, sys\n"
        "from kapnotes.domain.records import Client\n"
        "from kapnotes.store import open_practice\n"
        "p = open_practice(sys.argv[1], sys.argv[2])\n"
        "p.save_client(Client(chart='WAL-1', name='Only in the WAL'))\n"
        "os._exit(0)\n"  # no checkpoint: the change lives in the -wal file only
    )
    done = subprocess.run(
        [sys.executable, "-c", crash, str(practice_path), PASSPHRASE], env=env(), timeout=60
    )
    assert done.returncode == 0
    wal = practice_path.with_name(practice_path.name + "-wal")
    assert wal.stat().st_size > 0
    practice_path.with_name(practice_path.name + "-shm").unlink()
    with readable_copy(practice_path.parent) as folder:
        make_read_only(folder, NOBODY)
        result = run_cli(folder, "export", "json", "-o", "-", user=NOBODY, passphrase=PASSPHRASE)
        assert result.returncode != 0 and result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "not yet merged" in lines[0], result.stderr
