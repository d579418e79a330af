"""`kapnotes` / `kapnotes gui`: start the desktop app."""

from __future__ import annotations

HELP = {"gui": "start the desktop app (the default with no command)"}


def add_arguments(parser) -> None:
    parser.add_argument("--no-demo", action="store_true", help="do not create a demo practice")


def run(args) -> int:
    try:
        from kapnotes.ui.app import run_gui
    except ImportError:
        print("The KAPNotes window is not built yet; use the commands (kapnotes --help).")
        return 0
    return run_gui(args)
