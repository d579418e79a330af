"""`kapnotes audit verify` and `kapnotes audit list [--client CHART] [--action A] ...`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from kapnotes.cli.common import CliError, open_reading, passphrase_from
from kapnotes.store.accounts import database_key_for
from kapnotes.store.audit import compare_with_older
from kapnotes.store.backup import verify_file
from kapnotes.store.connection import ENCRYPTED, connect, file_kind

HELP = {"audit": "check or list the audit trail (who did what, when)"}


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify", help="recompute the hash chain; report the first broken entry"
    )
    verify.add_argument(
        "--against",
        metavar="BACKUP",
        help="also check that every entry of an older backup is still here (finds cut-off entries)",
    )
    lister = sub.add_parser("list", help="entries, newest first")
    lister.add_argument("--client", metavar="CHART", help="only this client's entries")
    lister.add_argument("--action", metavar="A", help="only this action (open, change, sign...)")
    lister.add_argument("--since", metavar="DATE", help="from this date (YYYY-MM-DD[THH:MM])")
    lister.add_argument("--until", metavar="DATE", help="up to this date")
    lister.add_argument("--limit", type=int, default=100, metavar="N", help="at most N (100)")


def _when(text: str | None, option: str, end_of_day: bool = False) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option}: not a date: {text!r} (use YYYY-MM-DD)", status=2) from None
    if end_of_day and len(text) <= 10:
        value = value.replace(hour=23, minute=59, second=59)
    return value


def _against(practice, args):
    """Compare with a backup, opened read-only with the same passphrase."""
    backup = Path(args.against).expanduser()
    passphrase = database_key_for(backup, passphrase_from(args), getattr(args, "user", None))
    verify_file(backup, passphrase)
    conn = connect(backup, passphrase if file_kind(backup) == ENCRYPTED else None)
    try:
        return compare_with_older(practice.db, Database(conn, execute_plugins=False))
    finally:
        conn.close()


def run(args) -> int:
    if args.audit_command == "verify":
        with open_reading(args) as practice:
            check = practice.verify_audit()
            if check.ok and args.against:
                check = _against(practice, args)
        if not check.ok:
            raise CliError(check.message)
        print(check.message)
        return 0
    since = _when(args.since, "--since")
    until = _when(args.until, "--until", end_of_day=True)
    with open_reading(args) as practice:
        client_id = None
        if args.client:
            client = practice.find_client(args.client)
            if client is None:
                raise CliError(f"no client with chart {args.client}")
            client_id = client.id
        found = practice.audit_entries(
            client_id=client_id, action=args.action, since=since, until=until, limit=args.limit
        )
    for e in found:
        fields = ",".join(e.fields)
        print(
            f"{e.id}\t{e.time.isoformat(sep=' ')}\t{e.actor}\t{e.action}\t{e.record}\t"
            f"{fields}\t{e.detail}"
        )
    return 0
