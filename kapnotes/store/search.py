"""Full-text search over notes (FTS5), safe whatever a user types into the box.

User text is never passed to MATCH as is: it is parsed into quoted terms, so quotes,
operators, `*`, `-`, parentheses and SQL fragments can only ever be searched for, never run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from kapnotes.domain.vocab import vocabulary
from kapnotes.store.errors import OPERATIONAL_ERRORS

HIT_START = "\x02"
HIT_END = "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32


@dataclass(frozen=True)
class SearchHit:
    """A session that matched, with a snippet whose hits are wrapped in HIT_START/HIT_END."""

    session_id: int
    client_id: int
    chart: str
    client_name: str
    date: date
    kind: str
    snippet: str
    rank: float

    def snippet_parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is_hit) pieces, for highlighting without markup injection."""
        parts: list[tuple[str, bool]] = []
        for i, piece in enumerate(re.split(f"[{HIT_START}{HIT_END}]", self.snippet)):
            if piece:
                parts.append((piece, i % 2 == 1))
        return parts

    def plain_snippet(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(HIT_START, start).replace(HIT_END, end)


def _term(text: str, prefix: bool) -> str | None:
    words = _WORD.findall(text)
    if not words:
        return None
    phrase = '"' + " ".join(words) + '"'
    return phrase + "*" if prefix else phrase


def build_match(text: str) -> str | None:
    """Turn free text into a safe FTS5 query; None when nothing searchable is left.

    "quoted phrases" stay phrases, word* is a prefix search, OR between two terms is an
    alternative, -word and NOT word exclude; everything else is an implicit AND.
    """
    text = (text or "")[:MAX_QUERY_CHARS]
    positives: list[str] = []  # alternating terms and "OR"
    negatives: list[str] = []
    operators: list[str] = []  # operator words taken as operators (a lone one is a word)
    negate_next = False
    for m in _TOKEN.finditer(text):
        quoted, bare = m.group(1), m.group(2)
        if quoted is not None:
            term = _term(quoted, prefix=text[m.end() : m.end() + 1] == "*")
            negate, negate_next = negate_next, False
        else:
            if bare in ("OR", "AND", "NEAR", "NOT"):
                operators.append(bare)
            if bare == "OR":
                if positives and positives[-1] != "OR":
                    positives.append("OR")
                continue
            if bare in ("AND", "NEAR"):
                continue
            if bare == "NOT":
                negate_next = True
                continue
            negate = negate_next or (bare.startswith("-") and len(bare) > 1)
            negate_next = False
            core = bare.lstrip("-")
            term = _term(core, prefix=core.endswith("*") and len(core.rstrip("*")) > 0)
        if term is None:
            continue
        (negatives if negate else positives).append(term)
        if len(positives) + len(negatives) >= MAX_TERMS:
            break
    while positives and positives[-1] == "OR":
        positives.pop()
    if not positives and not negatives and operators:
        # Nothing but operator words ("AND" alone): the user is looking for the word itself,
        # as "and" finds it. Searched as words, never as an empty query.
        positives = [t for t in (_term(w, prefix=False) for w in operators) if t]
    if not positives:
        return None
    query = " ".join(_join_and(positives))
    for neg in negatives:
        query = f"({query}) NOT {neg}"
    return query


def _join_and(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        if out and item != "OR" and out[-1] != "OR":
            out.append("AND")
        out.append(item)
    return out


def count_matches(db: Database, text: str) -> int:
    """How many notes match (the result list stops at its limit; the count says the truth)."""
    match = build_match(text)
    if match is None:
        return 0
    try:
        row = db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH ?", [match]).fetchone()  # fmt: skip
    except OPERATIONAL_ERRORS:
        return 0
    return int(row[0])


def search(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Ranked sessions matching free text, best first; hostile text gives no hits, no error."""
    match = build_match(text)
    if match is None:
        return []
    sql = f"""
        SELECT f.rowid, s.client_id, c.chart, c.name, s.date, s.kind,
               snippet(search_index, 0, '{HIT_START}', '{HIT_END}', '…', 16), f.rank
        FROM search_index f
        JOIN sessions s ON s.id = f.rowid
        JOIN clients c ON c.id = s.client_id
        WHERE search_index MATCH ?
        ORDER BY f.rank
        LIMIT ?
    """
    try:
        found = db.execute(sql, [match, max(1, int(limit))]).fetchall()
    except OPERATIONAL_ERRORS:
        # A query the parser let through but FTS5 still refuses: no hits, never a crash.
        return []
    return [
        SearchHit(
            session_id=r[0],
            client_id=r[1],
            chart=r[2],
            client_name=r[3],
            date=date.fromisoformat(r[4]),
            kind=r[5],
            snippet=r[6] or "",
            rank=r[7],
        )
        for r in found
    ]


_CHILD_TEXT_SQL = """
    SELECT note FROM effects WHERE session_id = :id
    UNION ALL SELECT description || ' ' || outcome || ' ' || note
              FROM adverse_events WHERE session_id = :id
    UNION ALL SELECT text FROM addenda WHERE session_id = :id
"""


def session_body(intention: str, narrative: dict[str, str], child_texts: list[str]) -> str:
    """The text indexed for one session."""
    parts = [intention, *narrative.values(), *child_texts]
    return "\n".join(p for p in parts if p and p.strip())


def reindex_session(db: Database, session_id: int) -> None:
    """Rebuild the search row of one session from what is stored (inside the caller's transaction)."""
    row = db.execute(
        "SELECT intention, narrative FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    db.execute("DELETE FROM search_index WHERE rowid = ?", [session_id])
    if row is None:
        return
    themes = vocabulary("themes")
    children = [
        f"{themes.label(code)} {note}"
        for code, note in db.execute(
            "SELECT theme, note FROM themes WHERE session_id = ? ORDER BY position", [session_id]
        ).fetchall()
    ]
    children += [r[0] for r in db.execute(_CHILD_TEXT_SQL, {"id": session_id}).fetchall()]
    body = session_body(row[0], json.loads(row[1] or "{}"), children)
    db.execute("INSERT INTO search_index(rowid, body) VALUES (?, ?)", [session_id, body])
