"""Practice settings (Ctrl+,): name, clinicians, template, warning ranges, timings, vocabulary."""

from __future__ import annotations

import copy
from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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
from kapnotes.domain.settings_values import INT_RANGES, TEXT_MAX
from kapnotes.domain.vocab import vocabulary
from kapnotes.services import ServiceContext
from kapnotes.services.practice import save_settings
from kapnotes.store import PracticeError
from kapnotes.ui.common.row_model import Index, RowTableModel
from kapnotes.ui.common.widgets import ok_cancel_buttons
from kapnotes.ui.intake.phrases_page import PhrasesPage
from kapnotes.ui.intake.templates_page import ConsentTemplatesPage
from kapnotes.ui.settings.pages import DoseRangesPage, VitalsPage, VocabularyPage
from kapnotes.ui.settings.users_page import UsersPage


class ClinicianModel(RowTableModel[Clinician]):
    """Clinician profiles shown as "Name, credentials" (a list view shows the one column)."""

    HEADERS = ("Clinician",)

    def __init__(self, parent: QObject | None = None, clinicians: Iterable[Clinician] = ()):
        # Copies: the dialog edits them, and Cancel leaves the practice's own untouched.
        super().__init__(parent, [copy.copy(c) for c in clinicians])

    def clinicians(self) -> list[Clinician]:
        return [copy.copy(c) for c in self._rows]

    clinician_at = RowTableModel.row

    def add(self, clinician: Clinician) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(clinician)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        clinician = self.row_at(index)
        if clinician is not None and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):  # fmt: skip
            return clinician.signature()
        return None


class CliniciansPage(QWidget):
    """Add, change and remove the clinician profiles used for signing."""

    def __init__(self, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        self.model = ClinicianModel(self, settings.clinicians)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.selectionModel().currentChanged.connect(self._show_current)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Dr Ana Ruiz")
        self.credentials_edit = QLineEdit()
        for edit in (self.name_edit, self.credentials_edit):
            edit.setMaxLength(TEXT_MAX)
        self.credentials_edit.setPlaceholderText("e.g. MD, psychiatrist")
        # The REMS form names the monitoring clinician with a phone number and an email.
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("for the REMS form")
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("for the REMS form")
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
        form.addRow("P&hone:", self.phone_edit)
        form.addRow("E&mail:", self.email_edit)
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
        if not name:
            return None
        return Clinician(
            name,
            self.credentials_edit.text().strip(),
            self.phone_edit.text().strip(),
            self.email_edit.text().strip(),
        )

    def _show_current(self, current: QModelIndex, _previous=None) -> None:
        if current.isValid():
            c = self.model.clinician_at(current.row())
            self.name_edit.setText(c.name)
            self.credentials_edit.setText(c.credentials)
            self.phone_edit.setText(c.phone)
            self.email_edit.setText(c.email)

    def add(self) -> None:
        clinician = self._typed()
        if clinician is not None:
            self.model.add(clinician)
            for edit in (self.name_edit, self.credentials_edit, self.phone_edit, self.email_edit):
                edit.clear()

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

    def __init__(self, services: ServiceContext, parent=None):
        super().__init__(parent)
        self.services = services
        self.practice = services.practice
        self.settings = self.practice.settings()
        self.setWindowTitle("Settings")
        self.resize(760, 560)
        s = self.settings
        self.name_edit = QLineEdit(s.practice_name)
        self.name_edit.setMaxLength(TEXT_MAX)
        self.template_combo = QComboBox()
        for term in vocabulary("templates"):
            self.template_combo.addItem(term.label, term.code)
        self.template_combo.setCurrentIndex(max(0, self.template_combo.findData(s.default_template)))  # fmt: skip
        # The ranges are domain.settings' rules: what the dialog offers, import and load accept.
        self.autosave_spin = self._spin(*INT_RANGES["autosave_ms"], s.autosave_ms, " ms", 100)
        self.lock_spin = self._spin(*INT_RANGES["lock_minutes"], s.lock_minutes, " min")
        self.lock_spin.setSpecialValueText("never")
        self.backup_spin = self._spin(*INT_RANGES["backup_keep"], s.backup_keep, " backups")
        self.weight_age_spin = self._spin(
            *INT_RANGES["weight_max_age_days"], s.weight_max_age_days, " days"
        )
        self.weight_age_spin.setToolTip("mg/kg from an older weight is a warning naming its date.")
        # The healthcare setting as the esketamine REMS form asks for it.
        self.address_edits: dict[str, QLineEdit] = {}
        for name in ("practice_address", "practice_city", "practice_state", "practice_zip", "practice_phone"):  # fmt: skip
            self.address_edits[name] = QLineEdit(getattr(s, name))
        general = QWidget()
        form = QFormLayout(general)
        form.addRow("&Practice name:", self.name_edit)
        form.addRow("Default note &template:", self.template_combo)
        form.addRow("&Autosave after a pause of:", self.autosave_spin)
        form.addRow("&Lock after idle:", self.lock_spin)
        form.addRow("&Keep automatic backups:", self.backup_spin)
        form.addRow("&Weigh again after:", self.weight_age_spin)
        for name, text in (("practice_address", "Add&ress:"), ("practice_city", "Cit&y:"),
                           ("practice_state", "S&tate:"), ("practice_zip", "&ZIP:"),
                           ("practice_phone", "P&hone:")):  # fmt: skip
            form.addRow(text, self.address_edits[name])
        self.cosign_check = QCheckBox("A prescriber co-signs dosing notes signed by a therapist")
        self.cosign_check.setChecked(s.require_cosign)
        form.addRow("Co-signature:", self.cosign_check)
        self.clinicians_page = CliniciansPage(s)
        self.doses_page = DoseRangesPage(s)
        self.vitals_page = VitalsPage(s)
        self.vocabulary_page = VocabularyPage(s)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, "General")
        self.users_page = None
        user = self.practice.user
        if user is None:
            self.tabs.addTab(self.clinicians_page, "Clinicians")
        elif user.is_admin:
            # With accounts the clinicians are the users: admins manage them here.
            self.users_page = UsersPage(services)
            self.tabs.addTab(self.users_page, "Users")
        self.tabs.addTab(self.doses_page, "Dose ranges")
        self.tabs.addTab(self.vitals_page, "Vital signs")
        self.tabs.addTab(self.vocabulary_page, "Themes and effects")
        self.consent_page = ConsentTemplatesPage(services, s)
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
        s.weight_max_age_days = self.weight_age_spin.value()
        for name, edit in self.address_edits.items():
            setattr(s, name, edit.text().strip())
        s.require_cosign = self.cosign_check.isChecked()
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
            save_settings(self.services, settings)
        except PracticeError as exc:
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.settings = settings
        super().accept()
