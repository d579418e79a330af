"""Issue 12 item 1: the mouse wheel never changes a field the user has not clicked into.

One mechanism (kapnotes/ui/common/wheel_guard.py, installed by make_application): every spin
box, combo box and date/time field in the editor and in live mode is walked and sent wheel
turns without focus; nothing changes and nothing is saved, and the page scrolls instead.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.records import Administration, Client, Course, Session, VitalSign
from kapnotes.domain.settings import Clinician
from kapnotes.ui.common.wheel_guard import WheelGuard, is_guarded
from kapnotes.ui.editor import SessionEditor
from kapnotes.ui.live import LiveSessionView


def wheel(widget: QWidget, steps: int) -> None:
    """A real wheel event over the middle of `widget` (through QApplication::notify)."""
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def state(widget: QWidget) -> object:
    if isinstance(widget, QComboBox):
        return (widget.currentIndex(), widget.currentText())
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    raise AssertionError(widget)


def guarded_widgets(root: QWidget) -> list[QWidget]:
    found = [w for w in root.findChildren(QWidget) if is_guarded(w)]
    return [w for w in found if not isinstance(w.parentWidget(), QComboBox)]


@pytest.fixture
def dosing_note(practice):
    settings = practice.settings()
    settings.clinicians = [Clinician("Ana Ruiz", "MD")]
    practice.save_settings(settings)
    client = Client(chart="W-1", name="Wheel Test", consent_date=date(2026, 1, 1))
    practice.save_client(client)
    course = practice.save_course(Course(client.id, start_date=date(2026, 1, 2)))
    s = Session(client.id, course, date(2026, 1, 5), kind="dosing", number=1, start_time=time(10))
    s.administrations = [
        Administration(time(10, 5), "sl", 200.0),
        Administration(time(10, 40), "sl", 100.0),
    ]
    s.vitals = [VitalSign(time(9, 55), 128, 82, 70, 98, phase="pre")]
    return practice.save_session(s)


def test_every_field_of_the_editor_ignores_the_wheel_without_focus(qtbot, practice, dosing_note, monkeypatch):  # fmt: skip
    asked = []  # a kind change would ask first: it must not even come to that
    monkeypatch.setattr(QMessageBox, "question", lambda *a: asked.append(a) or QMessageBox.StandardButton.Cancel)  # fmt: skip
    editor = SessionEditor(practice)
    qtbot.addWidget(editor)
    editor.resize(1366, 700)
    editor.show()
    qtbot.waitExposed(editor)
    editor.load_session(dosing_note)
    stored = practice.get_session(dosing_note)
    fields = guarded_widgets(editor)
    names = {type(w).__name__ for w in fields}
    assert len(fields) >= 6 and "QComboBox" in names  # kind, setting, template, severity, …
    editor.findings_bar.list.setFocus()  # the user is elsewhere
    for field in fields:
        assert not field.hasFocus()
        before = state(field)
        for steps in (-1, 1, -3, 2):
            wheel(field, steps)
            assert state(field) == before, field.accessibleName() or type(field).__name__
        assert not field.hasFocus()  # the wheel gives no focus either (no Qt.WheelFocus)
    assert not editor.autosave.pending and not asked
    editor.flush()
    assert practice.get_session(dosing_note) == stored  # nothing saved, nothing changed


def test_a_wheel_turn_over_the_kind_scrolls_the_note_instead(qtbot, practice, dosing_note, monkeypatch):  # fmt: skip
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    editor = SessionEditor(practice)
    qtbot.addWidget(editor)
    editor.resize(1000, 420)  # short: the note scrolls
    editor.show()
    qtbot.waitExposed(editor)
    editor.load_session(dosing_note)
    bar = editor.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(0)
    kind = editor.overview.kind_combo
    wheel(kind, -2)
    assert kind.currentData() == "dosing"
    assert bar.value() > 0  # the page moved, as the user meant


def test_every_field_of_live_mode_ignores_the_wheel_without_focus(qtbot, practice, dosing_note):
    view = LiveSessionView(practice, dosing_note)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.open_booster()  # the dose row has the route and medication combos
    fields = guarded_widgets(view)
    assert len(fields) >= 2
    view.timeline_view.setFocus()
    stored = practice.get_session(dosing_note)
    for field in fields:
        before = state(field)
        for steps in (-1, 1, -2):
            wheel(field, steps)
            assert state(field) == before
    assert practice.get_session(dosing_note) == stored


def test_date_and_spin_fields_anywhere_in_the_app_are_guarded(qtbot):
    """QDateEdit (the audit viewer) and spin boxes (settings) go through the same guard."""
    page = QWidget()
    date_edit = QDateEdit(QDate(2026, 10, 29))
    combo = QComboBox()
    combo.addItems(["Dosing", "Integration"])
    column = QVBoxLayout(page)
    column.addWidget(date_edit)
    column.addWidget(combo)
    area = QScrollArea()
    area.setWidget(page)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    wheel(date_edit, -1)
    wheel(combo, -1)
    assert date_edit.date() == QDate(2026, 10, 29) and combo.currentIndex() == 0
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    date_edit.setFocus()  # clicked into: the wheel is the user's choice there
    qtbot.waitUntil(date_edit.hasFocus)
    wheel(date_edit, 1)
    assert date_edit.date() != QDate(2026, 10, 29)


def test_make_application_installs_one_guard(qapp):
    from kapnotes.ui.app import make_application

    app = make_application()
    make_application()
    assert len(app.findChildren(WheelGuard)) == 1
