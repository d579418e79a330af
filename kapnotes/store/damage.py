"""What SQLite says about a damaged file, as one line a person can read.

integrity_check and quick_check answer with rows that themselves hold line breaks
("*** in database main ***\\nOn tree page 13 cell 8: Offset 5746 out of range ..."), so
joining them gave a message of six lines or more. One line names the first problem and counts
the rest.
"""

from __future__ import annotations

HEADER = "*** in database"
MAX_SHOWN = 120  # characters of the first problem


def problem_lines(rows: list[str]) -> list[str]:
    """Every problem SQLite reported, one per entry, without its section headers."""
    out = []
    for row in rows:
        for line in str(row).splitlines():
            line = " ".join(line.split())
            if line and not line.startswith(HEADER) and line != "ok":
                out.append(line)
    return out


def one_line(rows: list[str]) -> str:
    """ "the first problem (and N more)" for the rows of an integrity or quick check."""
    lines = problem_lines(rows)
    if not lines:
        return "unknown damage"
    first = lines[0] if len(lines[0]) <= MAX_SHOWN else lines[0][:MAX_SHOWN] + "…"
    more = len(lines) - 1
    return first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
