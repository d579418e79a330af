"""`kapnotes findings SESSION_ID`: the rule set's findings on one session, each at its own
severity, exactly as the editor, live mode and the PDFs' Checks table show them."""

from __future__ import annotations

from kapnotes.cli.common import CliError, open_existing

HELP = {"findings": "the checks of one session (error, urgent, warning, caution)"}


def add_arguments(parser) -> None:
    parser.add_argument("session_id", type=int, metavar="SESSION_ID")


def run(args) -> int:
    from kapnotes.domain.findings import by_severity
    from kapnotes.domain.session_safety import incomplete_items
    from kapnotes.domain.validation import validate_session
    from kapnotes.store import RecordNotFound

    practice = open_existing(args)
    try:
        session = practice.get_session(args.session_id)
        client = practice.get_client(session.client_id)
        found = by_severity(validate_session(session, client, practice.settings()))
    except RecordNotFound as exc:
        raise CliError(str(exc)) from None
    finally:
        practice.close()
    for f in found:
        print(f"{f.shown_severity:<8} {f.message}")
    missing = incomplete_items(session)
    if missing and not session.is_signed:
        print(f"{'to sign':<8} acknowledge what is missing: {', '.join(missing)}")
    if not found and not missing:
        print("No findings.")
    # Exit 1 when an error would refuse signing, so scripts can tell.
    return 1 if any(f.is_error for f in found) else 0
