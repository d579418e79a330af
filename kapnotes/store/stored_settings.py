"""Reading the practice's stored settings: never refused, a bad value takes its default.

An import or an older version may have stored a value the rules of domain.settings now refuse
("autosave_ms": "x"); the app must still start, so that field takes its default and the
warning goes to the log (once per open practice) and to `kapnotes check`.
"""

from __future__ import annotations

import json
import logging

from kapnotes.domain.settings import PracticeSettings, load_settings

log = logging.getLogger("kapnotes")


def read_settings(db, logged: set[str]) -> tuple[PracticeSettings, list[str]]:
    """The settings and one warning per stored value replaced by its default."""
    row = db.execute("SELECT value FROM settings WHERE key = 'practice'").fetchone()
    try:
        stored = json.loads(row[0]) if row else None
    except (TypeError, ValueError, RecursionError):
        stored = "unreadable"
    settings, warnings = load_settings(stored)
    for line in warnings:
        # Once per open practice, not at every read (the lock timer reads them often).
        if line not in logged:
            logged.add(line)
            log.warning("stored setting replaced by its default: %s", line)
    return settings, warnings
