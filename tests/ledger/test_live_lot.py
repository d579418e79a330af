"""Live mode's booster row draws the dose from a lot on hand: the first to expire is
offered, the same lot as the last dose for a booster, and the lot is saved with the dose."""

from __future__ import annotations

from datetime import date, time

from ledger_helpers import dosing_session, receipt
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kapnotes.ui.live.view import LiveSessionView


def open_live(qtbot, practice, session_id) -> LiveSessionView:
    view = LiveSessionView(practice, session_id)
    qtbot.addWidget(view)
    view.resize(1280, 860)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.timeline_view.setFocus()
    return view


def test_a_booster_is_drawn_from_a_lot_on_hand(qtbot, ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("KT050", expiry=date(2029, 6, 1), invoice="INV-5"))
    p.ledger_receive(receipt("OLD1", expiry=date(2026, 1, 31), invoice="INV-6"))
    s = dosing_session(p, lot="", day=date(2026, 2, 3))
    s.administrations.clear()
    p.save_session(s)
    view = open_live(qtbot, p, s.id)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_B)
    row = view.booster_row
    labels = [row.lot.itemText(i) for i in range(row.lot.count())]
    assert labels == ["", "KT050 — 2500 mg · exp 2029-06-01", "KT100 — 2500 mg · exp 2030-01-31"]
    assert row.lot_text() == "KT050"  # the first to expire; the expired lot is not offered
    row.lot.setCurrentIndex(2)
    qtbot.keyClicks(row.mg, "35")
    qtbot.keyClick(row.mg, Qt.Key.Key_Return)
    assert [a.lot for a in p.get_session(s.id).administrations] == ["KT100"]
    qtbot.keyClick(view.timeline_view, Qt.Key.Key_B)  # a booster: the same lot again
    assert row.lot_text() == "KT100"
    qtbot.keyClick(row.mg, Qt.Key.Key_Return)
    given = p.get_session(s.id).administrations
    assert [(a.mg, a.lot) for a in given] == [(35, "KT100"), (35, "KT100")]
    assert given[0].time is not None and isinstance(given[0].time, time)
