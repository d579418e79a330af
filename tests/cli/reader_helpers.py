"""Helpers for the read-only tests: an "app" process that holds the writer lock, and running
the command line as a user who really cannot write (root ignores file permissions)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534

APP = textwrap.dedent(
    """
    import sys
    from datetime import date
    from kapnotes.domain.records import Session
    from kapnotes.store import open_practice
    practice = open_practice(sys.argv[1], sys.argv[2] or None)
    client = practice.list_clients()[0]
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "save":
            s = Session(client.id, None, date(2026, 3, 3), narrative={"Note": "saved by the app"})
            practice.save_session(s)
            print(s.id, flush=True)
        else:
            break
    practice.close()
    """
)


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    out.update(extra)
    return out


@contextmanager
def app_holding(path: Path, passphrase: str | None):
    """A second process with the practice open as the app has it (writer lock, connection)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", APP, str(path), passphrase or ""],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        yield proc
    finally:
        if proc.poll() is None:
            proc.stdin.write("quit\n")
            proc.stdin.flush()
            proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        proc.stdin.close()


def app_save(proc) -> int:
    """Ask the app process to save a session; the id it saved."""
    proc.stdin.write("save\n")
    proc.stdin.flush()
    return int(proc.stdout.readline())


def can_drop_privileges() -> bool:
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


@contextmanager
def readable_copy(folder: Path):
    """A copy of a data folder that another user can reach (pytest's tmp is root-only)."""
    base = Path(tempfile.mkdtemp(prefix="kapnotes-ro-", dir="/tmp"))
    os.chmod(base, 0o755)
    target = base / "data"
    shutil.copytree(folder, target)
    try:
        yield target
    finally:
        for p in [target, *target.rglob("*")]:
            os.chmod(p, 0o700 if p.is_dir() else 0o600)
        shutil.rmtree(base)


def make_read_only(folder: Path, owner: int | None) -> None:
    """The folder and everything in it read-only for its owner (and owned by `owner`)."""
    for p in sorted([folder, *folder.rglob("*")], key=lambda p: -len(p.parts)):
        if owner is not None:
            os.chown(p, owner, owner)
        os.chmod(p, 0o500 if p.is_dir() else 0o400)


def run_cli(
    folder: Path,
    *argv: str,
    user: int | None = None,
    fsize: int | None = None,
    passphrase: str = "",
):
    """`kapnotes --data-dir folder argv...` in a new process, as `user` (setpriv), with a file
    size limit standing in for a full disk."""
    prefix = []
    if user is not None:
        prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"]
    code = (
        "import resource, sys\n"
        "if sys.argv[1] != '-':\n"
        "    n = int(sys.argv[1]); resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))\n"
        "from kapnotes.cli import run\n"
        "sys.exit(run(sys.argv[2:]))\n"
    )
    extra = {"KAPNOTES_PASSPHRASE": passphrase} if passphrase else {}
    run_env = env(**extra)
    if not passphrase:
        run_env.pop("KAPNOTES_PASSPHRASE", None)
    return subprocess.run(
        [*prefix, sys.executable, "-c", code, "-" if fsize is None else str(fsize),
         "--data-dir", str(folder), *argv],
        capture_output=True,
        text=True,
        env=run_env,
        timeout=120,
        cwd="/",
    )  # fmt: skip
