"""Shared pieces of the command line: global options, opening the practice, error lines."""

from __future__ import annotations

from pathlib import Path

from kapnotes import config
from kapnotes.store import Practice, PracticeError, open_practice

GLOBAL_OPTIONS = {"--data-dir": "data_dir"}


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


def data_dir(args) -> Path:
    return args.data_dir or config.default_data_dir()


def practice_path(args) -> Path:
    return config.database_path(data_dir(args))


def open_existing(args) -> Practice:
    """Open the practice of the data folder, or fail with a one-line message."""
    path = practice_path(args)
    if not path.exists():
        raise CliError(
            f"no practice in {path.parent} (run `kapnotes demo` or `kapnotes import FILE` first)"
        )
    try:
        return open_practice(path)
    except PracticeError as exc:
        raise CliError(str(exc)) from None


def open_or_create(args) -> Practice:
    """Open the practice of the data folder, creating an empty one if there is none."""
    path = practice_path(args)
    try:
        config.ensure_private_dir(path.parent)
        return open_practice(path, create=not path.exists())
    except PracticeError as exc:
        raise CliError(str(exc)) from None
