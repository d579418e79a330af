"""The Controlled substances window and its dialogs, driven as a user would."""

from __future__ import annotations

from datetime import date

from ledger_helpers import PASSPHRASE, SECOND, WITNESS, dosing_session, receipt
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QInputDialog

from kapnotes.domain.ledger import EntryKind
from kapnotes.services.context import ServiceContext
from kapnotes.ui.ledger.dialogs import CountDialog, DisposeDialog, ReceiveDialog
from kapnotes.ui.ledger.window import LedgerWindow


def ok(qtbot, dialog) -> None:
    button = dialog.buttons.buttons()[0]
    assert dialog.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def count_entries(p) -> int:
    return len(p.ledger_entries())


def test_the_window_shows_stock_lots_and_entries(qtbot, ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("OLD1", expiry=date(2025, 1, 1), invoice="INV-0"))
    dosing_session(p, mg=35)  # a draft: pending
    w = LedgerWindow(ServiceContext(p))
    qtbot.addWidget(w)
    stock = {w.stock_model.row(i).lot.lot: i for i in range(w.stock_model.rowCount())}
    row = stock["KT100"]
    assert w.stock_model.index(row, w.stock_model.MG).data() == "2500 mg"
    assert w.stock_model.index(row, w.stock_model.UNITS).data() == "50 mL"
    assert w.stock_model.index(row, w.stock_model.PENDING).data() == "35 mg"
    expired = w.stock_model.index(stock["OLD1"], w.stock_model.EXPIRY)
    assert "EXPIRED" in expired.data()
    assert expired.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert (
        "Expired: lot OLD1" in w.findings.text() and "cannot be administered" in w.findings.text()
    )
    assert w.entry_model.rowCount() == 2
    w.kind_filter.setCurrentIndex(w.kind_filter.findData("receipt"))
    w.lot_filter.setCurrentIndex(w.lot_filter.findData("OLD1"))
    assert [e.lot for e in w.entry_model.rows()] == ["OLD1"]
    w.from_date.setDate(QDate(2026, 1, 4))  # after KT100 came in, on 2026-01-03
    w.lot_filter.setCurrentIndex(0)
    assert w.entry_model.rowCount() == 0


def test_receive_dialog_records_a_receipt_and_refuses_one_without_invoice(qtbot, ledger_practice):
    p = ledger_practice
    d = ReceiveDialog(ServiceContext(p))
    qtbot.addWidget(d)
    for edit, text in ((d.lot, "KT777"), (d.ndc, "0409-2051-05"), (d.strength, "50"),
                       (d.per, "10"), (d.containers, "3"), (d.supplier, "Henry Schein"),
                       (d.dea, "RH0123456")):  # fmt: skip
        type_into(qtbot, edit, text)
    ok(qtbot, d)
    assert "invoice number" in d.message.text() and d.result() != QDialog.DialogCode.Accepted
    assert count_entries(p) == 1 and d.lot.text() == "KT777"  # nothing lost
    type_into(qtbot, d.invoice, "INV-900")
    ok(qtbot, d)
    assert d.result() == QDialog.DialogCode.Accepted
    (entry,) = p.ledger_entries(lot="KT777")
    assert entry.mg == 1500 and entry.details["invoice"] == "INV-900"


def test_receive_dialog_says_which_field_is_not_a_number(qtbot, ledger_practice):
    d = ReceiveDialog(ServiceContext(ledger_practice))
    qtbot.addWidget(d)
    type_into(qtbot, d.strength, "fifty")
    ok(qtbot, d)
    assert d.message.text() == "Strength: type a number."


def test_waste_needs_the_witness_passphrase(qtbot, ledger_practice):
    p = ledger_practice
    d = DisposeDialog(ServiceContext(p), EntryKind.WASTE)
    qtbot.addWidget(d)
    assert len(d.witness_boxes) == 1
    box = d.witness_boxes[0]
    assert "Dr A" not in [box.name.itemData(i) for i in range(box.name.count())]
    box.name.setCurrentIndex(box.name.findData(WITNESS[0]))
    type_into(qtbot, d.mg, "15")
    type_into(qtbot, d.reason, "drawn 50 mg, gave 35 mg")
    type_into(qtbot, box.passphrase.edit, "not their passphrase")
    ok(qtbot, d)
    assert "wrong passphrase for the witness Sam Witness" in d.message.text()
    assert count_entries(p) == 1 and box.passphrase.text() == "" and d.mg.text() == "15"
    type_into(qtbot, box.passphrase.edit, WITNESS[1])
    ok(qtbot, d)
    assert d.result() == QDialog.DialogCode.Accepted
    assert p.ledger_entries(kinds=("waste",))[0].witnesses == (WITNESS[0],)


