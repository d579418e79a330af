"""`kapnotes passphrase encrypt` killed with SIGKILL at random moments (issue 12 item 13):
whatever moment it dies, no plaintext copy of the practice is left once it is encrypted, the
practice opens (plain or encrypted, whole), and the next open removes any leftover and says so."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from crash_harness import child_env, needs_sigkill, start_python

from kapnotes import config
from kapnotes.domain.records import Client, Session
from kapnotes.store import open_practice
from kapnotes.store.connection import ENCRYPTED, PLAIN, file_kind
from kapnotes.store.demo import build_demo

KILLS = 22
CANARY = b"CANARY-plaintext-7f3a"
NEW = "a new passphrase for the kill test"

pytestmark = needs_sigkill


def _cli(data: Path, *argv: str) -> subprocess.Popen:
    env = child_env(KAPNOTES_NEW_PASSPHRASE=NEW, **{config.PASSPHRASE_ENV: NEW})
    return start_python("-m", "kapnotes", "--data-dir", str(data), *argv, env=env)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> tuple[Path, int]:
    """A plain practice of a few MB whose every client name and note carries the canary."""
    folder = tmp_path_factory.mktemp("template")
    path = config.database_path(folder)
    with open_practice(path, create=True) as practice:
        build_demo(practice, clients=30, sessions_per_client=8, seed=5)
        client = Client(chart="CANARY-1", name=CANARY.decode())
        practice.save_client(client)
        for day in range(1, 29):
            note = {"Note": (CANARY.decode() + " ") * 200}
            practice.save_session(Session(client.id, None, _day(day), narrative=note))
        clients = practice.count("clients")
    return folder, clients


def _day(n: int):
    from datetime import date

    return date(2026, 2, n)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".lock")]


def _plaintext_copies(folder: Path, practice: Path) -> list[str]:
    """Files holding the canary in the clear, other than a still-plain practice (with its WAL)."""
    plain_practice = file_kind(practice) == PLAIN
    found = []
    for p in _files(folder):
        if plain_practice and p in (practice, Path(f"{practice}-wal")):
            continue
        if CANARY in p.read_bytes():
            found.append(p.name)
    return found


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in _files(folder) if p.name.endswith((".partial", ".encrypting"))]


def test_a_killed_encryption_never_leaves_a_plaintext_copy(template, tmp_path):
    source, clients = template
    rng = random.Random(20261129)
    data = tmp_path / "data"
    # One uninterrupted run: how long the command takes, and that it ends clean.
    shutil.copytree(source, data)
    started = time.monotonic()
    done = _cli(data, "passphrase", "encrypt")
    out, err = done.communicate(timeout=120)
    duration = time.monotonic() - started
    assert done.returncode == 0, err.decode()
    assert _plaintext_copies(data, config.database_path(data)) == []
    outcomes = {PLAIN: 0, ENCRYPTED: 0}
    reported = swept = 0
    # Kill moments spread over the whole run and past its end (a loaded machine runs slower):
    # one random moment in each of KILLS equal slices of 0..2x the uninterrupted duration.
    moments = [duration * 2 * (i + rng.random()) / KILLS for i in range(KILLS)]
    rng.shuffle(moments)
    for _round, moment in enumerate(moments):
        shutil.rmtree(data)
        shutil.copytree(source, data)
        child = _cli(data, "passphrase", "encrypt")
        time.sleep(moment)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        practice = config.database_path(data)
        kind = file_kind(practice)
        outcomes[kind] += 1
        # The moment it died: nothing but the practice itself may hold the records in clear.
        assert _plaintext_copies(data, practice) == [], f"round {_round}"
        had_leftovers = bool(_leftovers(data))
        check = _cli(data, "check")
        out, err = check.communicate(timeout=120)
        assert check.returncode == 0, err.decode()
        if had_leftovers:
            swept += 1
            reported += "leftover file" in err.decode()
        assert _leftovers(data) == []
        with open_practice(practice, NEW if kind == ENCRYPTED else None) as p:
            assert p.count("clients") == clients
            assert p.is_encrypted == (kind == ENCRYPTED)
            assert p.integrity_problems() == [] and p.verify_audit().ok
    print(f"\nencrypt kill test: {KILLS} SIGKILLs, outcomes {outcomes}, {swept} opens swept")
    # The kills landed both before and after the swap, and every sweep was said.
    assert outcomes[PLAIN] and outcomes[ENCRYPTED]
    assert reported == swept


def test_check_names_an_unencrypted_copy_beside_an_encrypted_practice(tmp_path):
    data = tmp_path / "data"
    config.ensure_private_dir(data)
    path = config.database_path(data)
    with open_practice(path, create=True) as practice:
        build_demo(practice, clients=1, sessions_per_client=1, seed=1)
    from kapnotes.store import encrypt_practice

    kept = encrypt_practice(path, NEW, keep_plain_copy=True)
    done = _cli(data, "check")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err.decode()
    assert f"warning: {kept} is an UNENCRYPTED copy" in out.decode()
