#!/usr/bin/env python3
"""Set-up in one command: `python3 tasks.py run`, `python3 tasks.py test` or `python3 tasks.py bundle`.

Each creates the virtual environment in .venv (once), installs KAPNotes with its test extra,
then starts the app on a demo practice, runs the whole test suite (the bundle smoke test
included), or builds the one-folder app in dist/KAPNotes/ with PyInstaller.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".kapnotes-installed"


def _has_pip() -> bool:
    """True when .venv exists with a working pip."""
    if not PYTHON.exists():
        return False
    done = subprocess.run([str(PYTHON), "-m", "pip", "--version"], capture_output=True)
    return done.returncode == 0


def ensure_env() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be run by an older python3
        sys.exit("KAPNotes needs Python 3.11 or newer.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and PYTHON.exists():
        return
    if not _has_pip():
        # None yet, or a half-made one (a venv whose creation stopped before pip): start over.
        print("Creating .venv ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            sys.exit(
                f"Could not create .venv ({exc}). On Debian or Ubuntu: "
                "sudo apt install python3-venv, then run this again."
            )
    print("Installing KAPNotes and its test tools ...", flush=True)
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"])
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("run", "test", "bundle"):
        print(__doc__)
        return 2
    ensure_env()
    env = dict(os.environ)
    if argv[0] == "bundle":
        return subprocess.call([str(PYTHON), str(ROOT / "packaging" / "build.py"), *argv[1:]])
    if argv[0] == "run":
        print("KAPNotes: the demo practice's passphrase is kapnotes-demo (see README.md).")
        return subprocess.call([str(PYTHON), "-m", "kapnotes", *argv[1:]], env=env)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return subprocess.call([str(PYTHON), "-m", "pytest", *argv[1:]], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
