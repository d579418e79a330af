"""`kapnotes export json|pdf ...`: the practice (or one client) as JSON, or a PDF document.

kapnotes export json [--client CHART] -o FILE      (-o - writes to standard output)
kapnotes export pdf ...                            (see pdf_cmd.py)
"""

from __future__ import annotations

import sys
from pathlib import Path

from kapnotes.cli import ledger_export, pdf_cmd
from kapnotes.cli.common import CliError, open_reading, practice_path, services_for

HELP = {"export": "export clients as JSON, or a session, course or REMS record as PDF"}


def add_arguments(parser) -> None:
    kinds = parser.add_subparsers(dest="export_kind", metavar="FORMAT", required=True)
    p = kinds.add_parser("json", help="clients, courses and sessions as KAPNotes JSON")
    p.add_argument("--client", metavar="CHART", help="only the client with this chart number")
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write (- = stdout)"
    )
    p.set_defaults(export_handler=run_json)
    pdf_cmd.add_pdf_parser(kinds)
    ledger_export.add_csv_parser(kinds)


def run(args) -> int:
    return args.export_handler(args)


def _target(args) -> Path | None:
    if args.output == "-":
        return None
    out = Path(args.output).expanduser()
    if out.is_dir():
        raise CliError(f"cannot write {out}: it is a folder")
    if not out.parent.is_dir():
        raise CliError(f"cannot write {out}: folder {out.parent} does not exist")
    if out.exists() and out.resolve() == practice_path(args).resolve():
        raise CliError(f"{out} is the practice database itself; choose another file")
    return out


def run_json(args) -> int:
    """Write the JSON document whole (a file appears only once complete, readable by its owner)."""
    from kapnotes.export.page import write_private
    from kapnotes.services.documents import export_json
    from kapnotes.store import RecordNotFound

    out = _target(args)

    def write(text: str) -> None:
        if out is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_private(out, text.encode("utf-8"))

    where = "standard output" if out is None else out.name
    with open_reading(args) as practice:
        try:
            clients, sessions = export_json(services_for(practice), args.client, where, write)
        except RecordNotFound as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if out is not None:
        print(f"wrote {out} ({clients} clients, {sessions} sessions)")
    return 0
