"""Who is working: the toolbar's clinician chooser (signatures and the audit trail name them)."""

from __future__ import annotations

import getpass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QWidget

from kapnotes.domain.settings import Clinician
from kapnotes.services.changes import Changes
from kapnotes.store import Practice
from kapnotes.ui.common.changes import ChangeHub

CLINICIAN_KEY = "window/clinician"


class ClinicianChooser(QComboBox):
    """The clinic's clinician profiles (or the computer's user name when there are none); the
    one chosen acts in the practice and is remembered for the next start."""

    def __init__(
        self, practice: Practice, qsettings: QSettings, changes: ChangeHub, parent: QWidget | None = None
    ):  # fmt: skip
        super().__init__(parent)
        self.practice = practice
        self.qsettings = qsettings
        self.setMinimumContentsLength(14)
        self.setToolTip("Who is working: signs notes and appears in the audit trail")
        self.currentIndexChanged.connect(self._picked)
        changes.changed.connect(self._on_changes)
        self.fill()

    def _on_changes(self, changes: Changes) -> None:
        if changes.settings and not changes.practice:
            self.fill()

    def fill(self) -> None:
        """Reload the profiles from the settings, keeping the clinician chosen."""
        wanted = str(self.qsettings.value(CLINICIAN_KEY, "") or self.currentText())
        self.blockSignals(True)
        self.clear()
        user = self.practice.user
        clinicians = (
            [Clinician(user.name, user.credentials)]  # accounts: who signed in acts
            if user is not None
            else self.practice.settings().clinicians or [Clinician(getpass.getuser())]
        )
        self.setEnabled(user is None)
        for c in clinicians:
            self.addItem(c.name, c)
        self.setCurrentIndex(max(0, self.findText(wanted)))
        self.blockSignals(False)
        self._picked()

    def current(self) -> Clinician | None:
        return self.currentData()

    def _picked(self, _index: int = -1) -> None:
        clinician = self.current()
        if clinician is not None and self.practice.user is None:
            self.practice.actor = clinician.name
            self.qsettings.setValue(CLINICIAN_KEY, clinician.name)
