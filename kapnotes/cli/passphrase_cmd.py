"""`kapnotes passphrase change` / `kapnotes passphrase encrypt`.

The current passphrase comes from --passphrase-file or $KAPNOTES_PASSPHRASE, the new one from
--new-passphrase-file or $KAPNOTES_NEW_PASSPHRASE: never from an argument in the process list.
"""

from __future__ import annotations

from kapnotes import config
from kapnotes.cli.common import (
    CliError,
    data_dir,
    new_passphrase_from,
    open_existing,
    practice_path,
    services_for,
)
from kapnotes.services import practice as services_practice
from kapnotes.store.backup import list_backups
from kapnotes.store.connection import SQLITE_HEADER

HELP = {"passphrase": "change the passphrase, or encrypt an unencrypted practice"}


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    # No abbreviations: `--new-passphrase SECRET` must fail, not be read as a file name.
    change = sub.add_parser(
        "change", help="re-key an encrypted practice with a new passphrase", allow_abbrev=False
    )
    encrypt = sub.add_parser("encrypt", help="encrypt an unencrypted practice", allow_abbrev=False)
    encrypt.add_argument(
        "--keep-plain-copy",
        action="store_true",
        help="keep the unencrypted original beside the practice (default: wipe it)",
    )
    for p in (change, encrypt):
        p.add_argument("--new-passphrase-file", metavar="FILE", help="first line: new passphrase")


def run(args) -> int:
    new = new_passphrase_from(args)
    if args.passphrase_command == "change":
        with open_existing(args) as practice:
            services_practice.change_passphrase(services_for(practice), new)
        print("passphrase changed (backups made before keep the old passphrase)")
        return 0
    path = practice_path(args)
    if not path.exists():
        raise CliError(f"no practice at {path}")
    encrypted = services_practice.encrypt_file(path, new, keep_plain_copy=args.keep_plain_copy)
    encrypted.practice.close()
    kept = encrypted.kept
    print(f"{path} is now encrypted")
    if args.keep_plain_copy:
        print(f"the UNENCRYPTED original is kept as {kept}: delete it once you no longer need it")
    else:
        print(f"the original was wiped; its content is kept as the encrypted backup {kept}")
    backups = list_backups(config.backup_dir(data_dir(args)), path.stem)
    plain = [b for b in backups if _is_plain(b.path)]
    if plain:
        print(
            f"note: {len(plain)} older backup(s) in {plain[0].path.parent} are NOT encrypted; "
            "delete them once you no longer need them"
        )
    return 0


def _is_plain(path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False
