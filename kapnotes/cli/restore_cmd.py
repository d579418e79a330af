"""`kapnotes restore FILE`: put a backup in place; the current file is kept aside, not lost."""

from __future__ import annotations

from pathlib import Path

from kapnotes.cli.common import CliError, passphrase_from, practice_path, user_from
from kapnotes.store import open_practice
from kapnotes.store.accounts import database_key_for
from kapnotes.store.backup import restore_backup

HELP = {"restore": "restore a backup (the current practice file is kept aside)"}


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the backup file to restore")


def run(args) -> int:
    source = Path(args.file).expanduser()
    if not source.is_file():
        raise CliError(f"no backup file {source}")
    target = practice_path(args)
    passphrase, user = passphrase_from(args), user_from(args)
    # With accounts the backup's own key slots say which key opens it (for --user's slot).
    aside = restore_backup(source, target, database_key_for(source, passphrase, user))
    with open_practice(target, passphrase, user=user) as practice:
        kept = f"; the previous file is kept as {aside.name}" if aside else ""
        practice.record_event("restore", detail=f"restored from {source.name}{kept}")
    print(f"restored {source.name} to {target}")
    if aside:
        print(f"the previous practice file is kept as {aside}")
    return 0
