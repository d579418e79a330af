"""`kapnotes` / `kapnotes gui`: start the desktop app."""

from __future__ import annotations

from kapnotes.cli.common import CliError, ensure_data_dir

HELP = {"gui": "start the desktop app (the default with no command)"}


def add_arguments(parser) -> None:
    parser.add_argument("--no-demo", action="store_true", help="do not create a demo practice")


def run(args) -> int:
    """Start the window; a missing Qt installation is one clear line, not a traceback."""
    from kapnotes.preflight import gui_problem

    problem = gui_problem()  # before Qt loads: name the missing system packages in one line
    if problem:
        raise CliError(problem)
    try:
        from kapnotes.ui.app import run_gui
    except ImportError as exc:
        raise CliError(
            f"the desktop app cannot start: {exc} (run `python3 tasks.py run`)"
        ) from None
    ensure_data_dir(args)  # a file named like the folder: one line, before any window
    return run_gui(args)
