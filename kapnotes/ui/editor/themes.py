"""Integration themes: pick from the vocabulary, add the clinic's own tags, a note per theme."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.records import ThemeTag
from kapnotes.domain.vocab import slug, vocabulary
from kapnotes.ui.editor.base import WHOLE, Section

COLUMNS = 3
# Own tags longer than this are shortened in the grid (full in the tooltip); the
# vocabulary's longest label ("Relationships and attachment", 28) stays whole.
SHOWN_CHARS = 30


def shown_label(label: str) -> str:
    """The check box text: long own tags would widen all three columns past the note column."""
    return label if len(label) <= SHOWN_CHARS else label[: SHOWN_CHARS - 1].rstrip() + "…"


class ThemesSection(Section):
    """Themes that came up, each with an optional note."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Integration themes", parent)
        self.grid = QGridLayout()
        self.boxes: dict[str, QCheckBox] = {}
        self.labels: dict[str, str] = {}
        self.notes_form = QFormLayout()
        # A long tag name goes above its note field instead of pushing the field off screen.
        self.notes_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.note_edits: dict[str, QLineEdit] = {}
        self._kept_notes: dict[str, str] = {}
        # An own tag typed but not added yet belongs to its session: kept per session while
        # switching notes, never carried into the next one (where Enter would add it).
        self._typed_tags: dict[int | None, str] = {}
        self._shown_id: int | None = None
        self.tag_edit = QLineEdit(self)
        self.tag_edit.setPlaceholderText("Your own tag, e.g. Inner child")
        self.tag_button = QPushButton("Add &tag", self)
        tag_row = QHBoxLayout()
        caption = QLabel("&Own tag:", self)
        caption.setBuddy(self.tag_edit)
        tag_row.addWidget(caption)
        tag_row.addWidget(self.tag_edit, 1)
        tag_row.addWidget(self.tag_button)
        self.notes_caption = QLabel("Notes on the chosen themes:", self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addLayout(tag_row)
        layout.addWidget(self.notes_caption)
        layout.addLayout(self.notes_form)
        self.tag_button.clicked.connect(self.add_tag)
        self.tag_edit.returnPressed.connect(self.add_tag)

    def fill(self) -> None:
        if self.loaded.id != self._shown_id:
            if self.tag_edit.text():
                self._typed_tags[self._shown_id] = self.tag_edit.text()
            self.tag_edit.setText(self._typed_tags.pop(self.loaded.id, ""))
            self._shown_id = self.loaded.id
        vocab = vocabulary("themes").extended(self.ctx.settings.extra_themes)
        terms = [(t.code, t.label) for t in vocab]
        known = {c for c, _ in terms}
        terms += [(t.theme, t.theme) for t in self.loaded.themes if t.theme not in known]
        self._kept_notes = {}
        self._build_boxes(terms)
        chosen = {t.theme for t in self.loaded.themes}
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in chosen)
            box.blockSignals(False)
        self._build_notes()

    def _build_boxes(self, terms: list[tuple[str, str]]) -> None:
        if [(c, self.labels[c]) for c in self.boxes] == terms:
            return
        for box in self.boxes.values():
            self.grid.removeWidget(box)
            box.hide()  # deleteLater only acts on the next event-loop turn
            box.deleteLater()
        self.boxes, self.labels = {}, {}
        for code, label in terms:
            self._add_box(code, label)

    def _add_box(self, code: str, label: str) -> QCheckBox:
        box = QCheckBox(shown_label(label), self)
        if shown_label(label) != label:
            box.setToolTip(label)
        i = len(self.boxes)
        self.grid.addWidget(box, i // COLUMNS, i % COLUMNS)
        box.toggled.connect(lambda checked, c=code: self._on_toggled(c, checked))
        self.boxes[code], self.labels[code] = box, label
        return box

    def _build_notes(self) -> None:
        """One note field per chosen theme, in the order they were chosen."""
        while self.notes_form.rowCount():
            self.notes_form.removeRow(0)  # deletes the row's label and field
        self.note_edits = {}
        for tag in self.loaded.themes:
            edit = QLineEdit(tag.note, self)
            edit.setPlaceholderText("Note (optional)")
            edit.setAccessibleName(f"Note on {self.labels.get(tag.theme, tag.theme)}")
            edit.setReadOnly(self.read_only)
            edit.textEdited.connect(lambda text, t=tag: self._on_note(t, text))
            self.notes_form.addRow(self.labels.get(tag.theme, tag.theme) + ":", edit)
            self.note_edits[tag.theme] = edit
        self.notes_caption.setVisible(bool(self.loaded.themes))
        self.rebuilt.emit()

    def _on_toggled(self, code: str, checked: bool) -> None:
        if self.session is None or self._loading or self.read_only:
            return
        existing = [t for t in self.session.themes if t.theme == code]
        if checked and not existing:
            self.session.themes.append(ThemeTag(theme=code, note=self._kept_notes.pop(code, "")))
        elif not checked:
            for tag in existing:
                # Keep the note in memory: ticking the theme again brings it back.
                self._kept_notes[code] = tag.note
                self.session.themes.remove(tag)
        self._build_notes()
        self.emit_edit(WHOLE)

    def _on_note(self, tag: ThemeTag, text: str) -> None:
        tag.note = text
        self.emit_edit(WHOLE)

    def add_tag(self) -> None:
        """Tick the vocabulary theme the text names, or add the text as the clinic's own tag."""
        text = " ".join(self.tag_edit.text().split())
        if not text or self.read_only or self.session is None:
            return
        code = None
        for c, label in self.labels.items():
            if c == slug(text) or label.casefold() == text.casefold() or c == text:
                code = c
                break
        box = self.boxes[code] if code else self._add_box(text, text)
        self.tag_edit.clear()
        if not box.isChecked():
            box.setChecked(True)
        edit = self.note_edits.get(code or text)
        if edit is not None:
            edit.setFocus()

    def has_data(self) -> bool:
        return bool(self.session and self.session.themes)
