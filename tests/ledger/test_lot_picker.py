"""The dosing editor's Lot cell picks from the stock on hand (balance and expiry shown); an
expired or unknown lot is an error finding beside the cell."""

from __future__ import annotations

from datetime import date

from ledger_helpers import dosing_session, receipt
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from kapnotes.ui.editor import SessionEditor


def open_editor(qtbot, practice, session_id):
    editor = SessionEditor(practice)
    qtbot.addWidget(editor)
    editor.resize(1366, 740)
    editor.show()
    qtbot.waitExposed(editor)
    editor.load_session(session_id)
    return editor


def lot_cell_editor(qtbot, editor) -> QComboBox:
    table = editor.dosing.table
    column = [c.attr for c in table.model.COLUMNS].index("lot")
    table.start_editing(0, column)  # as the keyboard's F2 does
    combos = [w for w in table.view.viewport().findChildren(QComboBox) if w.isVisible()]
    assert len(combos) == 1, "no lot picker opened"
    return combos[0]


def test_the_lot_cell_offers_lots_on_hand_with_balance_and_expiry(qtbot, ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("OLD1", expiry=date(2026, 1, 31), invoice="INV-8"))
    p.ledger_receive(receipt("SPR9", drug="esketamine", form="nasal_device", strength=28,
                             per=1, invoice="INV-9"))  # fmt: skip
    s = dosing_session(p, lot="", day=date(2026, 2, 3))
    editor = open_editor(qtbot, p, s.id)
    combo = lot_cell_editor(qtbot, editor)
    labels = [combo.itemText(i) for i in range(combo.count())]
    # The expired lot and the esketamine lot are not offered for a racemic dose.
    assert labels == ["", "KT100 — 2500 mg · exp 2030-01-31"]
    combo.setCurrentIndex(1)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert editor.dosing.model.record(0).lot == "KT100"
    editor.flush()
    assert p.get_session(s.id).administrations[0].lot == "KT100"
    assert not [f for f in editor.findings if f.field.endswith(".lot")]


def test_an_expired_lot_typed_in_is_an_error_finding(qtbot, ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("OLD1", expiry=date(2026, 1, 31), invoice="INV-8"))
    s = dosing_session(p, lot="", day=date(2026, 2, 3))
    editor = open_editor(qtbot, p, s.id)
    combo = lot_cell_editor(qtbot, editor)
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "OLD1")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert editor.dosing.model.record(0).lot == "OLD1"
    (finding,) = [f for f in editor.findings if f.field == "administrations[0].lot"]
    assert (
        finding.is_error and "expired on 2026-01-31: it cannot be administered" in finding.message
    )
