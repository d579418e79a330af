"""Create or edit a course: purpose, title, start date and status."""

from __future__ import annotations

import copy
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
)

from kapnotes.domain.records import Course
from kapnotes.domain.validation import ERROR, Finding
from kapnotes.domain.vocab import vocabulary
from kapnotes.services import ServiceContext
from kapnotes.services.clients import save_course
from kapnotes.store import PracticeError
from kapnotes.ui.common.widgets import DateField, FindingsLabel, ok_cancel_buttons


def _combo(vocab_name: str, current: str) -> QComboBox:
    combo = QComboBox()
    for term in vocabulary(vocab_name):
        combo.addItem(term.label, term.code)
    if current and combo.findData(current) < 0:
        combo.addItem(current, current)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class CourseDialog(QDialog):
    """A course form for one client; saved to the store on OK."""

    def __init__(self, services: ServiceContext, client_id: int, course: Course | None = None, parent=None):  # fmt: skip
        super().__init__(parent)
        self.services = services
        self.practice = services.practice
        self.course = copy.deepcopy(course) if course else Course(client_id=client_id, start_date=date.today())  # fmt: skip
        self.setWindowTitle("Edit course" if course else "New course")
        self.setMinimumWidth(440)
        self.purpose_combo = _combo("course_purposes", self.course.purpose)
        self.title_edit = QLineEdit(self.course.title)
        self.title_edit.setPlaceholderText("e.g. Induction, spring 2024")
        self.start_edit = DateField(self.course.start_date)
        self.status_combo = _combo("course_statuses", self.course.status)
        form = QFormLayout()
        form.addRow("&Purpose:", self.purpose_combo)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Start date:", self.start_edit)
        form.addRow("S&tatus:", self.status_combo)
        self.findings_label = FindingsLabel()
        self.buttons = ok_cancel_buttons(self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.findings_label)
        layout.addWidget(self.buttons)
        self.start_edit.textChanged.connect(self.revalidate)
        self.revalidate()

    def revalidate(self) -> bool:
        problem = self.start_edit.problem()
        found = [Finding(ERROR, "start_date", f"Start date: {problem}", "date_format")] if problem else []  # fmt: skip
        self.findings_label.show_findings(found)
        self.ok_button.setEnabled(not found)
        return not found

    def accept(self) -> None:
        if not self.revalidate():
            return
        self.course.purpose = self.purpose_combo.currentData()
        self.course.title = self.title_edit.text().strip()
        self.course.start_date = self.start_edit.date_value()
        self.course.status = self.status_combo.currentData()
        try:
            save_course(self.services, self.course)
        except PracticeError as exc:
            self.findings_label.show_findings([Finding(ERROR, "course", str(exc), "store")])
            return
        super().accept()
