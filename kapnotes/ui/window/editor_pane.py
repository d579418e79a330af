"""The main window's note pane: the session editor, built when first needed.

The editor is the costliest part of the window (a dozen sections, their models and combos): at
the start the window is painted with this pane empty, and the editor is built just after the
first paint, before the client list loads (kapnotes/ui/app.py). Everything that reaches the
note goes through `pane.editor`, which builds it on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kapnotes.ui.editor import SessionEditor


class EditorPane(QWidget):
    """Holds the note editor; `built` is emitted once, with the editor, when it exists."""

    built = Signal(object)

    def __init__(self, factory: Callable[[QWidget], SessionEditor], parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self._factory = factory
        self._editor: SessionEditor | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def is_built(self) -> bool:
        return self._editor is not None

    @property
    def editor(self) -> SessionEditor:
        """The editor, built now if it was not yet."""
        if self._editor is None:
            self._editor = self._factory(self)
            self._layout.addWidget(self._editor)
            self.setFocusProxy(self._editor)
            self.built.emit(self._editor)
        return self._editor

    def edits_pending(self) -> bool:
        """True while the note has edits not yet stored."""
        return self._editor is not None and self._editor.autosave.pending

    def may_close(self) -> bool:
        """True unless the note has edits the store refused and the user keeps the window."""
        if not self.edits_pending():
            return True
        assert self._editor is not None
        # Closing now would drop what is typed: say why (never the note's text) and ask.
        answer = QMessageBox.warning(
            self.window(),
            "Changes not saved",
            "The latest changes to this note could not be saved:\n"
            f"{self._editor.autosave.last_error}\n\nClose anyway and lose them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
