"""Phrases while writing: Ctrl+; in any text field of the note. A shortcut typed just before
the cursor expands at once; otherwise a picker opens that filters as you type (by shortcut or
by words of the text) and Enter inserts the phrase at the cursor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.phrases import Phrase, exact, matching, phrases_from

SHORTCUT = "Ctrl+;"


class PhrasePicker(QDialog):
    """A filter field over the list of phrases; Enter (or a double click) chooses."""

    def __init__(self, phrases: list[Phrase], typed: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Insert phrase")
        self.setMinimumWidth(520)
        self.phrases = phrases
        self.filter = QLineEdit(typed, self)
        self.filter.setPlaceholderText("type a shortcut or words of the phrase")
        self.list = QListWidget(self)
        self.empty = QLabel("No phrase matches. Phrases are kept in Settings > Phrases.", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.filter.textChanged.connect(self.refilter)
        self.filter.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _i: self.accept())
        self.filter.installEventFilter(self)
        self.refilter()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        # Up and Down in the filter move through the list, so the hands stay on the keys.
        arrow = event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)  # fmt: skip
        if watched is self.filter and arrow:
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return True
        return False

    def refilter(self, _text: str = "") -> None:
        self.list.clear()
        for p in matching(self.phrases, self.filter.text()):
            item = QListWidgetItem(f"{p.shortcut} — {p.text}")
            item.setData(Qt.ItemDataRole.UserRole, p.text)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.empty.setVisible(self.list.count() == 0)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def _word_before_cursor(widget) -> str:
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.StartOfWord, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()
    text, pos = widget.text(), widget.cursorPosition()
    start = pos
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:pos]


def _replace_word(widget, word: str, text: str) -> None:
    """Insert `text` at the cursor in place of the `word` just before it (one undo step)."""
    if isinstance(widget, QPlainTextEdit):
        cursor = widget.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(word))  # fmt: skip
        cursor.insertText(text)
        widget.setTextCursor(cursor)
    else:
        for _ in word:
            widget.backspace()
        widget.insert(text)


def insert_phrase(widget, phrases: list[Phrase], pick: Callable[[PhrasePicker], bool] | None = None) -> bool:  # fmt: skip
    """Expand the shortcut before the cursor, or pick a phrase; True when text was inserted."""
    if not isinstance(widget, QPlainTextEdit | QLineEdit) or widget.isReadOnly():
        return False
    word = _word_before_cursor(widget)
    found = exact(phrases, word)
    if found is not None:
        _replace_word(widget, word, found.text)
        return True
    picker = PhrasePicker(phrases, word, widget.window())
    accepted = pick(picker) if pick is not None else bool(picker.exec())
    text = picker.chosen() if accepted else None
    typed_filter = picker.filter.text()
    picker.deleteLater()
    if not text:
        return False
    # The word typed before the cursor was the filter: it becomes the phrase.
    _replace_word(widget, word if typed_filter.startswith(word) and word else "", text)
    widget.setFocus()
    return True


def install_phrases(window: QWidget, phrase_pairs: Callable[[], list]) -> QShortcut:
    """Ctrl+; anywhere in the window inserts a phrase into the focused text field."""
    shortcut = QShortcut(QKeySequence(SHORTCUT), window)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(
        lambda: insert_phrase(QApplication.focusWidget(), phrases_from(phrase_pairs()))
    )
    return shortcut
