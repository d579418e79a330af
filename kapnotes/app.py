"""Entry point: `kapnotes` starts the app; `kapnotes COMMAND ...` runs a command-line tool."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run the GUI or a CLI command and exit with its status."""
    os.umask(0o077)
    from kapnotes.cli import run

    sys.exit(run(sys.argv[1:] if argv is None else argv))
