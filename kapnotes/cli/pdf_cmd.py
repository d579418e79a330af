"""`kapnotes export pdf ...`: session notes, course summaries and REMS records as PDF.

Registered as the `pdf` sub-command of `kapnotes export` (see export_cmd.py):
    kapnotes export pdf session SESSION_ID -o FILE [--deidentified]
    kapnotes export pdf course CHART [--course ID] [--deidentified] -o FILE
    kapnotes export pdf rems SESSION_ID -o FILE [--deidentified]
    kapnotes export pdf ledger [--since D] [--until D] [--report KIND] [--lot LOT] -o FILE
"""

from __future__ import annotations

from pathlib import Path

HELP = "session note, course summary or esketamine monitoring record as PDF"


def add_pdf_parser(subparsers) -> None:
    """Add `pdf` to the sub-commands of `kapnotes export`."""
    p = subparsers.add_parser("pdf", help=HELP, description=HELP)
    kinds = p.add_subparsers(dest="pdf_kind", metavar="DOCUMENT", required=True)

    session = kinds.add_parser("session", help="the note of one session")
    session.add_argument("session_id", type=int, metavar="SESSION_ID")

    course = kinds.add_parser("course", help="a client's course: sessions, charts, outcome")
    course.add_argument("chart", metavar="CHART", help="the client's chart number")
    course.add_argument(
        "--course", type=int, dest="course_id", metavar="ID", help="which course (default: latest)"
    )

    rems = kinds.add_parser("rems", help="esketamine REMS monitoring record of one session")
    rems.add_argument("session_id", type=int, metavar="SESSION_ID")

    from kapnotes.cli.ledger_export import HELP as LEDGER_HELP
    from kapnotes.cli.ledger_export import add_ledger_arguments

    add_ledger_arguments(kinds.add_parser("ledger", help=LEDGER_HELP))

    for sub in (session, course, rems):
        sub.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")
        sub.add_argument(
            "--deidentified",
            action="store_true",
            help="chart number and age instead of name and date of birth",
        )
    p.set_defaults(export_handler=run_pdf)


def run_pdf(args) -> int:
    """Write the requested PDF; unknown ids and wrong session kinds are one-line errors."""
    from kapnotes.cli.common import CliError, open_existing
    from kapnotes.export.course_pdf import course_pdf_from_practice
    from kapnotes.export.rems_pdf import NotEsketamineSession, rems_pdf_from_practice
    from kapnotes.export.session_pdf import session_pdf_from_practice
    from kapnotes.store import RecordNotFound

    if args.pdf_kind == "ledger":
        from kapnotes.cli.ledger_export import run_ledger_export

        return run_ledger_export(args, "pdf")
    out = Path(args.output).expanduser()
    if not out.parent.is_dir():
        raise CliError(f"cannot write {out}: folder {out.parent} does not exist")
    practice = open_existing(args)
    try:
        if args.pdf_kind == "session":
            result = session_pdf_from_practice(
                practice, args.session_id, out, deidentified=args.deidentified
            )
            detail = f"session {args.session_id}"
        elif args.pdf_kind == "rems":
            result = rems_pdf_from_practice(
                practice, args.session_id, out, deidentified=args.deidentified
            )
            detail = f"REMS record of session {args.session_id}"
        else:
            result = course_pdf_from_practice(
                practice, args.chart, out, course_id=args.course_id, deidentified=args.deidentified
            )
            detail = f"course summary of chart {args.chart}"
        _record_export(practice, args, detail)
    except RecordNotFound as exc:
        raise CliError(str(exc)) from None
    except NotEsketamineSession as exc:
        raise CliError(f"{exc} The REMS record is only for esketamine sessions.") from None
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        practice.close()
    print(f"wrote {out} ({result.pages} page{'s' if result.pages != 1 else ''})")
    return 0


def _record_export(practice, args, detail: str) -> None:
    """Note the export in the audit trail."""
    practice.record_event(
        "export_pdf",
        session_id=getattr(args, "session_id", None),
        detail=f"{detail}{' (de-identified)' if args.deidentified else ''}",
    )
