"""`kapnotes export pdf ...`: session notes, course summaries and REMS records as PDF.

Registered as the `pdf` sub-command of `kapnotes export` (see export_cmd.py):
    kapnotes export pdf session SESSION_ID -o FILE [--deidentified]
    kapnotes export pdf course CHART [--course ID] [--deidentified] -o FILE
    kapnotes export pdf rems SESSION_ID -o FILE [--deidentified]
    kapnotes export pdf monitoring SESSION_ID -o FILE [--deidentified]
    kapnotes export pdf intake CHART -o FILE
    kapnotes export pdf consent CHART [--consent ID] -o FILE
    kapnotes export pdf ledger [--since D] [--until D] [--report KIND] [--lot LOT] -o FILE
"""

from __future__ import annotations

from pathlib import Path

HELP = "session note, course summary, REMS record, monitoring record, intake or consent as PDF"


def add_pdf_parser(subparsers) -> None:
    """Add `pdf` to the sub-commands of `kapnotes export`."""
    p = subparsers.add_parser("pdf", help=HELP, description=HELP)
    kinds = p.add_subparsers(dest="pdf_kind", metavar="DOCUMENT", required=True)

    session = kinds.add_parser("session", help="the note of one session")
    session.add_argument("session_id", type=int, metavar="SESSION_ID")

    course = kinds.add_parser("course", help="a client's course: sessions, charts, outcome")
    course.add_argument("chart", metavar="CHART", help="the client's chart number")
    course.add_argument(
        "--course",
        type=int,
        dest="course_id",
        metavar="ID",
        help="which course (default: every session of the client)",
    )

    rems = kinds.add_parser("rems", help="esketamine REMS monitoring record of one session")
    rems.add_argument("session_id", type=int, metavar="SESSION_ID")

    monitoring = kinds.add_parser(
        "monitoring", help="monitoring record (flowsheet) of any dosing session"
    )
    monitoring.add_argument("session_id", type=int, metavar="SESSION_ID")

    intake = kinds.add_parser("intake", help="a client's intake, eligibility and consent history")
    intake.add_argument("chart", metavar="CHART", help="the client's chart number")
    consent = kinds.add_parser("consent", help="a consent: full text and both signatures")
    consent.add_argument("chart", metavar="CHART", help="the client's chart number")
    consent.add_argument(
        "--consent", type=int, dest="consent_id", metavar="ID", help="which (default: latest)"
    )
    for sub in (intake, consent):
        sub.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")
        sub.set_defaults(deidentified=False)
    from kapnotes.cli.ledger_export import HELP as LEDGER_HELP
    from kapnotes.cli.ledger_export import add_ledger_arguments

    add_ledger_arguments(kinds.add_parser("ledger", help=LEDGER_HELP))

    for sub in (session, course, rems, monitoring):
        sub.add_argument("-o", "--output", required=True, metavar="FILE", help="PDF file to write")
        sub.add_argument(
            "--deidentified",
            action="store_true",
            help="HIPAA Safe Harbor: study code, days from the course start, text scrubbed",
        )
    p.set_defaults(export_handler=run_pdf)


def run_pdf(args) -> int:
    """Write the requested PDF; unknown ids and wrong session kinds are one-line errors."""
    from kapnotes.cli.common import CliError, open_reading, services_for
    from kapnotes.export.monitoring_pdf import NotDosingSession
    from kapnotes.export.rems_pdf import NotEsketamineSession
    from kapnotes.services import documents
    from kapnotes.store import RecordNotFound

    if args.pdf_kind == "ledger":
        from kapnotes.cli.ledger_export import run_ledger_export

        return run_ledger_export(args, "pdf")
    out = Path(args.output).expanduser()
    if not out.parent.is_dir():
        raise CliError(f"cannot write {out}: folder {out.parent} does not exist")
    practice = open_reading(args)
    ctx = services_for(practice)
    deid = args.deidentified
    try:
        if args.pdf_kind == "session":
            result = documents.export_session_pdf(ctx, args.session_id, out, deidentified=deid)
        elif args.pdf_kind == "monitoring":
            result = documents.export_monitoring_pdf(ctx, args.session_id, out, deidentified=deid)
        elif args.pdf_kind == "rems":
            result = documents.export_rems_pdf(ctx, args.session_id, out, deidentified=deid)
        elif args.pdf_kind == "intake":
            result = documents.export_intake_pdf(ctx, args.chart, out)
        elif args.pdf_kind == "consent":
            result = documents.export_consent_pdf(ctx, args.chart, out, args.consent_id)
        else:
            client = documents.client_by_chart(ctx, args.chart)
            result = documents.export_course_pdf(
                ctx, client.id, args.course_id, out, deidentified=deid
            )
    except RecordNotFound as exc:
        raise CliError(str(exc)) from None
    except NotDosingSession as exc:
        raise CliError(str(exc)) from None
    except NotEsketamineSession as exc:
        raise CliError(f"{exc} The REMS record is only for esketamine sessions.") from None
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        practice.close()
    code = f", study code {result.study_code}" if result.study_code else ""
    print(f"wrote {out} ({result.pages} page{'s' if result.pages != 1 else ''}{code})")
    return 0
