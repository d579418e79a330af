"""The pre-dose checklist as it prints on a session note (every dosing session)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from kapnotes.domain.checklist import CHECKS, PREGNANCY_TEST, TODAY_MEDICATIONS
from kapnotes.domain.records import Session
from kapnotes.export import styles as st
from kapnotes.export.blocks import data_table, heading, note_line
from kapnotes.export.text import para

REMOVED = "[removed]"


def checklist_section(session: Session, *, deidentified: bool = False) -> list[Flowable]:
    """Each item checked or not (unchecked shaded), fasting hours and today's medications."""
    if session.kind != "dosing":
        return []
    s = st.styles()
    out: list[Flowable] = [heading("Pre-dose checklist")]
    c = session.checklist
    if c is None:
        return out + [para("The pre-dose checklist was not done.", s.flag)]
    fasting = "not recorded" if c.fasting_hours is None else f"{c.fasting_hours:g} h"
    rows = [["Fasting (hours since solid food)", fasting]]
    shading = [(1, 0, st.CAUTION_FILL)] if c.fasting_hours is None or c.fasting_hours < 4 else []
    for attr, text in CHECKS.items():
        value = "Yes" if getattr(c, attr) else "Not checked"
        if attr == "transport_arranged" and c.transport_by:
            value += f" — {REMOVED if deidentified else c.transport_by}"
        if not getattr(c, attr):
            shading.append((1, len(rows), st.CAUTION_FILL))
        rows.append([text, value])
    rows.append(["Pregnancy test", PREGNANCY_TEST.get(c.pregnancy_test, c.pregnancy_test)])
    if c.pregnancy_test in ("", "positive"):
        shading.append((1, len(rows) - 1, st.CAUTION_FILL))
    taken = c.taken_today()
    meds = ", ".join(taken) if taken else f"None of: {', '.join(TODAY_MEDICATIONS.values())}"
    if c.medications_note and not deidentified:
        meds += f" ({c.medications_note})"
    rows.append(["Medications taken today", meds])
    if taken:
        shading.append((1, len(rows) - 1, st.CAUTION_FILL))
    out.append(data_table(["Item", "Checked"], rows, [3, 4], shading=shading))
    if c.note and not deidentified:
        out.append(para(c.note, s.body))
    out.append(
        note_line("Shaded: not checked or worth a second look. Unchecked items never block.")
    )
    return out
