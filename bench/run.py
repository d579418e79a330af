"""Benchmarks: `python bench/run.py [--rebuild] [--encrypted] [--clients N]`.

Builds (or reuses) a demo practice in bench/data/ - 1,000 clients x 20 sessions plus one client
with 200 sessions - then runs every bench/bench_*.py module's rows(practice_path) and prints one
table: ours beside the bare library doing the same work in the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

from kapnotes import config
from kapnotes.store import open_practice
from kapnotes.store.demo import add_long_client, build_demo

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
# The bench practice is plain SQLite by default (bench_pdf opens it without a passphrase);
# --encrypted measures an SQLCipher practice keyed with the demo passphrase instead.
ENCRYPTED = False
SESSIONS_PER_CLIENT = 20
LONG_CLIENT_SESSIONS = 200


def prepare(path: Path, passphrase: str | None, clients: int, rebuild: bool) -> None:
    """Build the bench practice unless one of the right size is already there."""
    expected = clients * SESSIONS_PER_CLIENT + LONG_CLIENT_SESSIONS
    if path.exists() and not rebuild:
        with open_practice(path, passphrase) as practice:
            if practice.count("sessions") == expected:
                print(f"reusing {path} ({expected} sessions)")
                return
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    config.ensure_private_dir(path.parent)
    with open_practice(path, passphrase, create=True) as practice:
        start = time.perf_counter()
        build_demo(practice, clients=clients, sessions_per_client=SESSIONS_PER_CLIENT, seed=1)
        built = time.perf_counter() - start
        add_long_client(practice, LONG_CLIENT_SESSIONS, seed=2)
    print(f"demo build {clients} x {SESSIONS_PER_CLIENT}: {built:.1f} s  ({path})")


def modules() -> list:
    """bench_store first, then the other bench/bench_*.py modules by name."""
    sys.path.insert(0, str(HERE))
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    names.sort(key=lambda n: n != "bench_store")
    return [importlib.import_module(n) for n in names]


def table(rows: list[tuple[str, float, float | None, str]]) -> str:
    """The rows as an aligned text table (ms, bare ms, ratio, note)."""
    width = max(len(r[0]) for r in rows)
    lines = [f"{'what':<{width}}  {'ours ms':>9}  {'bare ms':>9}  {'ratio':>6}  note"]
    lines.append("-" * len(lines[0]) + "-" * 20)
    for name, ours, bare, note in rows:
        bare_text = f"{bare:9.2f}" if bare is not None else f"{'-':>9}"
        ratio = f"{ours / bare:5.2f}x" if bare else f"{'-':>6}"
        lines.append(f"{name:<{width}}  {ours:9.2f}  {bare_text}  {ratio}  {note}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the practice again")
    parser.add_argument("--encrypted", action="store_true", default=ENCRYPTED,
                        help="an SQLCipher practice (demo passphrase)")  # fmt: skip
    parser.add_argument("--clients", type=int, default=1000, help="demo clients (1000)")
    parser.add_argument("--only", metavar="NAME", help="run only bench_NAME.py")
    args = parser.parse_args()
    passphrase = config.DEMO_PASSPHRASE if args.encrypted else None
    name = f"bench-{args.clients}{'-encrypted' if passphrase else ''}.kapnotes"
    path = DATA / name
    prepare(path, passphrase, args.clients, args.rebuild)
    rows: list[tuple[str, float, float | None, str]] = []
    for module in modules():
        if args.only and module.__name__ != f"bench_{args.only}":
            continue
        if hasattr(module, "PASSPHRASE"):
            module.PASSPHRASE = passphrase
        try:
            rows.extend(module.rows(path))
        except Exception as exc:  # one broken bench must not hide the others' figures
            traceback.print_exc()
            rows.append((f"{module.__name__} failed", 0.0, None, f"{type(exc).__name__}: {exc}"))
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
