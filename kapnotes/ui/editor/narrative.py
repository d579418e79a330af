"""The narrative note, in the sections of the chosen template (free, SOAP, DAP, BIRP)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.vocab import template_sections, vocabulary
from kapnotes.ui.editor.base import Section
from kapnotes.ui.editor.fields import fill_combo, select_code

MAX_HEIGHT = 420  # beyond this a section scrolls inside its own box


class NarrativeSection(Section):
    """One text box per template section; switching template never drops text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Narrative", parent)
        self.template_combo = QComboBox(self)
        fill_combo(self.template_combo, ((t.code, t.label) for t in vocabulary("templates")))
        self.template_combo.setAccessibleName("Note template")
        caption = QLabel("Te&mplate:", self)
        caption.setBuddy(self.template_combo)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addWidget(self.template_combo)
        top.addStretch(1)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.editors: dict[str, QPlainTextEdit] = {}
        self._min_lines = 8
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.form)
        self.template_combo.currentIndexChanged.connect(self._on_template)

    def fill(self) -> None:
        select_code(self.template_combo, self.loaded.template)
        self._build()

    def section_names(self) -> list[str]:
        """The template's sections, then any other section that still holds text."""
        names = template_sections(self.loaded.template)
        return names + [k for k, v in self.loaded.narrative.items() if k not in names and v]

    def _build(self) -> None:
        names = self.section_names()
        template = set(template_sections(self.loaded.template))
        if list(self.editors) != names:
            while self.form.rowCount():
                row = self.form.takeRow(0)  # keeps the widgets: editors are reused below
                label = row.labelItem.widget() if row.labelItem is not None else None
                if label is not None:
                    label.hide()
                    label.deleteLater()
            old, self.editors = self.editors, {}
            for name in names:
                editor = old.pop(name, None) or self._make_editor(name)
                caption = name if name in template else f"{name} (kept from another template)"
                label = QLabel(f"{caption}:", self)
                label.setBuddy(editor)
                self.form.addRow(label, editor)
                self.editors[name] = editor
            for editor in old.values():
                editor.hide()
                editor.deleteLater()
            self.rebuilt.emit()
            self._min_lines = 8 if len(names) == 1 else 3
            for editor in self.editors.values():
                self._fit(editor)
        prompts = self.ctx.settings.section_prompts  # the note template's section prompts
        for name, editor in self.editors.items():
            editor.setPlaceholderText(prompts.get(name, ""))
            text = self.loaded.narrative.get(name, "")
            if editor.toPlainText() != text:
                editor.blockSignals(True)
                editor.setPlainText(text)
                editor.blockSignals(False)
            editor.setReadOnly(self.read_only)

    def _make_editor(self, name: str) -> QPlainTextEdit:
        editor = QPlainTextEdit(self)
        editor.setTabChangesFocus(True)
        editor.setAccessibleName(f"Narrative: {name}")
        editor.setObjectName(f"narrative_{name}")
        editor.textChanged.connect(lambda n=name: self._on_text(n))
        # Grow with the text (up to MAX_HEIGHT) so short sections stay short.
        layout = editor.document().documentLayout()
        layout.documentSizeChanged.connect(lambda _size, e=editor: self._fit(e))
        return editor

    def _fit(self, editor: QPlainTextEdit) -> None:
        lines = max(self._min_lines, int(editor.document().documentLayout().documentSize().height()) + 1)  # fmt: skip
        margins = editor.contentsMargins()
        chrome = 2 * editor.document().documentMargin() + margins.top() + margins.bottom()
        height = int(lines * editor.fontMetrics().lineSpacing() + chrome + 4)
        editor.setFixedHeight(min(MAX_HEIGHT, height))

    def _on_template(self) -> None:
        if self.session is None or self._loading or self.read_only:
            return
        self.session.template = self.template_combo.currentData()
        self._build()
        self.emit_edit("template")

    def _on_text(self, name: str) -> None:
        if self.session is None or self._loading or self.read_only:
            return
        editor = self.editors.get(name)
        if editor is None:
            return
        text = editor.toPlainText()
        if text:
            self.session.narrative[name] = text
        else:
            self.session.narrative.pop(name, None)
        self.emit_edit("narrative")

    def has_data(self) -> bool:
        return True
