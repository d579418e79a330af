"""The course summary's Safety section: every urgent finding of every session in one table.

PHQ-9 item 9 above 0, a positive C-SSRS screen, urgent vital signs, severe adverse events and
urgent doses, taken from the same rule set as the editor and the session note, so a course
with item 9 = 2 and a positive C-SSRS never prints silent.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from kapnotes.domain.formatting import DASH, fmt_date
from kapnotes.domain.records import Client, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.validation import validate_session
from kapnotes.export import styles as st
from kapnotes.export.blocks import data_table, heading, note_line

# What each urgent finding is, as the table names it.
KINDS = {
    "safety_flag": "Scale",
    "vital_urgent": "Vital signs",
    "adverse_severe": "Adverse event",
    "dose_ceiling": "Dose",
    "dose_check_units": "Dose",
    "dose_on_urgent_bp": "Dose",
}


def safety_rows(
    sessions: list[Session], client: Client, settings: PracticeSettings | None
) -> list[tuple[Session, str, str]]:
    """(session, kind, message) for every urgent finding, oldest session first."""
    out = []
    for s in sessions:
        for f in validate_session(s, client, settings):
            if f.is_urgent:
                out.append((s, KINDS.get(f.code, "Other"), f.message))
    return out


def safety_section(
    sessions: list[Session], client: Client, settings: PracticeSettings | None, scrub=None
) -> list[Flowable]:
    """The Safety heading and its table, or a line saying no flag was raised."""
    rows = safety_rows(sessions, client, settings)
    out: list[Flowable] = [heading("Safety", keep=not rows)]
    if not rows:
        return [*out, note_line("No safety flag in this course: no PHQ-9 item 9 above 0, no positive C-SSRS screen, no urgent vital signs, no severe adverse event.")]  # fmt: skip
    table_rows = [
        [
            fmt_date(s.date),
            str(s.number) if s.number else DASH,
            kind,
            scrub(message) if scrub else message,
        ]
        for s, kind, message in rows
    ]
    shading = [(2, i, st.URGENT_FILL) for i in range(len(table_rows))]
    out.append(
        data_table(
            ["Date", "#", "Flag", "Finding"], table_rows, [0.9, 0.35, 0.9, 4.85], shading=shading
        )
    )
    return out
