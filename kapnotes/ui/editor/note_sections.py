"""The sections of a note in reading order, in one scrolling column, and what the editor does
to all of them at once: load a session, show findings, go read-only, bring a field into view,
say whether text on screen waits for the store, and show only the sections that fit the
session's kind (asking before a kind change would hide content).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QScrollArea, QVBoxLayout, QWidget

from kapnotes.domain.records import Session
from kapnotes.domain.validation import Finding
from kapnotes.domain.vocab import vocabulary
from kapnotes.ui.editor.adverse import AdverseEventsSection
from kapnotes.ui.editor.autosave import storable_copy
from kapnotes.ui.editor.base import EditorContext, Section
from kapnotes.ui.editor.checklist import ChecklistSection
from kapnotes.ui.editor.discharge import DischargeSection, RemsSection
from kapnotes.ui.editor.dosing import DosingSection
from kapnotes.ui.editor.effects import EffectsSection
from kapnotes.ui.editor.narrative import NarrativeSection
from kapnotes.ui.editor.overview import OverviewSection
from kapnotes.ui.editor.scales import ScalesSection
from kapnotes.ui.editor.signing import SignaturePanel
from kapnotes.ui.editor.themes import ThemesSection
from kapnotes.ui.editor.vitals import VitalsSection

DOSING_KINDS = ("dosing", "other")


class NoteSections:
    """Every section of the note, the signature panel after them, in one column widget."""

    def __init__(self, parent: QWidget, on_edited: Callable[[str], None]):
        self.parent = parent
        self.overview = OverviewSection()
        self.overview.confirm_kind = self.confirm_kind
        self.checklist = ChecklistSection()
        self.dosing = DosingSection()
        self.vitals = VitalsSection()
        self.effects = EffectsSection()
        self.adverse = AdverseEventsSection()
        self.themes = ThemesSection()
        self.narrative = NarrativeSection()
        self.scales = ScalesSection()
        self.discharge = DischargeSection()
        self.rems = RemsSection()
        self.all: list[Section] = [
            self.overview, self.checklist, self.dosing, self.vitals, self.effects, self.adverse,
            self.themes, self.narrative, self.scales, self.discharge, self.rems,
        ]  # fmt: skip
        self.signature = SignaturePanel()
        # What the editor's scroll area shows: every section and the signature.
        self.content = QWidget()
        column = QVBoxLayout(self.content)
        for section in self.all:
            column.addWidget(section)
            section.edited.connect(on_edited)
        column.addWidget(self.signature)
        column.addStretch(1)
        self.scroll = QScrollArea(parent)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.content)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.session: Session | None = None

    def load(self, session: Session, ctx: EditorContext) -> None:
        self.session = session
        for section in self.all:
            section.load(session, ctx)

    def set_read_only(self, read_only: bool) -> None:
        for section in self.all:
            section.set_read_only(read_only)

    def local_findings(self) -> list[Finding]:
        """What the sections' own fields say of typed text the record cannot hold yet."""
        return [f for section in self.all for f in section.local_findings()]

    def show_findings(self, findings: list[Finding]) -> None:
        for section in self.all:
            section.show_findings(findings)

    def unstorable_text(self) -> bool:
        """Text on screen the store cannot hold yet (a reload would wipe it): a field's own
        finding, or a dose row without mg (autosave's storable_copy leaves it out)."""
        s = self.session
        return bool(self.local_findings()) or (s is not None and storable_copy(s) is not s)

    def reveal(self, widget: QWidget) -> None:
        """Scroll to a field and put the cursor in it."""
        self.scroll.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def follow_focus(self, widget: QWidget | None) -> None:
        """A field of the note that takes the focus is scrolled into view, with a margin."""
        if widget is not None and self.content.isAncestorOf(widget):
            self.scroll.ensureWidgetVisible(widget, 20, 20)

    def focus_field(self, field_name: str) -> None:
        """Bring into view the field in sight that a finding about `field_name` concerns."""
        for section in self.all:
            widget = section.focus_widget(field_name)
            if widget is not None and section.isVisible():
                self.reveal(widget)
                return

    def by_kind(self) -> list[Section]:
        """The sections a dosing session has and the other kinds usually do not."""
        return [self.dosing, self.vitals, self.effects, self.adverse, self.discharge]

    def show_for(self, s: Session) -> None:
        """Only the sections that fit the kind show (a section holding data always shows)."""
        dosing_kind = s.kind in DOSING_KINDS
        self.checklist.setVisible(s.kind == "dosing" or self.checklist.has_data())
        for section in self.by_kind():
            section.setVisible(dosing_kind or section.has_data())
        self.rems.setVisible(s.is_esketamine)

    def confirm_kind(self, new_kind: str) -> bool:
        """Ask before a kind change that would hide sections holding content (kept either way)."""
        s = self.session
        if s is None or new_kind in DOSING_KINDS or s.kind not in DOSING_KINDS:
            return True
        held = [sec.title() for sec in self.by_kind() if sec.has_data()]
        if not held:
            return True
        label = vocabulary("session_kinds").label(new_kind)
        answer = QMessageBox.question(
            self.parent,
            "Change the kind of session",
            f"This note has content in {', '.join(held)}. A {label} session does not usually have "
            f"{'these sections' if len(held) > 1 else 'this section'}: they stay on the note "
            f"with everything in them.\n\nChange the kind to {label}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes
