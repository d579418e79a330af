"""Fixtures for live mode: a dosing session in a fresh practice and a clock the test moves."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kapnotes.domain.records import Administration, Client, Course, Session, WeightEntry
from kapnotes.ui.live import LiveSessionView

DAY = date(2026, 3, 10)


class FakeClock:
    """A clock for the view: starts at 09:55 on DAY, moves only when the test says so."""

    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock():
    return FakeClock(datetime.combine(DAY, time(9, 55)))


@pytest.fixture
def client_id(practice):
    return practice.save_client(
        Client(chart="K-1", name="Alex Example", weights=[WeightEntry(70.0, date(2026, 1, 1))])
    )


@pytest.fixture
def session_id(practice, client_id):
    """A dosing session at 10:00 with no dose given yet."""
    course = practice.save_course(Course(client_id, start_date=DAY))
    return practice.save_session(
        Session(client_id, course, DAY, kind="dosing", number=2, start_time=time(9, 50))
    )


@pytest.fixture
def dosed_session_id(practice, session_id):
    """The same session with an IM dose of 35 mg given at 10:00."""
    s = practice.get_session(session_id)
    s.administrations.append(Administration(time(10, 0), "im", 35.0, site="deltoid"))
    practice.save_session(s)
    return session_id


@pytest.fixture
def open_view(qtbot, practice, clock):
    """Open live mode on a session id, shown and active so keys reach it."""

    def _open(sid: int) -> LiveSessionView:
        view = LiveSessionView(practice, sid, clock=clock)
        qtbot.addWidget(view)
        view.resize(1280, 860)
        with qtbot.waitActive(view):
            view.show()
            view.activateWindow()
        view.timeline_view.setFocus()
        return view

    return _open


@pytest.fixture
def press(qtbot):
    """Press keys on whatever has focus: names like "1", "N", "Return", "Escape", "Delete"."""

    def _press(*keys: str) -> None:
        for key in keys:
            target = QApplication.focusWidget()
            assert target is not None, "nothing has keyboard focus"
            code = getattr(Qt.Key, f"Key_{key}")
            qtbot.keyClick(target, code)

    return _press


@pytest.fixture
def type_text(qtbot):
    def _type(text: str) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "nothing has keyboard focus"
        qtbot.keyClicks(target, text)

    return _type


@pytest.fixture(autouse=True)
def questions(monkeypatch):
    """Modal questions answered "Discard" (teardown closes views); the list records them."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def answer(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked
