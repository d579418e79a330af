"""The Lot cell of an administration: an editable combo of the lots on hand for the row's
drug, each showing its balance and expiry (expired lots are not offered; typing a lot number
by hand stays possible, and the findings then say what is wrong with it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kapnotes.domain.ledger import LotBalance, expiry_status, fmt_qty


def lot_label(b: LotBalance, today: date) -> str:
    soon = " · expires soon" if expiry_status(b.lot.expiry, today) == "expiring" else ""
    return f"{b.lot.lot} — {fmt_qty(b.mg)} mg · exp {b.lot.expiry.isoformat()}{soon}"


def lots_for(stock: list[LotBalance], medication: str, day: date) -> list[LotBalance]:
    """Lots with stock that are not expired on the day, of the row's drug, soonest expiry
    first (first expiring, first used)."""
    drug = "esketamine" if medication == "esketamine" else "ketamine"
    usable = [
        b for b in stock
        if b.mg > 0 and b.lot.drug == drug and expiry_status(b.lot.expiry, day) != "expired"
    ]  # fmt: skip
    return sorted(usable, key=lambda b: (b.lot.expiry, b.lot.lot))


class LotDelegate(QStyledItemDelegate):
    """Edits the Lot column; `stock()` and `day()` come from the section that owns it."""

    def __init__(self, stock: Callable[[], list[LotBalance]], day: Callable[[], date],
                 medication_column: int, parent: QObject | None = None):  # fmt: skip
        super().__init__(parent)
        self.stock, self.day, self.medication_column = stock, day, medication_column

    def createEditor(  # noqa: N802 (Qt's name)
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem("", "")
        medication = index.sibling(index.row(), self.medication_column).data(
            Qt.ItemDataRole.EditRole
        )
        day = self.day()
        for b in lots_for(self.stock(), medication or "racemic", day):
            combo.addItem(lot_label(b, day), b.lot.lot)
        return combo

    def setEditorData(  # noqa: N802 (Qt's name)
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)  # the editor createEditor made
        lot = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findData(lot)
        if found < 0:
            editor.addItem(lot, lot)
            found = editor.count() - 1
        editor.setCurrentIndex(found)

    def setModelData(  # noqa: N802 (Qt's name)
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)  # the editor createEditor made
        text = editor.currentText().strip()
        chosen = editor.currentData() if editor.currentText() == editor.itemText(
            editor.currentIndex()
        ) else None  # fmt: skip
        # A typed lot number is kept as typed (its first word: "KT100 — 925 mg" -> "KT100").
        model.setData(index, chosen if chosen is not None else text.split(" ")[0] if text else "")
