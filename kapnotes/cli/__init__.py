"""The command line: `kapnotes [--data-dir DIR] [COMMAND] ...`.

Each command lives in its own module and registers itself in COMMANDS below; every command
gets the data folder (accepted before or after the command name, like `git -C`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from kapnotes.cli.common import CliError, extract_global_options
from kapnotes.store.errors import PracticeError

# name -> module path; each module defines add_arguments(parser) and run(args) -> int
COMMANDS: dict[str, str] = {
    "gui": "kapnotes.cli.gui_cmd",
    "demo": "kapnotes.cli.demo_cmd",
    "import": "kapnotes.cli.json_cmd",
    "export": "kapnotes.cli.export_cmd",
    "search": "kapnotes.cli.search_cmd",
    "check": "kapnotes.cli.check_cmd",
    "audit": "kapnotes.cli.audit_cmd",
    "backup": "kapnotes.cli.backup_cmd",
    "restore": "kapnotes.cli.restore_cmd",
    "passphrase": "kapnotes.cli.passphrase_cmd",
    "user": "kapnotes.cli.user_cmd",
    "sign": "kapnotes.cli.sign_cmd",
    "recover": "kapnotes.cli.recover_cmd",
    "rekey": "kapnotes.cli.rekey_cmd",
    "ledger": "kapnotes.cli.ledger_cmd",
}


def _load(module_path: str):
    import importlib

    return importlib.import_module(module_path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kapnotes",
        description="KAPNotes: offline session notes for ketamine-assisted psychotherapy.",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", help="data folder (default: the per-user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_path in COMMANDS.items():
        module = _load(module_path)
        help_text = getattr(module, "HELP", {}).get(name, "")
        p = sub.add_parser(name, help=help_text, description=help_text)
        adder: Callable = getattr(module, f"add_{name}_arguments", None) or module.add_arguments
        adder(p)
        p.set_defaults(handler=getattr(module, f"run_{name}", None) or module.run)
    return parser


def run(argv: list[str]) -> int:
    """Parse argv and run the command; errors become one line on stderr and exit 1/2."""
    argv, global_opts = extract_global_options(argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_dir = (
        Path(global_opts["data_dir"]).expanduser() if global_opts.get("data_dir") else None
    )
    for key, value in global_opts.items():
        if key != "data_dir":
            setattr(args, key, value)
    handler = getattr(args, "handler", None)
    if handler is None:
        handler = _load(COMMANDS["gui"]).run
    try:
        return int(handler(args) or 0)
    except CliError as exc:
        print(f"kapnotes: {exc}", file=sys.stderr)
        return exc.status
    except PracticeError as exc:
        # A store error a command did not expect (a page found damaged mid-way): one line.
        print(f"kapnotes: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `kapnotes audit list | head`: the reader went away; no traceback. Point stdout at
        # devnull so the interpreter's final flush does not raise a second time.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as the shell reports it
