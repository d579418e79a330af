"""`kapnotes export pdf ...`: session notes, course summaries and REMS records as PDF.

Registered as the `pdf` sub-command of `kapnotes export` (see export_cmd.py).
"""

from __future__ import annotations

HELP = "session note, course summary or esketamine monitoring record as PDF"


def add_pdf_parser(subparsers) -> None:
    """Add `pdf` to the sub-commands of `kapnotes export`."""
    p = subparsers.add_parser("pdf", help=HELP, description=HELP)
    p.set_defaults(export_handler=run_pdf)


def run_pdf(args) -> int:
    from kapnotes.cli.common import CliError

    raise CliError("PDF export is not available yet", status=2)
