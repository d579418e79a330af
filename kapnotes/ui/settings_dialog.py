"""Practice settings (Ctrl+,): name, clinicians, template, warning ranges, timings, vocabulary."""

from __future__ import annotations

import copy

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.settings import Clinician, PracticeSettings
from kapnotes.domain.vocab import vocabulary
from kapnotes.store import Practice, PracticeError
from kapnotes.ui.intake.phrases_page import PhrasesPage
from kapnotes.ui.intake.templates_page import ConsentTemplatesPage
from kapnotes.ui.settings_pages import DoseRangesPage, VitalsPage, VocabularyPage
from kapnotes.ui.widgets import ok_cancel_buttons

Index = QModelIndex | QPersistentModelIndex


class ClinicianModel(QAbstractListModel):
    """Clinician profiles shown as "Name, credentials"."""

    def __init__(self, clinicians: list[Clinician], parent=None):
        super().__init__(parent)
        self._rows = [copy.copy(c) for c in clinicians]

    def clinicians(self) -> list[Clinician]:
        return [copy.copy(c) for c in self._rows]

    def clinician_at(self, row: int) -> Clinician:
        return self._rows[row]

    def add(self, clinician: Clinician) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(clinician)
        self.endInsertRows()

    def replace(self, row: int, clinician: Clinician) -> None:
        if 0 <= row < len(self._rows):
            self._rows[row] = clinician
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()].signature()
        return None


class CliniciansPage(QWidget):
    """Add, change and remove the clinician profiles used for signing."""

    def __init__(self, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        self.model = ClinicianModel(settings.clinicians, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentChanged.connect(self._show_current)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Dr Ana Ruiz")
        self.credentials_edit = QLineEdit()
        self.credentials_edit.setPlaceholderText("e.g. MD, psychiatrist")
        self.add_button = QPushButton("&Add")
        self.update_button = QPushButton("&Update selected")
        self.remove_button = QPushButton("&Remove selected")
        self.add_button.clicked.connect(self.add)
        self.update_button.clicked.connect(self.update_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.name_edit.returnPressed.connect(self.add)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Credentials:", self.credentials_edit)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.update_button, self.remove_button):
            buttons.addWidget(button)
        hint = QLabel("Clinicians present at sessions and who sign notes.")
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addLayout(buttons)
        right.addWidget(hint)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(right, 1)

    def _typed(self) -> Clinician | None:
        name = self.name_edit.text().strip()
        return Clinician(name, self.credentials_edit.text().strip()) if name else None

    def _show_current(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            c = self.model.clinician_at(current.row())
            self.name_edit.setText(c.name)
            self.credentials_edit.setText(c.credentials)

    def add(self) -> None:
        clinician = self._typed()
        if clinician is not None:
            self.model.add(clinician)
            self.name_edit.clear()
            self.credentials_edit.clear()

    def add_pending(self) -> None:
        """Add a typed clinician that is not in the list yet (typed, then OK pressed)."""
        clinician = self._typed()
        if clinician is not None and all(c.name != clinician.name for c in self.model.clinicians()):
            self.add()

    def update_selected(self) -> None:
        clinician, index = self._typed(), self.view.currentIndex()
        if clinician is not None and index.isValid():
            self.model.replace(index.row(), clinician)

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())


class SettingsDialog(QDialog):
    """Tabs of settings; OK saves them all to the practice at once."""

    def __init__(self, practice: Practice, parent=None):
        super().__init__(parent)
        self.practice = practice
        self.settings = practice.settings()
        self.setWindowTitle("Settings")
        self.resize(760, 560)
        s = self.settings
        self.name_edit = QLineEdit(s.practice_name)
        self.template_combo = QComboBox()
        for term in vocabulary("templates"):
            self.template_combo.addItem(term.label, term.code)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(s.default_template)))  # fmt: skip
        self.autosave_spin = self._spin(200, 10000, s.autosave_ms, " ms", 100)
        self.lock_spin = self._spin(0, 240, s.lock_minutes, " min")
        self.lock_spin.setSpecialValueText("never")
        self.backup_spin = self._spin(1, 365, s.backup_keep, " backups")
        general = QWidget()
        form = QFormLayout(general)
        form.addRow("&Practice name:", self.name_edit)
        form.addRow("Default note &template:", self.template_combo)
        form.addRow("&Autosave after a pause of:", self.autosave_spin)
        form.addRow("&Lock after idle:", self.lock_spin)
        form.addRow("&Keep automatic backups:", self.backup_spin)
        self.clinicians_page = CliniciansPage(s)
        self.doses_page = DoseRangesPage(s)
        self.vitals_page = VitalsPage(s)
        self.vocabulary_page = VocabularyPage(s)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "General")
        self.tabs.addTab(self.clinicians_page, "Clinicians")
        self.tabs.addTab(self.doses_page, "Dose ranges")
        self.tabs.addTab(self.vitals_page, "Vital signs")
        self.tabs.addTab(self.vocabulary_page, "Themes and effects")
        self.consent_page = ConsentTemplatesPage(practice, s)
        self.tabs.addTab(self.consent_page, "Consent templates")
        self.phrases_page = PhrasesPage(s)
        self.tabs.addTab(self.phrases_page, "Phrases")
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = ok_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(low: int, high: int, value: int, suffix: str, step: int = 1) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setValue(int(value))
        spin.setSuffix(suffix)
        return spin

    def collected(self) -> PracticeSettings:
        """The settings as the dialog shows them now."""
        s = copy.deepcopy(self.settings)
        s.practice_name = self.name_edit.text().strip() or s.practice_name
        s.default_template = self.template_combo.currentData()
        s.autosave_ms = self.autosave_spin.value()
        s.lock_minutes = self.lock_spin.value()
        s.backup_keep = self.backup_spin.value()
        s.clinicians = self.clinicians_page.model.clinicians()
        self.doses_page.apply(s)
        self.vitals_page.apply(s)
        self.vocabulary_page.apply(s)
        self.consent_page.apply(s)
        self.phrases_page.apply(s)
        return s

    def accept(self) -> None:
        """Save; a store problem keeps the dialog open with everything typed."""
        # A name typed but not yet added is what the user meant to keep.
        self.clinicians_page.add_pending()
        settings = self.collected()
        try:
            self.practice.save_settings(settings)
        except PracticeError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.settings = settings
        super().accept()
