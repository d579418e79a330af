"""`kapnotes restore FILE`: put a backup in place; the current file is kept aside, not lost."""

from __future__ import annotations

from pathlib import Path

from kapnotes.cli.common import CliError, passphrase_from, practice_path, user_from
from kapnotes.services.practice import restore_file

HELP = {"restore": "restore a backup (the current practice file is kept aside)"}


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the backup file to restore")


def run(args) -> int:
    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CliError(f"no backup file {source}")
    target = practice_path(args)
    passphrase = passphrase_from(args)
    restored = restore_file(source, target, passphrase, user_from(args))
    restored.practice.close()
    aside = restored.kept
    print(f"restored {source.name} to {target}")
    if aside:
        print(f"the previous practice file is kept as {aside}")
    return 0
