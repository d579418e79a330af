"""Settings > Phrases: one "shortcut = text" line per phrase (Ctrl+; inserts them)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from kapnotes.domain.phrases import as_lines, parse_lines, prompts_as_lines
from kapnotes.domain.settings import PracticeSettings


class PhrasesPage(QWidget):
    def __init__(self, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        intro = QLabel(
            "One phrase a line: <b>shortcut = text</b>. While writing a note, type the shortcut "
            "and press Ctrl+; to expand it, or press Ctrl+; to pick a phrase (the list filters "
            "as you type).",
            self,
        )
        intro.setWordWrap(True)
        self.edit = QPlainTextEdit(as_lines(settings.phrases), self)
        self.problems = QLabel(self)
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        prompts_intro = QLabel(
            "Note template section prompts, one a line: <b>Section = prompt</b> (shown in an "
            "empty section of a note, never saved as text).",
            self,
        )
        prompts_intro.setWordWrap(True)
        self.prompts = QPlainTextEdit(prompts_as_lines(settings.section_prompts), self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.problems)
        layout.addWidget(prompts_intro)
        layout.addWidget(self.prompts, 1)
        self.edit.textChanged.connect(self._check)

    def _check(self) -> None:
        _pairs, problems = parse_lines(self.edit.toPlainText())
        self.problems.setText("; ".join(problems[:3]) + (" (those lines are not kept)" if problems else ""))  # fmt: skip

    def apply(self, settings: PracticeSettings) -> None:
        settings.phrases, _problems = parse_lines(self.edit.toPlainText())
        lines = [line.partition("=") for line in self.prompts.toPlainText().splitlines()]
        settings.section_prompts = {
            k.strip(): v.strip() for k, sep, v in lines if sep and k.strip() and v.strip()
        }
