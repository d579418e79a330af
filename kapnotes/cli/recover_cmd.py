"""`kapnotes recover --recovery-key-file FILE`: emergency access with the recovery key.

The recovery key (on the Emergency access sheet) is the database key itself: it opens the
practice even when the key file beside it is lost or damaged. An admin (--user, default the
first) gets a new passphrase from --new-passphrase-file or $KAPNOTES_NEW_PASSPHRASE and a new
signing key; the audit trail records the emergency access.
"""

from __future__ import annotations

from pathlib import Path

from kapnotes.cli.common import CliError, new_passphrase_from, practice_path, user_from
from kapnotes.store.opening import recover_practice

HELP = {"recover": "emergency access: open with the recovery key, set a new admin passphrase"}


def add_arguments(parser) -> None:
    parser.add_argument(
        "--recovery-key-file", required=True, metavar="FILE",
        help="a file holding the 64 hex digits of the recovery key",
    )  # fmt: skip
    parser.add_argument("--new-passphrase-file", metavar="FILE", help="first line: new passphrase")


def run(args) -> int:
    path = practice_path(args)
    if not path.exists():
        raise CliError(f"no practice at {path}")
    try:
        key = Path(args.recovery_key_file).expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(
            f"cannot read the recovery key file: {getattr(exc, 'strerror', exc)}"
        ) from None
    key = "".join(key.replace("Recovery key:", "").split())
    new = new_passphrase_from(args)
    practice = recover_practice(path, key, user_from(args), new)
    with practice:
        name = practice.user.name
        fingerprint = practice.user.fingerprint
    print(f"emergency access recorded; {name} signs in with the new passphrase (key {fingerprint})")
    return 0
