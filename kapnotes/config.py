"""Where KAPNotes keeps its files; every path can be overridden (tests, --data-dir)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "KAPNotes"
DATABASE_NAME = "practice.kapnotes"
DATA_DIR_ENV = "KAPNOTES_DATA_DIR"
PASSPHRASE_ENV = "KAPNOTES_PASSPHRASE"
# The demo practice holds fictional clients only; its passphrase is documented in README.md.
DEMO_PASSPHRASE = "kapnotes-demo"
_PACKAGE = Path(__file__).resolve().parent


def default_data_dir() -> Path:
    """The per-user data folder, unless KAPNOTES_DATA_DIR says otherwise."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: most commands and the window's first paint never need it

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database_path(data_dir: Path | None = None) -> Path:
    """The practice database inside a data folder."""
    return (data_dir or default_data_dir()) / DATABASE_NAME


def log_path(data_dir: Path | None = None) -> Path:
    """The error log inside a data folder (never holds note text)."""
    return (data_dir or default_data_dir()) / "kapnotes.log"


def backup_dir(data_dir: Path | None = None) -> Path:
    """Where automatic and manual backups of the practice are kept."""
    return (data_dir or default_data_dir()) / "backups"


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by its owner only."""
    os.umask(0o077)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def resource_path(name: str) -> Path:
    """A file from resources/: kapnotes/resources/ in the installed wheel, else the checkout's.

    (pyproject maps the top-level resources/ folder to the kapnotes.resources package, so a wheel
    holds it beside this file; a checkout, editable install or not, has it one level up.)
    """
    installed = _PACKAGE / "resources"
    return (installed if installed.is_dir() else _PACKAGE.parent / "resources") / name


def default_export_dir() -> Path:
    """Where exports are offered the first time: the user's documents folder (the home
    folder where a system has none). ui/exports.py remembers the last folder chosen after."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()
