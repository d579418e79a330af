"""The entry form of one rating scale: its items, the live total and band, safety flags."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.formatting import fmt_score
from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import ScaleDef, ScaleResult, finite, score
from kapnotes.ui.scales.badges import Badge
from kapnotes.ui.scales.item_input import ItemInput


def total_text(scale: ScaleDef, result: ScaleResult) -> str:
    """What the form says about a score: total and band, or how many items are missing."""
    if result.total is None:
        return "not entered"
    word = "mean" if scale.scoring in ("mean", "subscales") else "total"
    if scale.scoring == "cssrs":
        word = "yes answers"
    if not result.complete:
        n = len(result.missing)
        return f"{word} {fmt_score(result.total)} so far — {n} of {scale.n_items} items missing"
    text = f"{word} {fmt_score(result.total)}"
    if scale.scoring == "cssrs":
        text += f" · risk {result.band}"
    elif result.band:
        text += f" · {result.band}"
    return text


def anchors_hint(scale: ScaleDef) -> str:
    """The meaning of the item values in one line ("0 Not at all · 1 Several days ...")."""
    if scale.yes_no:
        return "Y = yes, N = no, blank = not asked"
    if scale.anchors:
        return " · ".join(f"{scale.item_min + i} {a}" for i, a in enumerate(scale.anchors))
    return f"{scale.item_min} (not at all) to {scale.item_max} (entirely); blank = missing"


class ScaleForm(QFrame):
    """One scale on the session: header with total/band/flag, then item rows (or a total)."""

    changed = Signal()
    removeRequested = Signal(object)

    def __init__(self, scale: ScaleDef, parent: QWidget | None = None):
        super().__init__(parent)
        self.scale = scale
        self.score_id: int | None = None
        self.inputs: list[ItemInput] = []
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"scale_{scale.code}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 8)

        header = QHBoxLayout()
        self.toggle = QToolButton()
        self.toggle.setText("▾")
        self.toggle.setAutoRaise(True)
        self.toggle.setToolTip("Show or hide the items")
        self.toggle.setAccessibleName(f"Show or hide {scale.label} items")
        self.toggle.clicked.connect(self._toggle_items)
        title = QLabel(scale.label)
        font = QFont(title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        title.setFont(font)
        self.total_label = QLabel()
        self.total_label.setObjectName("total")
        self.remove_button = QPushButton("Remove")
        self.remove_button.setAccessibleName(f"Remove {scale.label}")
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))
        header.addWidget(self.toggle)
        header.addWidget(title)
        header.addWidget(self.total_label, 1)
        header.addWidget(self.remove_button)
        outer.addLayout(header)
        self.flag = Badge("safety")
        self.flag.setObjectName("safety_flag")
        outer.addWidget(self.flag)
        self.subscales = QLabel()
        self.subscales.setWordWrap(True)
        self.subscales.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.subscales.hide()
        outer.addWidget(self.subscales)

        self.body = QWidget()
        outer.addWidget(self.body)
        if scale.total_only:
            self._build_total()
        else:
            self._build_items()
        self.refresh()

    # -- building --------------------------------------------------------------------------
    def _build_total(self) -> None:
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(f"Total (0–{fmt_score(self.scale.total_max)}), entered from the paper form:")
        self.total_input = QLineEdit()
        self.total_input.setAccessibleName(f"{self.scale.label} total")
        self.total_input.setPlaceholderText("–")
        self.total_input.setValidator(
            QRegularExpressionValidator(r"^\d{0,2}([.,]\d)?$", self.total_input)
        )
        self.total_input.setFixedWidth(
            self.total_input.fontMetrics().horizontalAdvance("0000") + 24
        )
        self.total_input.textChanged.connect(self._edited)
        label.setBuddy(self.total_input)
        row.addWidget(label)
        row.addWidget(self.total_input)
        row.addStretch(1)

    def _build_items(self) -> None:
        grid = QGridLayout(self.body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        hint = QLabel(anchors_hint(self.scale))
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        grid.addWidget(hint, 0, 0, 1, 4)
        self.anchor_labels: list[QLabel] = []
        for i in range(self.scale.n_items):
            labels = self.scale.item_labels
            text = labels[i] if i < len(labels) else f"Item {i + 1}"
            number = QLabel(f"{i + 1}.")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item_label = QLabel(text)
            item_label.setWordWrap(True)
            box = ItemInput(self.scale.item_min, self.scale.item_max, self.scale.yes_no)
            box.setAccessibleName(f"{self.scale.label} item {i + 1}: {text}")
            box.setObjectName(f"{self.scale.code}_item_{i + 1}")
            box.valueChanged.connect(self._edited)
            item_label.setBuddy(box)
            anchor = QLabel()
            anchor.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            anchor.setMinimumWidth(anchor.fontMetrics().horizontalAdvance("More than half the"))
            grid.addWidget(number, i + 1, 0)
            grid.addWidget(item_label, i + 1, 1)
            grid.addWidget(box, i + 1, 2)
            grid.addWidget(anchor, i + 1, 3)
            self.inputs.append(box)
            self.anchor_labels.append(anchor)
        grid.setColumnStretch(1, 1)

    # -- values ----------------------------------------------------------------------------
    def set_score(self, s: ScaleScore) -> None:
        """Show a stored score without emitting changed."""
        self.blockSignals(True)
        try:
            self.score_id = s.id
            if self.scale.total_only:
                total = finite(s.total)
                self.total_input.setText("" if total is None else fmt_score(total))
            else:
                values = list(s.items) + [None] * self.scale.n_items
                for box, value in zip(self.inputs, values, strict=False):
                    box.set_value(value)
        finally:
            self.blockSignals(False)
        self.refresh()

    def score(self) -> ScaleScore:
        """The score as entered now (blank items are None)."""
        if self.scale.total_only:
            text = self.total_input.text().strip().replace(",", ".")
            try:
                total: float | None = float(text) if text else None
            except ValueError:
                total = None
            if total is not None and total.is_integer():
                total = int(total)
            return ScaleScore(self.scale.code, [], total, id=self.score_id)
        return ScaleScore(
            self.scale.code, [b.stored_value() for b in self.inputs], id=self.score_id
        )

    def has_entries(self) -> bool:
        s = self.score()
        return s.total is not None or any(v is not None for v in s.items)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.inputs:
            box.setReadOnly(read_only)
        if self.scale.total_only:
            self.total_input.setReadOnly(read_only)
        self.remove_button.setVisible(not read_only)

    def focus_chain(self) -> list[QWidget]:
        """The form's focusable widgets in Tab order: items first, then its buttons."""
        inputs: list[QWidget] = [self.total_input] if self.scale.total_only else list(self.inputs)
        return [*inputs, self.toggle, self.remove_button]

    def first_input(self) -> QWidget:
        return self.total_input if self.scale.total_only else self.inputs[0]

    # -- live feedback ---------------------------------------------------------------------
    def _edited(self) -> None:
        self.refresh()
        if not self.signalsBlocked():
            self.changed.emit()

    def refresh(self) -> None:
        """Recompute total, band, missing count and flags from the entered values."""
        s = self.score()
        result = score(s)
        if self.scale.total_only and s.total is not None and result.total is None:
            self.total_label.setText(f"out of range (0–{fmt_score(self.scale.total_max)})")
        else:
            self.total_label.setText(total_text(self.scale, result))
        self.total_label.setAccessibleName(f"{self.scale.label} {self.total_label.text()}")
        self.flag.show_text(f"⚠ Safety flag: {result.safety_flag}" if result.safety_flag else "")
        if result.subscales:
            self.subscales.setText(
                "Subscale means: "
                + ", ".join(f"{name} {value:.2f}" for name, value in result.subscales.items())
            )
        self.subscales.setVisible(bool(result.subscales))
        if not self.scale.total_only:
            for box, anchor in zip(self.inputs, self.anchor_labels, strict=True):
                # The yes/no box already says its answer in words.
                anchor.setText("" if self.scale.yes_no else self.scale.anchor(box.value()))

    def _toggle_items(self) -> None:
        self.body.setVisible(not self.body.isVisible())
        self.toggle.setText("▾" if self.body.isVisible() else "▸")
