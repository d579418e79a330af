"""The Safety column names each flag of a session, with a tooltip saying what it means."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kapnotes.store import SessionSummary
from kapnotes.ui.clients.session_list import SAFETY, SessionListModel


def _row(**flags) -> SessionSummary:
    return SessionSummary(1, 1, None, date(2026, 1, 5), 1, "dosing", "im", 40.0, False, **flags)


def test_safety_column_names_phq9_item9_and_cssrs(qtmodeltester):
    model = SessionListModel()
    model.set_sessions(
        [_row(), _row(phq9_item9=True), _row(cssrs_positive=True), _row(phq9_item9=True, cssrs_positive=True)],
        None,
    )  # fmt: skip
    texts = [model.index(r, SAFETY).data() for r in range(4)]
    assert texts == ["", "⚠ item 9", "⚠ C-SSRS", "⚠ item 9 · C-SSRS"]
    tip = model.index(3, SAFETY).data(Qt.ItemDataRole.ToolTipRole)
    assert "PHQ-9 item 9" in tip and "C-SSRS screen positive" in tip
    qtmodeltester.check(model)


def test_safety_column_shows_other_urgent_findings_with_a_tooltip_saying_which(qtmodeltester):
    model = SessionListModel()
    dose = "IM injection: 62.50 mg/kg is more than 4.5 mg/kg — check the units."
    model.set_sessions([_row(urgent=(dose,)), _row(phq9_item9=True, urgent=("PHQ-9 item 9 (x) scored 2", dose))], None)  # fmt: skip
    assert [model.index(r, SAFETY).data() for r in range(2)] == ["⚠ urgent", "⚠ item 9 +1"]
    tip = model.index(1, SAFETY).data(Qt.ItemDataRole.ToolTipRole)
    assert "PHQ-9 item 9" in tip and "check the units" in tip
    assert tip.count("PHQ-9") == 1  # the score flag is explained once
    qtmodeltester.check(model)
