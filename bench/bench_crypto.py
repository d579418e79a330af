"""The cost of encryption at rest: the same practice encrypted (SQLCipher) and not (SQLite).

Two copies of the same demo data (same seed) are built in a temporary folder; every row times
the same operation on both. Warm rows run with the page cache filled (what a user typing sees);
"cold" rows open a fresh connection first (key derivation excluded), so every page read is
decrypted. Target (issue 5): encrypted search and draft save within 1.5x of unencrypted.
With a warm cache most of the remaining difference is the sqlcipher3 driver itself (a plain
file opened through it is about as slow), not the cipher.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench_store import median_ms  # bench/ is on sys.path: run.py puts it there

from kapnotes.store import open_practice
from kapnotes.store.backup import backup_now

# Not PASSPHRASE: bench/run.py sets that name in every module to the bench practice's own.
COPY_PASSPHRASE = "bench passphrase"
QUERIES = ["grief", "nausea OR headache", '"felt safe"', "integr*", "mother -father", "calm"]


def _build(folder: Path, passphrase: str | None) -> Path:
    from kapnotes.store.demo import build_demo

    path = folder / ("encrypted.kapnotes" if passphrase else "plain.kapnotes")
    with open_practice(path, passphrase, create=True) as p:
        build_demo(p, clients=40, sessions_per_client=12, seed=7)
    return path


def _search_all(practice) -> int:
    return sum(len(practice.search(q)) for q in QUERIES)


def _draft_session(practice):
    return next(s for s in reversed(practice.load_sessions()) if not s.is_signed)


def _interleaved(practices: dict[str, object], make_fn, rounds: int = 6, repeat: int = 8) -> dict:
    """Median over rounds that alternate between the copies, so disk noise hits both alike."""
    times: dict[str, list[float]] = {k: [] for k in practices}
    fns = {k: make_fn(p) for k, p in practices.items()}
    for _ in range(rounds):
        for key, fn in fns.items():
            times[key].append(median_ms(fn, repeat))
    return {k: statistics.median(v) for k, v in times.items()}


def _draft_fn(practice):
    session = _draft_session(practice)
    counter = iter(range(10**9))
    return lambda: practice.save_draft(
        session.id, narrative={"Subjective": f"typing {next(counter)} " * 40}
    )


def _save_fn(practice):
    session = _draft_session(practice)
    return lambda: practice.save_session(session)


def _measure(paths: dict[str, Path], keys: dict[str, str | None]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {k: {} for k in paths}
    practices = {}
    for k, path in paths.items():
        start = time.perf_counter()
        practices[k] = open_practice(path, keys[k])
        out[k]["open"] = (time.perf_counter() - start) * 1000
        # A silently plain "encrypted" copy would make every ratio read 1.0x.
        assert practices[k].is_encrypted == (keys[k] is not None), f"{k} copy: wrong kind"
        # Cold: the first searches after opening read (and decrypt) pages from the file.
        start = time.perf_counter()
        out[k]["hits"] = _search_all(practices[k])
        out[k]["search_cold"] = (time.perf_counter() - start) * 1000 / len(QUERIES)
        out[k]["size_kb"] = path.stat().st_size / 1024
    try:
        for key, make in (
            ("search", lambda p: lambda: _search_all(p)),
            ("draft", _draft_fn),
            ("save", _save_fn),
            ("load", lambda p: (lambda s: lambda: p.get_session(s.id))(_draft_session(p))),
        ):
            for k, ms in _interleaved(practices, make).items():
                out[k][key] = ms / len(QUERIES) if key == "search" else ms
        # The encryption's own CPU cost, without the fsync that dominates every real save.
        for p in practices.values():
            p.db.execute("PRAGMA synchronous = OFF")
        for k, ms in _interleaved(practices, _draft_fn).items():
            out[k]["draft_nosync"] = ms
        for k, p in practices.items():
            with tempfile.TemporaryDirectory() as backups:
                start = time.perf_counter()
                backup_now(p, Path(backups))
                out[k]["backup"] = (time.perf_counter() - start) * 1000
    finally:
        for p in practices.values():
            p.close()
    return out


def rows(practice_path: Path | None = None) -> list[tuple[str, float, float | None, str]]:
    """(what, encrypted ms, unencrypted ms, note) for bench/run.py.

    practice_path is not used: both copies are built here so that they hold the same data.
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = {"plain": _build(folder, None), "enc": _build(folder, COPY_PASSPHRASE)}
        both = _measure(paths, {"plain": None, "enc": COPY_PASSPHRASE})
        plain, enc = both["plain"], both["enc"]
    size = f"{enc['size_kb']:.0f} KB, 480 sessions"

    def row(key: str, what: str, note: str = "") -> tuple[str, float, float | None, str]:
        ratio = enc[key] / plain[key] if plain[key] else float("nan")
        return (what, enc[key], plain[key], f"{ratio:.2f}x{'; ' + note if note else ''}")

    assert enc["hits"] == plain["hits"], "both copies must find the same sessions"
    return [
        row("search", "search, encrypted vs plain (warm, per query)", f"{size}, target <= 1.5x"),
        row("search_cold", "search, encrypted vs plain (first after open)", "pages decrypted"),
        row("draft", "draft save (autosave), encrypted vs plain", "target <= 1.5x; fsync bound"),
        row("draft_nosync", "draft save without fsync (CPU cost only)", "encryption's own cost"),
        row("save", "whole session save, encrypted vs plain"),
        row("load", "load one session, encrypted vs plain"),
        row(
            "open", "open practice, encrypted vs plain", "PBKDF2 256k key derivation + quick_check"
        ),
        row("backup", "backup (online API + integrity_check)", "encrypted copy re-derives the key"),
    ]


if __name__ == "__main__":
    for what, ours, base, note in rows():
        print(f"{what:55s} {ours:9.2f} ms {base or 0:9.2f} ms  {note}")
