"""`kapnotes search TEXT`: matching sessions, one a line."""

from __future__ import annotations

from kapnotes.cli.common import open_reading

HELP = {"search": "full-text search over all notes"}


def add_arguments(parser) -> None:
    parser.add_argument("text", help='words, "a phrase", prefix*, -excluded, a OR b')
    parser.add_argument("--limit", type=int, default=20, help="at most N results (default 20)")


def run(args) -> int:
    with open_reading(args) as practice:
        hits = practice.search(args.text, limit=args.limit)
    for hit in hits:
        snippet = " ".join(hit.plain_snippet().split())
        print(
            f"{hit.session_id}\t{hit.chart}\t{hit.client_name}\t{hit.date.isoformat()}\t{snippet}"
        )
    return 0
