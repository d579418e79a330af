"""`kapnotes demo`: fill an empty practice with fictional clients (never a practice in use)."""

from __future__ import annotations

import argparse
import time

from kapnotes import config
from kapnotes.cli.common import CliError, open_or_create, passphrase_from
from kapnotes.store.demo_accounts import DEMO_ADMIN

HELP = {"demo": "create a demo practice with fictional clients (only into an empty practice)"}


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def add_arguments(parser) -> None:
    parser.add_argument("--clients", type=_count, default=12, metavar="N", help="default 12")
    parser.add_argument(
        "--sessions-per-client", type=_count, default=8, metavar="M", help="default 8"
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same practice")


def run(args) -> int:
    from kapnotes.store.demo import build_demo

    own_passphrase = passphrase_from(args)
    with open_or_create(
        args, default_passphrase=config.DEMO_PASSPHRASE, demo_user=DEMO_ADMIN
    ) as practice:
        existing = practice.count("clients")
        if existing:
            raise CliError(
                f"{practice.path} already holds {existing} client{'s' if existing > 1 else ''}; "
                "the demo only fills an empty practice (use another --data-dir)"
            )
        start = time.perf_counter()
        summary = build_demo(
            practice,
            clients=args.clients,
            sessions_per_client=args.sessions_per_client,
            seed=args.seed,
        )
        seconds = time.perf_counter() - start
        encrypted = practice.is_encrypted
        path = practice.path
    # Only the demo's own passphrase is the one the README documents.
    lock = (
        (" (encrypted with your passphrase)" if own_passphrase else
         " (encrypted; passphrase in the README)")
        if encrypted
        else ""
    )  # fmt: skip
    print(
        f"demo practice {path}{lock}: {summary.clients} clients, {summary.courses} courses, "
        f"{summary.sessions} sessions in {seconds:.1f} s"
    )
    return 0
