"""The findings bar: every error and warning of the note, each a click away from its field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kapnotes.domain.findings import by_severity
from kapnotes.domain.validation import Finding
from kapnotes.ui.editor.fields import ERROR_FG, WARNING_FG

FIELD_ROLE = Qt.ItemDataRole.UserRole
SYMBOLS = {"error": "✖", "urgent": "‼", "warning": "⚠", "caution": "△"}
TIPS = {
    "error": "Error: the value is impossible",
    "urgent": "Urgent: act on it now (never blocks saving)",
    "warning": "Warning: never blocks",
    "caution": "Caution: worth a second look",
}
ROWS_SHOWN = 3


class FindingsBar(QWidget):
    """A summary line and the list of findings; activating one asks to focus its field."""

    activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setObjectName("findingsSummary")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Findings")
        self.summary.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)
        # One height, always: a list that grew and shrank while the user typed pushed the form
        # down under the pointer, so clicks landed in the wrong cell. More rows scroll inside.
        rows = ROWS_SHOWN * max(self.list.fontMetrics().lineSpacing() + 4, 18)
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 2)
        policy = self.list.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # an empty list is hidden, its room kept
        self.list.setSizePolicy(policy)
        # None, not []: the first set_findings([]) must still fill the empty list.
        self.findings: list[Finding] | None = None
        self.list.itemActivated.connect(self._on_item)
        self.list.itemClicked.connect(self._on_item)
        self.set_findings([])

    def set_findings(self, findings: list[Finding]) -> None:
        """Show findings, errors first (unchanged lists are left alone to keep typing smooth)."""
        ordered = by_severity(findings)
        if ordered == self.findings:
            return
        self.findings = ordered
        self.list.clear()
        n_err = sum(f.is_error for f in ordered)
        n_urgent = sum(f.is_urgent for f in ordered)
        n_warn = len(ordered) - n_err - n_urgent
        if not ordered:
            self.summary.setText("No problems found in this note.")
            self.summary.setStyleSheet("")
            self.list.hide()
            return
        parts = []
        if n_err:
            parts.append(f"{n_err} error{'s' if n_err != 1 else ''}")
        if n_urgent:
            parts.append(f"{n_urgent} urgent")
        if n_warn:
            parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
        self.summary.setText("&Findings: " + ", ".join(parts) + " (warnings never block saving)")
        self.summary.setStyleSheet(f"color: {ERROR_FG if n_err else WARNING_FG}; font-weight: bold;")  # fmt: skip
        for f in ordered:
            severity = f.shown_severity
            item = QListWidgetItem(f"{SYMBOLS.get(severity, '⚠')} {severity.capitalize()}: {f.message}")  # fmt: skip
            item.setData(FIELD_ROLE, f.field)
            item.setToolTip(TIPS.get(severity, "Warning: never blocks"))
            self.list.addItem(item)
        self.list.show()

    def _on_item(self, item: QListWidgetItem) -> None:
        self.activated.emit(item.data(FIELD_ROLE))
