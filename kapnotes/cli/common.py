"""Shared pieces of the command line: global options, opening the practice, error lines."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kapnotes import config
from kapnotes.store.errors import PassphraseRequired, PracticeError, WrongPassphrase

if TYPE_CHECKING:
    # Loaded where used: `kapnotes` (the window) paints its unlock dialog before the store,
    # sqlite-utils and the services are imported (a third of the start).
    from kapnotes.services import ServiceContext
    from kapnotes.store import Practice

NEW_PASSPHRASE_ENV = "KAPNOTES_NEW_PASSPHRASE"
# Each command line run is one attempt: a pause after a wrong passphrase slows scripted guessing
# (the key derivation itself already costs ~0.1 s per try).
WRONG_PASSPHRASE_PAUSE = 1.0

GLOBAL_OPTIONS = {
    "--data-dir": "data_dir",
    "--passphrase-file": "passphrase_file",
    "--user": "user",
    "--recovery-sheet": "recovery_sheet",
}
USER_ENV = "KAPNOTES_USER"


class CliError(Exception):
    """A one-line message for stderr and an exit status."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def extract_global_options(argv: list[str]) -> tuple[list[str], dict[str, str]]:
    """Pull global options (--data-dir DIR, --data-dir=DIR) from anywhere in argv."""
    rest: list[str] = []
    found: dict[str, str] = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name, eq, value = arg.partition("=")
        if name in GLOBAL_OPTIONS:
            if not eq:
                if i + 1 >= len(argv):
                    raise SystemExit(f"kapnotes: {name} needs a value")
                value = argv[i + 1]
                i += 1
            found[GLOBAL_OPTIONS[name]] = value
        else:
            rest.append(arg)
        i += 1
    return rest, found


def checked_data_dir(value: str) -> Path:
    """The folder given with --data-dir, or a one-line CliError: an empty value must not
    quietly mean the default folder (another practice), nor a name too long a traceback."""
    if not value.strip():
        raise CliError("--data-dir is empty: give the folder that holds the practice", status=2)
    if "\x00" in value:
        raise CliError("--data-dir holds a NUL character", status=2)
    folder = Path(value).expanduser()
    limit = os.pathconf("/", "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    for part in folder.parts:
        if len(os.fsencode(part)) > limit:
            raise CliError(
                f"--data-dir: the folder name {part[:20]}… is {len(part)} characters long; "
                f"this system allows at most {limit}",
                status=2,
            )
    return folder


class _QuietFileHandler(logging.FileHandler):
    """The data folder's log for command-line runs; a folder that cannot take it (read-only,
    full, not there) loses the line rather than printing a logging traceback on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        # Opening the file (delay=True) happens outside logging's own guard.
        with contextlib.suppress(OSError):
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


def log_to_data_dir(folder: Path) -> None:
    """Warnings of a command (a setting replaced by its default, leftovers removed) go to
    kapnotes.log in the data folder, as the app's do; never to the terminal as stray lines."""
    logger = logging.getLogger("kapnotes")
    path = config.log_path(folder)
    for handler in logger.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return
    handler = _QuietFileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)


def data_dir(args) -> Path:
    return args.data_dir or config.default_data_dir()


def ensure_data_dir(args) -> Path:
    """Create the data folder (private) or fail with one line (a file in the way, no rights)."""
    folder = data_dir(args)
    if folder.exists() and not folder.is_dir():
        raise CliError(f"the data folder {folder} is a file, not a folder")
    try:
        return config.ensure_private_dir(folder)
    except OSError as exc:
        raise CliError(f"the data folder {folder} cannot be used ({exc.strerror or exc})") from None


def practice_path(args) -> Path:
    return config.database_path(data_dir(args))


