"""`kapnotes user add|list|disable|enable|reset`: the practice's clinician accounts (admins).

A new user's first passphrase (and a reset's temporary one) comes from --new-passphrase-file
or $KAPNOTES_NEW_PASSPHRASE, never from an argument in the process list; they change it at
their first sign-in.
"""

from __future__ import annotations

from kapnotes.cli.common import CliError, new_passphrase_from, open_existing, services_for
from kapnotes.domain.users import Role
from kapnotes.services import accounts

HELP = {"user": "add, list, disable, enable or reset the practice's users (admins)"}


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add", help="add a user (first passphrase from a file)", allow_abbrev=False
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=[str(r) for r in Role])
    add.add_argument("--admin", action="store_true", help="may manage users")
    add.add_argument("--credentials", default="", metavar="C", help="MD, NP, LCSW...")
    add.add_argument("--phone", default="", metavar="PHONE")
    add.add_argument("--email", default="", metavar="EMAIL")
    sub.add_parser("list", help="every user, admins first")
    for action, text in (
        ("disable", "a user can no longer sign in (never deleted: history names them)"),
        ("enable", "let a disabled user sign in again"),
        ("reset", "give a user a temporary passphrase (from a file); they change it at sign-in"),
    ):
        p = sub.add_parser(action, help=text, allow_abbrev=False)
        p.add_argument("name", metavar="NAME")
    for p in (add, sub.choices["reset"]):
        p.add_argument("--new-passphrase-file", metavar="FILE", help="first line: the passphrase")


def run(args) -> int:
    action = args.user_command
    if action == "list":
        with open_existing(args) as practice:
            users = practice.list_users()
        for u in users:
            flags = ",".join(
                f for f, on in (("admin", u.is_admin), ("disabled", not u.active),
                                ("must-change", u.must_change_passphrase)) if on
            )  # fmt: skip
            print(f"{u.name}\t{u.role}\t{u.credentials}\t{flags}\t{u.fingerprint}")
        return 0
    new = new_passphrase_from(args) if action in ("add", "reset") else None
    with open_existing(args) as practice:
        ctx = services_for(practice)
        if action == "add":
            user = accounts.add_user(
                ctx, args.name, args.role, new, admin=args.admin, credentials=args.credentials,
                phone=args.phone, email=args.email,
            )  # fmt: skip
            print(f"added {user.name} ({user.role}); key {user.fingerprint}; "
                  "they change the passphrase at first sign-in")  # fmt: skip
        elif action in ("disable", "enable"):
            user = accounts.set_user_active(ctx, args.name, action == "enable")
            print(f"{user.name} is {'enabled' if user.active else 'disabled'}")
        elif action == "reset":
            user = accounts.reset_passphrase(ctx, args.name, new)
            print(f"{user.name} has a temporary passphrase; new key {user.fingerprint}")
        else:  # pragma: no cover - argparse allows only the actions above
            raise CliError(f"unknown action {action}", status=2)
    return 0
