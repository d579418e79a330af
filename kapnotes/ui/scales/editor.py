"""All the rating scales of one session: add, fill in item by item, remove."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.records import ScaleScore
from kapnotes.domain.scales import SCALES, score
from kapnotes.ui.scales.form import ScaleForm


class ScaleScoresEditor(QWidget):
    """The session's scales as item-by-item forms with live totals, bands and safety flags."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.forms: list[ScaleForm] = []
        # Scales this version does not know are kept exactly as stored, never dropped.
        self._unknown: list[ScaleScore] = []
        self._read_only = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel("No rating scales on this session yet.")
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.empty_label)
        self.forms_layout = QVBoxLayout()
        layout.addLayout(self.forms_layout)
        self.unknown_label = QLabel()
        self.unknown_label.setWordWrap(True)
        self.unknown_label.hide()
        layout.addWidget(self.unknown_label)

        self.add_row = QWidget()
        row = QHBoxLayout(self.add_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.add_combo = QComboBox()
        self.add_combo.setAccessibleName("Scale to add")
        self.add_button = QPushButton("Add scale")
        self.add_button.clicked.connect(self._add_clicked)
        label = QLabel("&Scale:")
        label.setBuddy(self.add_combo)
        row.addWidget(label)
        row.addWidget(self.add_combo)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addWidget(self.add_row)
        layout.addStretch(1)
        self._refresh_add_choices()

    # -- public API ------------------------------------------------------------------------
    def set_scores(self, scores: list[ScaleScore]) -> None:
        """Show a session's scales (does not emit changed)."""
        for form in self.forms:
            self.forms_layout.removeWidget(form)
            form.deleteLater()
        self.forms = []
        self._unknown = []
        for s in scores:
            if s.scale in SCALES:
                form = self._new_form(s.scale)
                form.set_score(s)
            else:
                self._unknown.append(s)
        self._show_unknown()
        self._refresh_add_choices()
        self.set_read_only(self._read_only)

    def scores(self) -> list[ScaleScore]:
        """The scales as entered now, in order (blank items are None, never 0)."""
        return [form.score() for form in self.forms] + list(self._unknown)

    def set_read_only(self, read_only: bool) -> None:
        """Signed notes: show the scores, allow no change."""
        self._read_only = read_only
        for form in self.forms:
            form.set_read_only(read_only)
        self.add_row.setVisible(not read_only)

    def safety_flags(self) -> list[str]:
        """The safety flags of the scales as entered (PHQ-9 item 9, positive C-SSRS)."""
        return [r.safety_flag for r in (score(s) for s in self.scores()) if r.safety_flag]

    def form(self, code: str) -> ScaleForm | None:
        """The first form of a scale on this session, if any."""
        return next((f for f in self.forms if f.scale.code == code), None)

    def add_scale(self, code: str) -> ScaleForm:
        """Add an empty form for a scale and put the cursor in its first item."""
        form = self._new_form(code)
        self._refresh_add_choices()
        form.set_read_only(self._read_only)
        form.first_input().setFocus()
        self.changed.emit()
        return form

    # -- internals -------------------------------------------------------------------------
    def _new_form(self, code: str) -> ScaleForm:
        form = ScaleForm(SCALES[code], self)
        form.changed.connect(self.changed)
        form.removeRequested.connect(self._remove)
        self.forms.append(form)
        self.forms_layout.addWidget(form)
        form.show()  # now, not on the next event loop turn: Tab skips widgets not yet shown
        self.empty_label.setVisible(False)
        self._fix_tab_order()
        return form

    def _fix_tab_order(self) -> None:
        # Forms are added after the "Add scale" row exists: without this, Tab from an item
        # would jump to the add row instead of the next item.
        chain: list[QWidget] = []
        for form in self.forms:
            chain += form.focus_chain()
        chain += [self.add_combo, self.add_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _remove(self, form: ScaleForm) -> None:
        if form.has_entries():
            answer = QMessageBox.question(
                self,
                "Remove scale",
                f"Remove {form.scale.label} and the answers entered in it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.forms.remove(form)
        self.forms_layout.removeWidget(form)
        form.deleteLater()
        self.empty_label.setVisible(not self.forms and not self._unknown)
        self._refresh_add_choices()
        self.changed.emit()

    def _add_clicked(self) -> None:
        code = self.add_combo.currentData()
        if code:
            self.add_scale(code)

    def _refresh_add_choices(self) -> None:
        present = {f.scale.code for f in self.forms}
        self.add_combo.clear()
        for code, scale in SCALES.items():
            if code not in present:
                self.add_combo.addItem(f"{scale.label} — {scale.use}", code)
        self.add_button.setEnabled(self.add_combo.count() > 0)
        self.empty_label.setVisible(not self.forms and not self._unknown)

    def _show_unknown(self) -> None:
        lines = [
            f"{s.scale}: {s.total if s.total is not None else '—'} (kept as recorded)"
            for s in self._unknown
        ]
        self.unknown_label.setText("\n".join(lines))
        self.unknown_label.setVisible(bool(lines))
