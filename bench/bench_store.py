"""The store against bare sqlite3 on the same file, in the same run.

Each row does the same work both ways: our row goes through the Practice API (records built,
audit trail, search parsing), the bare row sends equivalent SQL through the sqlite3 module (or
sqlcipher3 with the same key, for an encrypted practice) and only fetches rows.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from kapnotes.export.json_format import decode, document, dumps, parse_document
from kapnotes.store import open_practice
from kapnotes.store.search import HIT_END, HIT_START, build_match
from kapnotes.store.transfer import insert_bundles, load_bundles

PASSPHRASE: str | None = None  # set by run.py (config.DEMO_PASSPHRASE for an encrypted bench)
RARE, COMMON = "lighthouse", "grief"
SEARCH_SQL = f"""
    SELECT f.rowid, s.client_id, c.chart, c.name, s.date, s.kind,
           snippet(search_index, 0, '{HIT_START}', '{HIT_END}', '…', 16), f.rank
    FROM search_index f JOIN sessions s ON s.id = f.rowid JOIN clients c ON c.id = s.client_id
    WHERE search_index MATCH ? ORDER BY f.rank LIMIT ?
"""
CHILDREN = ("administrations", "vitals", "effects", "adverse_events", "themes", "scale_scores")


def median_ms(fn, repeat: int) -> float:
    """Median wall time of `repeat` runs, in ms (one warm-up run first)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def best_ms(fn, repeat: int = 3) -> tuple[float, object]:
    """The best wall time of `repeat` runs, in ms, and what the last run returned."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best, result


_keys: dict[str, str] = {}


def bare_connect(path: Path):
    """The bare library: sqlite3, or sqlcipher3 keyed like the practice, same durability."""
    if PASSPHRASE is None:
        conn = sqlite3.connect(str(path), isolation_level=None)
    else:
        from sqlcipher3 import dbapi2 as sqlcipher

        from kapnotes.store.accounts import database_key_for

        # With accounts the passphrase unwraps the database key (Argon2id, once per call:
        # the bare open is keyed with the raw key it gives, as the practice is).
        key = _keys.setdefault(str(path), database_key_for(path, PASSPHRASE))
        conn = sqlcipher.connect(str(path), isolation_level=None)
        conn.execute("PRAGMA key = '" + key.replace("'", "''") + "'")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _bare_load_client(conn, client_id: int) -> int:
    n = len(conn.execute("SELECT * FROM clients WHERE id = ?", [client_id]).fetchall())
    n += len(conn.execute("SELECT * FROM weights WHERE client_id = ?", [client_id]).fetchall())
    n += len(conn.execute("SELECT * FROM screening WHERE client_id = ?", [client_id]).fetchall())
    n += len(
        conn.execute(
            "SELECT * FROM sessions WHERE client_id = ? ORDER BY date, start_time, id", [client_id]
        ).fetchall()
    )
    for table in (*CHILDREN, "addenda"):
        n += len(
            conn.execute(
                f"SELECT c.* FROM {table} c JOIN sessions s ON s.id = c.session_id "
                "WHERE s.client_id = ? ORDER BY c.session_id",
                [client_id],
            ).fetchall()
        )
    return n


def _bare_save_draft(conn, session_id: int, narrative: dict) -> None:
    text = json.dumps(narrative, ensure_ascii=False)
    conn.execute("BEGIN")
    conn.execute(
        "UPDATE sessions SET narrative = ?, updated_at = datetime('now') WHERE id = ?",
        [text, session_id],
    )
    intention = conn.execute("SELECT intention FROM sessions WHERE id = ?", [session_id]).fetchone()
    conn.execute("DELETE FROM search_index WHERE rowid = ?", [session_id])
    body = "\n".join([intention[0], *narrative.values()])
    conn.execute("INSERT INTO search_index (rowid, body) VALUES (?, ?)", [session_id, body])
    conn.execute("COMMIT")


def _bare_export(conn) -> str:
    tables = ("clients", "weights", "screening", "courses", "sessions", *CHILDREN, "addenda")
    out = {}
    for table in tables:
        cur = conn.execute(f"SELECT * FROM {table} ORDER BY id" if table != "screening" else
                           "SELECT * FROM screening")  # fmt: skip
        out[table] = {"columns": [d[0] for d in cur.description], "rows": cur.fetchall()}
    return json.dumps(out, ensure_ascii=False)


def _bare_import(text: str, schema: list[str], target: Path) -> None:
    conn = bare_connect(target)
    for sql in schema:
        conn.execute(sql)
    data = json.loads(text)
    conn.execute("BEGIN")
    for table, content in data.items():
        cols = content["columns"]
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            content["rows"],
        )
        if table == "sessions":
            conn.executemany(
                "INSERT INTO search_index (rowid, body) VALUES (?, ?)",
                [(r[0], r[cols.index("narrative")]) for r in content["rows"]],
            )
    conn.execute("COMMIT")
    conn.close()


def _fresh(folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def rows(practice_path: Path) -> list[tuple[str, float, float | None, str]]:
    """(what, ours in ms, bare in ms, note) for bench/run.py."""
    out: list[tuple[str, float, float | None, str]] = []
    ours_open = median_ms(lambda: open_practice(practice_path, PASSPHRASE).close(), 20)

    def bare_open():
        conn = bare_connect(practice_path)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.close()

    out.append(
        ("open the practice", ours_open, median_ms(bare_open, 20), "connect, check, pragmas")
    )
    practice = open_practice(practice_path, PASSPHRASE)
    conn = bare_connect(practice_path)
    try:
        by_size = practice.db.execute(
            "SELECT client_id, count(*) n FROM sessions GROUP BY client_id ORDER BY n DESC, client_id"
        ).fetchall()
        long_id, long_n = by_size[0]
        usual_id, usual_n = by_size[-1]
        for client_id, n, target in ((usual_id, usual_n, ""), (long_id, long_n, "target 20 ms")):

            def ours(cid=client_id):
                practice.get_client(cid)
                practice.load_sessions(client_id=cid)

            bare_ms = median_ms(lambda cid=client_id: _bare_load_client(conn, cid), 20)
            out.append((f"load a client with {n} sessions", median_ms(ours, 20), bare_ms, target))
        draft = practice.db.execute(
            "SELECT id FROM sessions WHERE signed_at IS NULL AND client_id = ? ORDER BY id DESC",
            [long_id],
        ).fetchone()[0]
        original = practice.get_session(draft).narrative
        texts = [dict(original, Note=f"{original.get('Note', '')} edit {i}") for i in range(2)]
        counter = iter(range(10**9))
        ours_ms = median_ms(
            lambda: practice.save_draft(draft, narrative=texts[next(counter) % 2]), 50
        )
        bare_ms = median_ms(lambda: _bare_save_draft(conn, draft, texts[next(counter) % 2]), 50)
        practice.save_draft(draft, narrative=original)
        out.append(
            ("save a session draft (narrative)", ours_ms, bare_ms, "target 2 ms; fsync each")
        )
        for term in (RARE, COMMON):
            hits = len(practice.db.execute(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?", [build_match(term)]
            ).fetchall())  # fmt: skip
            ours_ms = median_ms(lambda t=term: practice.search(t, limit=50), 20)
            bare_ms = median_ms(
                lambda t=term: conn.execute(SEARCH_SQL, [f'"{t}"', 50]).fetchall(), 20
            )
            out.append(
                (f"search {term!r} ({hits} sessions match)", ours_ms, bare_ms, "target 1.5x")
            )
        sessions = practice.count("sessions")
        exported: list[str] = []

        def ours_export():
            exported[:] = [dumps(document(load_bundles(practice), practice.settings()))]

        bare_exported: list[str] = []
        ours_ms = median_ms(ours_export, 2)
        bare_ms = median_ms(lambda: bare_exported.__setitem__(slice(None), [_bare_export(conn)]), 2)
        size = len(exported[0].encode("utf-8")) / 1e6
        out.append((f"export JSON, {sessions} sessions", ours_ms, bare_ms, f"{size:.0f} MB"))
        schema = [
            r[0]
            for r in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL "
                "AND name NOT LIKE 'search_index_%' ORDER BY type DESC, rowid"
            ).fetchall()
        ]
    finally:
        conn.close()
        practice.close()
    folder = Path(tempfile.mkdtemp(prefix="kapnotes-bench-", dir=practice_path.parent))
    try:

        def ours_import():
            # decode(): the strict reader `kapnotes import` uses (duplicate keys, huge numbers).
            bundles, settings = parse_document(decode(exported[0].encode("utf-8"), "bench"))
            with open_practice(_fresh(folder, "ours.kapnotes"), PASSPHRASE, create=True) as target:
                insert_bundles(target, bundles, settings)

        ours_ms = median_ms(ours_import, 2)
        bare_ms = median_ms(
            lambda: _bare_import(bare_exported[0], schema, _fresh(folder, "bare.db")), 2
        )
        out.append((f"import JSON, {sessions} sessions", ours_ms, bare_ms, "checked, audited"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


if __name__ == "__main__":
    import sys

    for row in rows(Path(sys.argv[1])):
        print(row)
    os._exit(0)
