"""`kapnotes rekey --recovery-sheet PATH`: rotate the database key (admins).

Every page is re-encrypted under a new random key and every user's slot re-wrapped; nobody's
passphrase changes. The new Emergency access sheet is written first: the old one no longer
opens the practice afterwards. A kill at any moment leaves a practice that opens with the old
key or the new one.
"""

from __future__ import annotations

from pathlib import Path

from kapnotes.cli.common import CliError, open_existing, services_for
from kapnotes.export.recovery_sheet import write_recovery_sheet
from kapnotes.services import accounts

HELP = {"rekey": "rotate the database key (writes a new Emergency access sheet)"}


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    sheet = getattr(args, "recovery_sheet", None)
    if not sheet:
        raise CliError("rekey needs --recovery-sheet PATH for the new Emergency access sheet")
    target = Path(sheet).expanduser()
    with open_existing(args) as practice:
        name = practice.settings().practice_name
        admin = practice.user

        def write(key_hex: str) -> None:
            write_recovery_sheet(target, name, key_hex, admin.name, admin.fingerprint)

        accounts.rekey(services_for(practice), before=write)
    print(f"database key rotated; the new Emergency access sheet is {target} "
          "(the old sheet no longer opens the practice)")  # fmt: skip
    return 0
