"""Fixtures for the session editor: a clinic with a client, a course and sessions, and helpers
that drive the editor's widgets with the keyboard and mouse like a user."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kapnotes.domain.records import Client, Course, Session, WeightEntry
from kapnotes.domain.settings import Clinician
from kapnotes.store import open_practice
from kapnotes.ui.editor import SessionEditor

SESSION_DAY = date(2026, 11, 20)


@pytest.fixture
def clinic(practice):
    """Settings with one clinician, a 70 kg client with consent, a course, a dosing session."""
    settings = practice.settings()
    settings.clinicians = [Clinician("Ana Ruiz", "MD")]
    practice.save_settings(settings)
    client = Client(
        chart="K-101",
        name="Jordan Lee",
        weights=[WeightEntry(70.0, date(2026, 11, 1))],
        consent_date=date(2026, 10, 1),
    )
    practice.save_client(client)
    course = Course(client_id=client.id, start_date=date(2026, 11, 1))
    practice.save_course(course)
    session = Session(
        client_id=client.id, course_id=course.id, date=SESSION_DAY, number=1, start_time=time(9, 0)
    )
    practice.save_session(session)
    return {"client": client, "course": course, "session_id": session.id}


@pytest.fixture
def new_session(practice, clinic):
    """Make another session of the clinic's course; returns its id."""

    def make(**fields) -> int:
        s = Session(
            client_id=clinic["client"].id,
            course_id=clinic["course"].id,
            date=fields.pop("date", SESSION_DAY),
            **fields,
        )
        return practice.save_session(s)

    return make


@pytest.fixture
def editor(qtbot, practice, clinic):
    """A shown SessionEditor at clinic-laptop size with the clinic's dosing session loaded."""
    widget = SessionEditor(practice)
    qtbot.addWidget(widget)
    widget.resize(1366, 740)
    widget.show()
    qtbot.waitExposed(widget)
    widget.load_session(clinic["session_id"])
    return widget


@pytest.fixture
def reopen(practice):
    """Close the practice and open the same file again (what a restart does)."""

    def again():
        path = practice.path
        practice.close()
        fresh = open_practice(path)
        return fresh

    return again


class Driver:
    """Keyboard and mouse on real widgets (tables, combos, check boxes, text)."""

    def __init__(self, qtbot):
        self.qtbot = qtbot

    def focused(self) -> QWidget:
        return QApplication.focusWidget()

    def type_into(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        self.qtbot.keyClicks(widget, text)

    def replace_text(self, widget: QWidget, text: str) -> None:
        """Select all (Ctrl+A) and type over it."""
        widget.setFocus()
        self.qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        self.qtbot.keyClicks(widget, text)

    def edit_cell(self, table, row: int, column: int, text: str) -> None:
        """Select a cell, F2 to edit, type, Enter."""
        view = table.view
        view.setFocus()
        view.setCurrentIndex(table.model.index(row, column))
        self.qtbot.keyClick(view, Qt.Key.Key_F2)
        field = self.focused()
        assert field is not view and view.isAncestorOf(field), "no cell editor opened"
        field.selectAll()
        self.qtbot.keyClicks(field, text)
        self.qtbot.keyClick(field, Qt.Key.Key_Return)
        QApplication.processEvents()  # the delegate commits on the next event-loop turn

    def choose_cell(self, table, row: int, column: int, label: str) -> None:
        """Select a coded cell, F2 opens its combo box, arrow keys to the label, Enter."""
        view = table.view
        view.setFocus()
        view.setCurrentIndex(table.model.index(row, column))
        self.qtbot.keyClick(view, Qt.Key.Key_F2)
        combo = self.focused()
        assert view.isAncestorOf(combo), "no cell editor opened"
        self.choose(combo, label)
        self.qtbot.keyClick(combo, Qt.Key.Key_Return)
        QApplication.processEvents()

    def choose(self, combo, label: str) -> None:
        """Pick a combo box item with the arrow keys."""
        combo.setFocus()
        target = combo.findText(label)
        assert target >= 0, label
        key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
        for _ in range(abs(target - combo.currentIndex())):
            self.qtbot.keyClick(combo, key)
        assert combo.currentIndex() == target

    def toggle(self, checkbox) -> None:
        checkbox.setFocus()
        self.qtbot.keyClick(checkbox, Qt.Key.Key_Space)

    def click(self, button) -> None:
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def user(qtbot):
    return Driver(qtbot)
