"""`kapnotes backup`: a verified copy of the practice now (kept in rotation)."""

from __future__ import annotations

from kapnotes import config
from kapnotes.cli.common import data_dir, open_reading, services_for
from kapnotes.services.practice import back_up
from kapnotes.store.backup import list_backups

HELP = {"backup": "back up the practice now (encrypted like the practice, verified)"}


def add_arguments(parser) -> None:
    parser.add_argument("--list", action="store_true", help="list the backups instead")


def run(args) -> int:
    folder = config.backup_dir(data_dir(args))
    if args.list:
        for b in list_backups(folder):
            label = f"\t{b.label}" if b.label else ""
            print(f"{b.path}\t{b.created.isoformat(sep=' ', timespec='seconds')}\t{b.size}{label}")
        return 0
    with open_reading(args) as practice:
        before = set(list_backups(folder, practice.path.stem))
        made = back_up(services_for(practice), folder, keep=practice.settings().backup_keep)
        removed = before - set(list_backups(folder, practice.path.stem))
    print(f"backed up to {made}" + (f" ({len(removed)} old backups removed)" if removed else ""))
    return 0