def first_line(file_name: str, what: str) -> str:
    """The file's first line without its line ending ("" for an empty file)."""
    try:
        # utf-8-sig: Notepad saves a byte-order mark, which is not part of the passphrase.
        text = Path(file_name).expanduser().read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CliError(f"cannot read {what}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"{what} {file_name} is not UTF-8 text") from None
    lines = text.splitlines()
    return lines[0] if lines else ""


def passphrase_from(args) -> str | None:
    """The passphrase from --passphrase-file or $KAPNOTES_PASSPHRASE, never from argv itself.

    A passphrase on the command line would show in the process list, so there is no option
    for it; the file's first line (without its line ending) is the passphrase.
    """
    file_name = args.passphrase_file
    if file_name:
        value = first_line(file_name, "the passphrase file")
        if not value:
            # Never fall back to another passphrase (the demo's) or to no encryption at all.
            raise CliError(f"the passphrase file {file_name} is empty (its first line is blank)")
        return value
    return os.environ.get(config.PASSPHRASE_ENV) or None


def new_passphrase_from(args) -> str:
    """The new passphrase from --new-passphrase-file or $KAPNOTES_NEW_PASSPHRASE (never argv)."""
    file_name = args.new_passphrase_file
    if file_name:
        value = first_line(file_name, "the new passphrase file")
    else:
        value = os.environ.get(NEW_PASSPHRASE_ENV, "")
    if not value:
        raise CliError(
            f"give the new passphrase with --new-passphrase-file FILE or ${NEW_PASSPHRASE_ENV}"
        )
    return value


def user_from(args) -> str | None:
    """Who signs in: --user NAME or $KAPNOTES_USER; None means the first admin."""
    return getattr(args, "user", None) or os.environ.get(USER_ENV) or None


def write_sheet(practice: Practice, target: Path) -> Path:
    """The new practice's Emergency access sheet (recovery key, first admin's fingerprint)."""
    from kapnotes.export.recovery_sheet import write_practice_sheet  # reportlab: load late

    try:
        return write_practice_sheet(practice, target)
    except OSError as exc:
        raise CliError(
            f"the Emergency access sheet could not be written to {target} ({exc.strerror or exc})"
        ) from None


def _open_error(exc: PracticeError) -> CliError:
    if isinstance(exc, WrongPassphrase) and not isinstance(exc, PassphraseRequired):
        time.sleep(WRONG_PASSPHRASE_PAUSE)
    if isinstance(exc, PassphraseRequired):
        return CliError(f"{exc} Use --passphrase-file FILE or ${config.PASSPHRASE_ENV}.")
    return CliError(str(exc))


def _record_open(practice: Practice, args) -> None:
    """Opening from the command line is an access: note it in the audit trail (the command's
    name only: its arguments may hold search words). Leftovers the open removed are said."""
    report = practice.leftover_report
    if report:
        print(f"kapnotes: {report}", file=sys.stderr)
    command = args.command or "gui"
    from kapnotes.services import practice as services_practice

    services_practice.opened(practice, f"command line: kapnotes {command}")


def open_existing(args) -> Practice:
    """Open the practice of the data folder, or fail with a one-line message."""
    path = practice_path(args)
    if not path.exists():
        raise CliError(
            f"no practice in {path.parent} (run `kapnotes demo` or `kapnotes import FILE` first)"
        )
    try:
        from kapnotes.store import open_practice  # here: `kapnotes` (the window) starts faster

        practice = open_practice(path, passphrase_from(args), user=user_from(args))
    except PracticeError as exc:
        raise _open_error(exc) from None
    _record_open(practice, args)
    return practice


def open_reading(args) -> Practice:
    """Open the practice to read it (export, check, search, audit, backup): no writer lock,
    nothing written to the file, so it works beside the open app, on read-only media and on a
    full disk. A practice an older KAPNotes made is opened as a writer once, to migrate it."""
    from kapnotes.store.readonly import NeedsUpgrade, open_readonly

    path = practice_path(args)
    if not path.exists():
        return open_existing(args)  # the same one-line message
    try:
        # With accounts the user's passphrase opens their key slot (--user; the first admin).
        practice = open_readonly(path, passphrase_from(args), user_from(args))
    except NeedsUpgrade:
        return open_existing(args)
    except PracticeError as exc:
        raise _open_error(exc) from None
    _record_open(practice, args)
    if getattr(practice, "audit_unavailable", ""):
        print(
            "kapnotes: note: this access could not be added to the audit trail "
            "(the practice cannot be written here: read-only or a full disk)",
            file=sys.stderr,
        )
    return practice


def open_or_create(
    args, default_passphrase: str | None = None, *, demo_user: str | None = None
) -> Practice:
    """Open the practice of the data folder, creating one if there is none.

    A new practice is encrypted with the given passphrase (--passphrase-file or
    $KAPNOTES_PASSPHRASE), else with `default_passphrase` (the demo's). Creating one needs
    --recovery-sheet PATH for its Emergency access sheet; only the demo (`demo_user` given,
    fictional data) writes the sheet into the data folder instead, and says so.
    """
    path = practice_path(args)
    passphrase = passphrase_from(args) or default_passphrase
    ensure_data_dir(args)
    creating = not path.exists()
    sheet = getattr(args, "recovery_sheet", None)
    if creating and passphrase and not sheet and demo_user is None:
        raise CliError(
            "creating a practice needs --recovery-sheet PATH: its Emergency access sheet holds "
            "the recovery key (print it, lock it away, delete the file)"
        )
    try:
        from kapnotes.store import open_practice

        practice = open_practice(
            path, passphrase, create=creating, user=user_from(args) or demo_user
        )
    except PracticeError as exc:
        raise _open_error(exc) from None
    if creating and practice.user is not None:
        target = Path(sheet).expanduser() if sheet else data_dir(args) / "emergency-access.pdf"
        try:
            written = write_sheet(practice, target)
        except CliError:
            practice.close()
            raise
        note = "" if sheet else " (demo data is fictional; a real practice keeps it on paper only)"
        print(f"Emergency access sheet written to {written}{note}")
    _record_open(practice, args)
    return practice


def services_for(practice: Practice) -> ServiceContext:
    """The context the service actions of one command run in (nobody listens to its feed)."""
    from kapnotes.services import ServiceContext

    return ServiceContext(practice)
