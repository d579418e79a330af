"""`kapnotes sign SESSION_ID [--cosign]`: sign (or co-sign) a note as the signed-in user.

The signer's passphrase is asked for again (--passphrase-file or $KAPNOTES_PASSPHRASE, as
for opening); the note gets their Ed25519 signature over what it prints, and is locked.
"""

from __future__ import annotations

import argparse

from kapnotes.cli.common import open_existing, passphrase_from, services_for
from kapnotes.domain.formatting import fmt_datetime
from kapnotes.services import accounts

HELP = {"sign": "sign a note as the signed-in user (--cosign: a prescriber's co-signature)"}


def _session_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("a session id is a number") from None


def add_arguments(parser) -> None:
    parser.add_argument("session_id", type=_session_id, metavar="SESSION_ID")
    parser.add_argument("--cosign", action="store_true", help="co-sign a signed note (prescribers)")


def run(args) -> int:
    passphrase = passphrase_from(args)
    with open_existing(args) as practice:
        ctx = services_for(practice)
        if args.cosign:
            when = accounts.cosign(ctx, args.session_id, passphrase)
            verb = "co-signed"
        else:
            when = accounts.sign(ctx, args.session_id, passphrase)
            verb = "signed"
        user = practice.user
    print(f"session {args.session_id} {verb} by {user.signature_line()} at {fmt_datetime(when)}"
          f" · key {user.fingerprint}")  # fmt: skip
    return 0
