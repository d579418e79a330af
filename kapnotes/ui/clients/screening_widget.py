"""The contraindications checklist: each item yes / no / not assessed, with a note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from kapnotes.domain.records import ScreeningItem
from kapnotes.domain.vocab import vocabulary

ANSWERS = (("not_assessed", "Not assessed"), ("no", "No"), ("yes", "Yes"))


class ScreeningChecklist(QWidget):
    """One row per screening item of the vocabulary (and any stored item it does not know)."""

    def __init__(self, items: list[ScreeningItem] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._rows: dict[str, tuple[QComboBox, QLineEdit]] = {}
        layout = QGridLayout(self)
        layout.addWidget(QLabel("<b>Item</b>"), 0, 0)
        layout.addWidget(QLabel("<b>Answer</b>"), 0, 1)
        layout.addWidget(QLabel("<b>Note</b>"), 0, 2)
        stored = {s.item: s for s in items or []}
        vocab = vocabulary("screening")
        codes = vocab.codes() + [code for code in stored if code not in vocab]
        for row, code in enumerate(codes, start=1):
            label = QLabel(vocab.label(code))
            label.setWordWrap(True)
            combo = QComboBox()
            for value, text in ANSWERS:
                combo.addItem(text, value)
            note = QLineEdit()
            note.setPlaceholderText("note")
            label.setBuddy(combo)
            item = stored.get(code)
            if item is not None:
                combo.setCurrentIndex(max(0, combo.findData(item.answer)))
                note.setText(item.note)
            layout.addWidget(label, row, 0)
            layout.addWidget(combo, row, 1)
            layout.addWidget(note, row, 2)
            self._rows[code] = (combo, note)
        layout.setRowStretch(len(codes) + 1, 1)  # rows stay together at the top
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(2, 2)

    def combo(self, code: str) -> QComboBox:
        return self._rows[code][0]

    def note_edit(self, code: str) -> QLineEdit:
        return self._rows[code][1]

    def items(self) -> list[ScreeningItem]:
        """Every item with an answer or a note (unanswered, note-less items are not stored)."""
        out = []
        for code, (combo, note) in self._rows.items():
            answer = combo.currentData()
            if answer != "not_assessed" or note.text().strip():
                out.append(ScreeningItem(item=code, answer=answer, note=note.text()))
        return out
