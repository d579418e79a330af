"""The command line: `kapnotes [--data-dir DIR] [COMMAND] ...`.

Each command lives in its own module and registers itself in COMMANDS below; every command
gets the data folder (accepted before or after the command name, like `git -C`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from kapnotes import __version__
from kapnotes.cli.common import (
    GLOBAL_OPTIONS,
    CliError,
    checked_data_dir,
    data_dir,
    extract_global_options,
    log_to_data_dir,
)
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
    "rems": "kapnotes.cli.rems_cmd",
    "findings": "kapnotes.cli.findings_cmd",
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
    parser.add_argument("--version", action="version", version=f"KAPNotes {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_path in COMMANDS.items():
        module = _load(module_path)
        help_text = module.HELP[name]
        p = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(p)
        p.set_defaults(handler=module.run)
    # No command is `kapnotes gui`; a command's own default replaces this one.
    parser.set_defaults(handler=_load(COMMANDS["gui"]).run)
    return parser


def gui_parser() -> argparse.ArgumentParser:
    """`kapnotes [gui] [--no-demo]` alone: the window starts without importing every command
    (and through them the whole store) before its first paint."""
    module = _load(COMMANDS["gui"])
    parser = argparse.ArgumentParser(prog="kapnotes gui", description=module.HELP["gui"])
    module.add_arguments(parser)
    parser.set_defaults(command="gui", handler=module.run)
    return parser


def run(argv: list[str]) -> int:
    """Parse argv and run the command; errors become one line on stderr and exit 1/2."""
    argv, global_opts = extract_global_options(argv)
    if not argv or argv[0] == "gui":
        args = gui_parser().parse_args(argv[1:])
    else:
        args = build_parser().parse_args(argv)
    try:
        args.data_dir = (
            checked_data_dir(global_opts["data_dir"]) if "data_dir" in global_opts else None
        )
    except CliError as exc:
        print(f"kapnotes: {exc}", file=sys.stderr)
        return exc.status
    for key in GLOBAL_OPTIONS.values():
        if key != "data_dir":
            setattr(args, key, global_opts.get(key))
    try:
        log_to_data_dir(data_dir(args))
        return int(args.handler(args) or 0)
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
    except OSError as exc:
        # A file problem no command foresaw (a name too long, a vanished folder): one line.
        name = str(exc.filename or "")
        where = f"{name if len(name) <= 80 else name[:40] + '…' + name[-30:]}: " if name else ""
        print(f"kapnotes: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
