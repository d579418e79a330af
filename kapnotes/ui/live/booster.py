"""The inline row that adds a dose or booster: pre-filled, editable, Enter confirms."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from kapnotes.domain.ledger import LotBalance
from kapnotes.domain.records import Administration
from kapnotes.domain.vocab import routes, vocabulary
from kapnotes.ui.editor.lot_picker import lot_label, lots_for


class BoosterRow(QFrame):
    """Route, medication, mg and site of a new administration; Enter adds it, Esc cancels."""

    accepted = Signal(object)  # Administration without a time (the view stamps it)
    cancelled = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QVBoxLayout(self)
        self.title = QLabel("Booster:")
        self.route = QComboBox()
        self.route.setAccessibleName("Route")
        for code, r in routes().items():
            self.route.addItem(r.label, code)
        self.medication = QComboBox()
        self.medication.setAccessibleName("Medication")
        for term in vocabulary("medications"):
            self.medication.addItem(term.label, term.code)
        self.mg = QLineEdit()
        self.mg.setAccessibleName("Dose in mg")
        self.mg.setPlaceholderText("mg")
        self.mg.setValidator(QRegularExpressionValidator(r"^\d{0,4}([.,]\d{0,2})?$", self.mg))
        # The lot the dose is drawn from: lots on hand of the chosen drug, balance and expiry.
        self.lot = QComboBox()
        self.lot.setAccessibleName("Lot")
        self.lot.setEditable(True)
        self.lot.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.lot.lineEdit().setPlaceholderText("lot")
        self._stock: list[LotBalance] = []
        self._day = date.today()
        self.medication.currentIndexChanged.connect(lambda: self._fill_lots(self.lot_text()))
        self.site = QLineEdit()
        self.site.setAccessibleName("Site or device")
        self.site.setPlaceholderText("site / device")
        self.add_button = QPushButton("Add (Enter)")
        self.add_button.clicked.connect(self.confirm)
        self.cancel_button = QPushButton("Cancel (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.error = QLabel()
        self.error.setObjectName("booster_error")
        self.error.hide()
        mg_label = QLabel("mg")
        self.mg.setMinimumWidth(self.mg.fontMetrics().horizontalAdvance("0000.00") + 24)
        self.site.setMinimumWidth(self.site.fontMetrics().horizontalAdvance("site / device") + 40)
        # Two lines: what is given, then the buttons and any message, so nothing is squeezed.
        grid = QGridLayout()
        for col, widget in enumerate((self.title, self.route, self.medication, self.mg, mg_label)):
            grid.addWidget(widget, 0, col)
        grid.addWidget(self.site, 0, 5)
        grid.addWidget(self.lot, 0, 6)
        grid.setColumnStretch(5, 1)
        grid.setColumnStretch(6, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.error, 1)
        row.addLayout(grid)
        row.addLayout(buttons)

    def open_with(self, template: Administration, first: bool) -> None:
        """Show the row pre-filled from `template`, cursor in mg with the value selected."""
        self.title.setText("First dose:" if first else "Booster:")
        self.route.setCurrentIndex(max(0, self.route.findData(template.route)))
        self.medication.setCurrentIndex(max(0, self.medication.findData(template.medication)))
        self.mg.setText(f"{template.mg:g}" if template.mg else "")
        self.site.setText(template.site)
        self._fill_lots(template.lot)
        self.error.hide()
        self.show()
        self.mg.setFocus()
        self.mg.selectAll()

    def administration(self) -> Administration | None:
        """The administration as typed, or None (with a message shown) when mg is missing."""
        text = self.mg.text().strip().replace(",", ".")
        try:
            mg = float(text)
        except ValueError:
            mg = 0.0
        if mg <= 0:
            self.show_error("Type the dose in mg.")
            return None
        return Administration(
            time=None,
            route=self.route.currentData(),
            mg=mg,
            medication=self.medication.currentData(),
            site=self.site.text().strip(),
            lot=self.lot_text(),
        )

    def set_stock(self, stock: list[LotBalance], day: date) -> None:
        """The lots the next dose may be drawn from (the session's day decides expiry)."""
        self._stock, self._day = list(stock), day

    def _fill_lots(self, keep: str) -> None:
        self.lot.clear()
        self.lot.addItem("", "")
        for b in lots_for(self._stock, self.medication.currentData() or "racemic", self._day):
            self.lot.addItem(lot_label(b, self._day), b.lot.lot)
        found = self.lot.findData(keep) if keep else -1
        if found < 0 and keep:
            self.lot.addItem(keep, keep)
            found = self.lot.count() - 1
        # No lot given: the one expiring first (first expiring, first used).
        self.lot.setCurrentIndex(found if found >= 0 else min(1, self.lot.count() - 1))

    def lot_text(self) -> str:
        """The chosen lot number (a typed one as typed, its first word)."""
        text = self.lot.currentText().strip()
        if text == self.lot.itemText(self.lot.currentIndex()):
            return self.lot.currentData() or ""
        return text.split(" ")[0] if text else ""

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setStyleSheet("color: #e5484d; font-weight: bold;")
        self.error.show()

    def confirm(self) -> None:
        adm = self.administration()
        if adm is not None:
            self.accepted.emit(adm)

    def cancel(self) -> None:
        self.hide()
        self.cancelled.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Line edits and combo boxes pass Enter up to here: the whole row confirms on Enter.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)