def test_destroy_asks_two_witnesses_and_keeps_form_41_data(qtbot, ledger_practice):
    p = ledger_practice
    d = DisposeDialog(ServiceContext(p), EntryKind.DESTRUCTION)
    qtbot.addWidget(d)
    assert len(d.witness_boxes) == 2
    for box, (name, phrase) in zip(d.witness_boxes, (WITNESS, SECOND), strict=True):
        box.name.setCurrentIndex(box.name.findData(name))
        type_into(qtbot, box.passphrase.edit, phrase)
    type_into(qtbot, d.mg, "500")
    type_into(qtbot, d.extra["place"], "Medication room")
    type_into(qtbot, d.extra["method"], "Rx Destroyer")
    ok(qtbot, d)
    assert d.result() == QDialog.DialogCode.Accepted, d.message.text()
    entry = p.ledger_entries(kinds=("destruction",))[0]
    assert entry.details == {"place": "Medication room", "method": "Rx Destroyer",
                             "ndc": "0409-2051-05"}  # fmt: skip
    assert entry.witnesses == (WITNESS[0], SECOND[0])


def test_count_with_a_difference_asks_for_reason_and_witness(qtbot, ledger_practice):
    p = ledger_practice
    d = CountDialog(ServiceContext(p))
    qtbot.addWidget(d)
    assert d.expected.text() == "2500 mg"
    type_into(qtbot, d.counted, "2490")
    ok(qtbot, d)
    assert "give a reason" in d.message.text() and count_entries(p) == 1
    type_into(qtbot, d.reason, "overfill")
    ok(qtbot, d)
    assert "needs a witness" in d.message.text()
    box = d.witness_boxes[0]
    box.name.setCurrentIndex(box.name.findData(WITNESS[0]))
    type_into(qtbot, box.passphrase.edit, WITNESS[1])
    d.inventory.setChecked(True)
    ok(qtbot, d)
    assert d.result() == QDialog.DialogCode.Accepted
    line = p.ledger_entries(kinds=("inventory",))[0]
    assert line.details["business"] == "opening" and line.mg == -10


def test_the_window_reverses_an_entry_and_saves_a_report(
    qtbot, ledger_practice, monkeypatch, tmp_path
):
    p = ledger_practice
    p.ledger_dispose("return", "KT100", 100)
    w = LedgerWindow(ServiceContext(p))
    qtbot.addWidget(w)
    w.tabs.setCurrentIndex(2)
    w.entry_view.selectRow(1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("wrong lot returned", True))
    assert w.reverse()
    assert [e.kind for e in p.ledger_entries()] == ["receipt", "return", "reversal"]
    assert w.stock_model.row(0).mg == 2500
    target = tmp_path / "log.pdf"
    monkeypatch.setattr(
        QInputDialog, "getItem", lambda *a, **k: ("Controlled-substance ledger", True)
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert w.export_report() == target
    assert target.read_bytes().startswith(b"%PDF")


def test_the_buttons_open_their_dialogs_and_refresh(qtbot, ledger_practice, monkeypatch):
    p = ledger_practice
    opened = []

    def fake_exec(dialog):
        opened.append(type(dialog).__name__)
        if isinstance(dialog, DisposeDialog):
            p.ledger_dispose("return", "KT100", 5)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    w = LedgerWindow(ServiceContext(p))
    qtbot.addWidget(w)
    qtbot.mouseClick(w.buttons["waste"], Qt.MouseButton.LeftButton)
    assert opened == ["DisposeDialog"]
    assert w.stock_model.row(0).mg == 2495  # refreshed after the dialog


def test_a_read_only_user_sees_but_cannot_record(qtbot, tmp_path):
    from kapnotes.store import open_practice

    path = tmp_path / "ro.kapnotes"
    with open_practice(path, PASSPHRASE, create=True, user="Dr A") as p:
        p.add_user("Reader", "read-only", "reader passphrase", temporary=False)
        p.ledger_receive(receipt())
    with open_practice(path, "reader passphrase", user="Reader") as p:
        w = LedgerWindow(ServiceContext(p))
        qtbot.addWidget(w)
        assert w.stock_model.rowCount() == 1
        assert not w.buttons["receive"].isEnabled() and w.buttons["report"].isEnabled()


def test_waste_names_the_session_it_was_drawn_for(qtbot, ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("KT200", invoice="INV-2"))
    s = dosing_session(p, lot="KT200", day=date.today())
    p.sign_session(s.id, passphrase=PASSPHRASE)
    d = DisposeDialog(ServiceContext(p), EntryKind.WASTE)
    qtbot.addWidget(d)
    assert d.for_session.count() == 2
    d.for_session.setCurrentIndex(1)
    assert d.lot.currentData() == "KT200"  # the session's lot
    box = d.witness_boxes[0]
    box.name.setCurrentIndex(box.name.findData(WITNESS[0]))
    type_into(qtbot, box.passphrase.edit, WITNESS[1])
    type_into(qtbot, d.mg, "15")
    type_into(qtbot, d.reason, "drew 50 mg, gave 35 mg")
    ok(qtbot, d)
    waste = p.ledger_entries(kinds=("waste",))[0]
    assert (waste.session_id, waste.chart, waste.lot) == (s.id, "C-1", "KT200")
