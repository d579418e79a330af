"""Scale scores: the shared ScaleScoresEditor (ui/scales/) embedded as a section."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kapnotes.domain.validation import Finding
from kapnotes.ui.editor.base import WHOLE, Section, by_prefix
from kapnotes.ui.editor.fields import FieldMessage
from kapnotes.ui.scales.editor import ScaleScoresEditor


class ScalesSection(Section):
    """Rating scales (PHQ-9, GAD-7, ...): items entered, totals and bands computed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Scale scores", parent)
        layout = QVBoxLayout(self)
        self.editor = ScaleScoresEditor(self)
        layout.addWidget(self.editor)
        self.editor.changed.connect(self._on_changed)
        self.message = FieldMessage(self)
        layout.addWidget(self.message)

    def fill(self) -> None:
        self.editor.set_scores(list(self.session.scales))

    def _on_changed(self) -> None:
        if self.session is None or self._loading or self.read_only:
            return
        self.session.scales[:] = self.editor.scores()
        # WHOLE also redoes the editor's tab order (a scale may have been added or removed).
        self.emit_edit(WHOLE)

    def show_findings(self, findings: list[Finding]) -> None:
        self.message.show_findings(by_prefix(findings, "scales"))

    def has_data(self) -> bool:
        return bool(self.session and self.session.scales)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.editor.set_read_only(read_only)
