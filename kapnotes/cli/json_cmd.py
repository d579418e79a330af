"""`kapnotes import FILE.json`: clients, courses and sessions from a KAPNotes JSON file.

The whole file is checked before anything is written, then inserted in one transaction: a bad
file or a chart number already in the practice imports nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kapnotes import config
from kapnotes.cli.common import (
    CliError,
    open_or_create,
    passphrase_from,
    practice_path,
    services_for,
)

HELP = {"import": "import clients from a KAPNotes JSON file (all or nothing)"}


def add_arguments(parser) -> None:
    parser.add_argument(
        "file", metavar="FILE.json", help="a file from `kapnotes export json` (- = stdin)"
    )


def read_document(name: str):
    """The decoded JSON of a file (or stdin for "-"), strictly (duplicate keys, huge numbers);
    an unreadable file or invalid JSON is a one-line CliError."""
    from kapnotes.export.json_format import FormatError, decode

    try:
        if name == "-":
            raw = sys.stdin.buffer.read()
        else:
            path = Path(name).expanduser()
            if path.is_dir():
                raise CliError(f"{name} is a folder, not a JSON file")
            raw = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        return decode(raw, name)
    except FormatError as exc:
        raise CliError(f"{name}: {exc}; nothing was imported") from None


def run(args) -> int:
    from kapnotes.export.json_format import FormatError, parse_document
    from kapnotes.services.transfer import import_bundles

    data = read_document(args.file)
    try:
        bundles, settings = parse_document(data)
    except FormatError as exc:
        raise CliError(f"{args.file}: {exc}; nothing was imported") from None
    name = Path(args.file).name if args.file != "-" else "standard input"
    if not practice_path(args).exists() and not passphrase_from(args):
        # Health records never start life unencrypted: a new practice needs its passphrase.
        raise CliError(
            "a new practice is encrypted: give its passphrase with --passphrase-file FILE "
            f"or ${config.PASSPHRASE_ENV}; nothing was imported"
        )
    with open_or_create(args) as practice:
        summary = import_bundles(services_for(practice), bundles, settings, name)
        path = practice.path
    print(
        f"imported {summary.clients} clients, {summary.courses} courses and "
        f"{summary.sessions} sessions into {path}"
    )
    return 0
