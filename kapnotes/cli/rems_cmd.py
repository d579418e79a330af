"""`kapnotes rems due` lists esketamine REMS forms due and overdue (7 days after each
session); `kapnotes rems submit SESSION_ID` records when and how one was submitted."""

from __future__ import annotations

from datetime import date

from kapnotes.cli.common import CliError, open_existing, services_for
from kapnotes.domain.rems import METHODS

HELP = {"rems": "esketamine REMS forms: what is due, and recording a submission"}


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="rems_command", metavar="ACTION", required=True)
    due = sub.add_parser("due", help="forms due and overdue (--all: submitted ones too)")
    due.add_argument("--all", action="store_true", help="also list forms already submitted")
    due.add_argument("--today", metavar="DATE", help="count days from this date (YYYY-MM-DD)")
    submit = sub.add_parser("submit", help="record that a session's form was submitted")
    submit.add_argument("session_id", type=int, metavar="SESSION_ID")
    submit.add_argument("--method", required=True, choices=METHODS, help="online or fax")
    submit.add_argument("--date", metavar="DATE", help="the day it was submitted (default: today)")
    submit.add_argument("--confirmation", default="", metavar="NUMBER", help="confirmation number")


def _day(text: str | None, option: str) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{option}: not a date: {text!r} (use YYYY-MM-DD)", status=2) from None


def run(args) -> int:
    from kapnotes.services import rems
    from kapnotes.store import RecordNotFound

    practice = open_existing(args)
    try:
        if args.rems_command == "submit":
            when = _day(args.date, "--date")
            try:
                rems.record_submission(services_for(practice), args.session_id, when, args.method, args.confirmation)  # fmt: skip
            except RecordNotFound as exc:
                raise CliError(str(exc)) from None
            print(f"recorded: session {args.session_id} submitted {when} by {args.method}")
            return 0
        today = _day(args.today, "--today")
        forms = practice.rems_forms(today, pending_only=not args.all)
    finally:
        practice.close()
    if not forms:
        print("No REMS forms due." if not args.all else "No esketamine sessions.")
        return 0
    print(f"{'session':>7}  {'chart':<12} {'session date':<12} {'due':<10}  status")
    for f in forms:
        st = f.status
        if st.state == "submitted":
            last = f.session.rems_submissions[-1]
            state = f"submitted {last.submitted_on} ({last.method})"
        elif st.state == "overdue":
            state = f"OVERDUE by {-st.days_left} day{'s' if st.days_left != -1 else ''}"
        else:
            state = f"due in {st.days_left} day{'s' if st.days_left != 1 else ''}"
        print(f"{f.session.id:>7}  {f.client.chart:<12} {f.session.date.isoformat():<12} {st.due.isoformat():<10}  {state}")  # fmt: skip
    return 0
