"""`kapnotes export pdf ledger` and `kapnotes export ledger-csv`: the ledger's reports.

kapnotes export pdf ledger [--since D] [--until D] [--report KIND] [--lot LOT] -o FILE
kapnotes export ledger-csv [--since D] [--until D] [--report KIND] [--lot LOT] -o FILE

(`kapnotes export csv` is the whole practice as CSV files, issue 16; the ledger's reports are a
format of their own beside it.)
"""

from __future__ import annotations

from pathlib import Path

from kapnotes.cli.common import CliError, open_reading, services_for
from kapnotes.cli.ledger_cmd import parse_day
from kapnotes.export.ledger_report import REPORTS
from kapnotes.services import ledger

HELP = "the controlled-substance ledger's reports for a date range"


def add_ledger_arguments(parser) -> None:
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="from this date (the first entry)")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="to this date (today)")
    parser.add_argument("--report", choices=list(REPORTS), default="all",
                        help="which report (default: all of them)")  # fmt: skip
    parser.add_argument("--lot", metavar="LOT", help="one lot's history")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")


def add_csv_parser(subparsers) -> None:
    """`ledger-csv` among the formats of `kapnotes export`."""
    p = subparsers.add_parser("ledger-csv", help="the ledger's reports as CSV", description=HELP)
    add_ledger_arguments(p)
    p.set_defaults(export_handler=lambda args: run_ledger_export(args, "csv"))


def run_ledger_export(args, fmt: str) -> int:
    from kapnotes.export.ledger_pdf import export_ledger_pdf
    from kapnotes.export.ledger_report import build_report, write_csv

    since, until = parse_day(args.since, "--since"), parse_day(args.until, "--until")
    if since and until and since > until:
        raise CliError("--since is after --until", status=2)
    kind = "lot" if args.lot and args.report == "all" else args.report
    if kind == "lot" and not args.lot:
        raise CliError("the lot history needs --lot LOT", status=2)
    out = Path(args.output).expanduser()
    if not out.parent.is_dir():
        raise CliError(f"cannot write {out}: folder {out.parent} does not exist")
    with open_reading(args) as practice:
        if args.lot:
            practice.ledger_lot(args.lot)  # an unknown lot: one line
        report = build_report(practice, kind, since, until, args.lot)
        try:
            if fmt == "pdf":
                pages = export_ledger_pdf(report, out).pages
                done = f"{pages} page{'s' if pages != 1 else ''}"
            else:
                write_csv(report, out)
                done = f"{sum(len(s.rows) for s in report.sections)} rows"
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
        ledger.record_export(
            services_for(practice), f"ledger {kind} report {report.range_text} as {fmt.upper()}"
        )
    print(f"wrote {out} ({done})")
    return 0
