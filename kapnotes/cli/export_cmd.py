"""`kapnotes export json|csv|fhir|pdf ...`: the practice (or one client) in a format others read.

kapnotes export json [--client CHART] -o FILE             (-o - writes to standard output)
kapnotes export csv  [--client CHART] [--deidentified] -o DIR
kapnotes export fhir [--client CHART] [--no-pdf] -o bundle.json
kapnotes export pdf ...                                    (see pdf_cmd.py)

Each writes through a temporary file (or folder) and appears only once complete; each export
is an audit entry.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from kapnotes.cli import ledger_export, pdf_cmd
from kapnotes.cli.common import CliError, open_reading, practice_path, services_for

HELP = {"export": "export clients as JSON, CSV or FHIR, or a session, course or REMS record as PDF"}


def add_arguments(parser) -> None:
    kinds = parser.add_subparsers(dest="export_kind", metavar="FORMAT", required=True)
    p = kinds.add_parser("json", help="clients, courses and sessions as KAPNotes JSON")
    p.add_argument("--client", metavar="CHART", help="only the client with this chart number")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write (- = stdout)"
    )
    p.set_defaults(export_handler=run_json)
    p = kinds.add_parser("csv", help="one CSV file per record type, for spreadsheets")
    p.add_argument("--client", metavar="CHART", help="only the client with this chart number")
    p.add_argument("--deidentified", action="store_true",
                   help="HIPAA Safe Harbor: study codes, days instead of dates, names removed")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="an existing folder")
    p.set_defaults(export_handler=run_job, export_kind="csv")
    p = kinds.add_parser("fhir", help="a FHIR R4 Bundle (collection) for an EHR")
    p.add_argument("--client", metavar="CHART", help="only the client with this chart number")
    p.add_argument("--no-pdf", action="store_true",
                   help="attach each signed note as text, not as its PDF (much faster)")  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    p.set_defaults(export_handler=run_job, export_kind="fhir")
    pdf_cmd.add_pdf_parser(kinds)
    ledger_export.add_csv_parser(kinds)


def run(args) -> int:
    return args.export_handler(args)


def _request(args, kind: str):
    from kapnotes.export.jobs import ExportRequest

    if args.output == "-":
        raise CliError(f"{kind.upper()} export needs -o {'DIR' if kind == 'csv' else 'FILE'}, "
                       "not standard output", status=2)  # fmt: skip
    return ExportRequest(
        kind,
        Path(args.output).expanduser(),
        chart=args.client,
        deidentified=getattr(args, "deidentified", False),
        note_pdfs=not getattr(args, "no_pdf", False),
    )


def _run(args, request) -> int:
    from kapnotes.export.jobs import check_request, run_export
    from kapnotes.export.output import ExportError
    from kapnotes.services.documents import record_export

    with open_reading(args) as practice:
        try:
            check_request(practice, request)
            result = run_export(practice, request)
        except ExportError as exc:
            raise CliError(str(exc)) from None
        record_export(services_for(practice), result)
    print(result.summary())
    return 0


def run_job(args) -> int:
    """CSV and FHIR exports (and JSON to a file) through kapnotes.export.jobs."""
    return _run(args, _request(args, args.export_kind))


def run_json(args) -> int:
    """JSON to a file (a job), or streamed to standard output with -o -."""
    if args.output != "-":
        out = Path(args.output).expanduser()
        if out.exists() and out.resolve() == practice_path(args).resolve():
            raise CliError(f"{out} is the practice database itself; choose another file")
        return _run(args, _request(args, "json"))
    from kapnotes.export.jobs import scope_ids
    from kapnotes.export.json_stream import write_json
    from kapnotes.export.output import ExportError
    from kapnotes.services.documents import record_json_to_stdout

    with open_reading(args) as practice:
        try:
            ids = scope_ids(practice, args.client)
        except ExportError as exc:
            raise CliError(str(exc)) from None
        settings = practice.settings() if args.client is None else None
        write_json(practice, sys.stdout.buffer, ids, settings=settings, exported_at=datetime.now())
        sys.stdout.buffer.flush()
        scope = f"client {args.client}" if args.client else f"{len(ids)} clients"
        record_json_to_stdout(services_for(practice), scope)
    return 0
