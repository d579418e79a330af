"""What every editor section shares: the session it edits, the context, and its protocol."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from kapnotes.domain.records import Client, Course, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.validation import Finding

T = QAbstractItemView.EditTrigger
# Tables edit on a double click, F2 or simply starting to type in a cell.
EDIT_TRIGGERS = T.DoubleClicked | T.EditKeyPressed | T.AnyKeyPressed | T.SelectedClicked
NO_EDIT = T.NoEditTriggers

# The marker a section emits when a child list (a table) changed: the whole record is saved.
WHOLE = "*"


@dataclass
class EditorContext:
    """What sections need besides the session: its client, the practice settings, the course
    (for date checks) and who is acting (new dose rows are "given by" them)."""

    client: Client | None
    settings: PracticeSettings = field(default_factory=PracticeSettings)
    course: Course | None = None
    actor: str = ""
    # The controlled-substance lots (LotBalance) the administrations pick from.
    stock: list = field(default_factory=list)


class Section(QGroupBox):
    """A titled part of the note. Subclasses write edits straight into `self.session`."""

    # The store field that changed ("intention", "narrative", "dosing", ...) or WHOLE.
    edited = Signal(str)
    # Widgets were added or removed (the editor redoes the tab order).
    rebuilt = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.session: Session | None = None
        self.ctx = EditorContext(None)
        self._loading = False
        self.read_only = False

    @property
    def loaded(self) -> Session:
        """The session being edited, for code that only runs once one is loaded (fill, edits)."""
        if self.session is None:
            raise RuntimeError(f"{type(self).__name__} has no session loaded")
        return self.session

    # -- protocol --------------------------------------------------------------------------
    def load(self, session: Session, ctx: EditorContext) -> None:
        """Show a session's values (no `edited` signals while filling)."""
        self.session, self.ctx = session, ctx
        self._loading = True
        try:
            self.fill()
        finally:
            self._loading = False

    def fill(self) -> None:
        """Put the session's values into the widgets."""

    def local_findings(self) -> list[Finding]:
        """Errors for typed text that could not become a value."""
        return []

    def show_findings(self, findings: list[Finding]) -> None:
        """Show the findings next to their fields (each section picks its own)."""

    def focus_widget(self, field_name: str) -> QWidget | None:
        """The widget to focus for a finding's field, if this section has it."""
        return None

    def has_data(self) -> bool:
        """True when the session holds something this section shows (so it is never hidden)."""
        return False

    def set_read_only(self, read_only: bool) -> None:
        """Make every input of the section read-only (signed notes)."""
        self.read_only = read_only
        for child in self.findChildren(QWidget):
            if isinstance(child, QLineEdit):
                child.setReadOnly(read_only)
                child.setFrame(not read_only)  # no field look: nothing here takes typing
                child.setClearButtonEnabled(False)
            elif isinstance(child, QPlainTextEdit | QAbstractSpinBox):
                child.setReadOnly(read_only)
                if isinstance(child, QPlainTextEdit):
                    child.setFrameShape(child.Shape.NoFrame if read_only else child.Shape.StyledPanel)  # fmt: skip
            elif isinstance(child, QAbstractItemView):
                child.setEditTriggers(NO_EDIT if read_only else EDIT_TRIGGERS)
            elif isinstance(child, QPushButton):
                child.setVisible(not read_only)  # Add / Remove / Mark given: gone, not grey
            elif isinstance(child, QComboBox | QAbstractButton):
                child.setEnabled(not read_only)

    # -- helpers ---------------------------------------------------------------------------
    def write(self, attr: str, value: Any, part: str | None = None) -> None:
        """Put an edited value into `session.attr` (or `session.part.attr`) and report it."""
        if self.session is None or self._loading:
            return
        setattr(getattr(self.session, part) if part else self.session, attr, value)
        self.emit_edit(part or attr)

    def emit_edit(self, store_field: str) -> None:
        if not self._loading and not self.read_only and self.session is not None:
            self.edited.emit(store_field)


def by_prefix(findings: list[Finding], *prefixes: str) -> list[Finding]:
    """Findings whose field is one of `prefixes` or below it."""
    out = []
    for f in findings:
        for p in prefixes:
            if f.field == p or f.field.startswith(p + ".") or f.field.startswith(p + "["):
                out.append(f)
                break
    return out
