"""Fixtures of the main-window tests: a filled practice and a MainWindow with private QSettings."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QDeadlineTimer, QElapsedTimer, QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from kapnotes.domain.records import (
    Administration,
    Client,
    Course,
    ScaleScore,
    ScreeningItem,
    Session,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.settings import Clinician


@pytest.fixture(autouse=True)
def incomplete_confirmations(monkeypatch):
    """Signing an incomplete dosing note asks for an acknowledgement (a modal question): tests
    answer yes and may read what was asked; tests of the question itself patch it again."""
    from kapnotes.ui.editor import signing

    asked: list[list[str]] = []

    def confirm(parent, missing):
        asked.append(list(missing))
        return True

    monkeypatch.setattr(signing, "confirm_incomplete", confirm)
    return asked


def fill_practice(practice) -> dict[str, int]:
    """Three clients (one archived), courses and sessions; returns the ids tests refer to."""
    settings = practice.settings()
    settings.practice_name = "Harbour Light KAP"
    settings.clinicians = [Clinician("Dr Ana Ruiz", "MD"), Clinician("Sam Okafor", "LCSW")]
    practice.save_settings(settings)
    ada = Client(
        chart="C-1001",
        name="Ada Lovelace",
        dob=date(1985, 12, 10),
        pronouns="she/her",
        weights=[WeightEntry(64.0, date(2024, 1, 5)), WeightEntry(62.5, date(2024, 3, 1))],
        indication="trd",
        medications="lamotrigine 200 mg",
        screening=[
            ScreeningItem("hypertension", "yes", "on amlodipine"),
            ScreeningItem("psychosis", "no"),
        ],  # fmt: skip
        consent_date=date(2024, 1, 5),
    )
    bob = Client(chart="C-2002", name="Bob Brown", dob=date(1970, 5, 1), weights=[WeightEntry(90, date(2024, 2, 1))])  # fmt: skip
    old = Client(chart="C-3003", name="Cleo Archived", archived=True)
    ids = {}
    for key, client in (("ada", ada), ("bob", bob), ("old", old)):
        ids[key] = practice.save_client(client)
    ids["ada_course"] = practice.save_course(Course(ids["ada"], "induction", date(2024, 1, 8), title="Induction series"))  # fmt: skip
    ids["bob_course"] = practice.save_course(Course(ids["bob"], "maintenance", date(2024, 2, 1)))
    for n in range(1, 5):
        kind = "dosing" if n % 2 == 0 else "integration"
        s = Session(
            ids["ada"], ids["ada_course"], date(2024, 1, 8 + n * 3), kind=kind, number=n,
            start_time=time(9, 0), intention=f"Intention number {n}",
            narrative={"Note": f"Session {n}: talked about the garden and her sister."},
        )  # fmt: skip
        if kind == "dosing":
            s.administrations = [
                Administration(time(9, 10), "im", 30.0 + n, site="left deltoid"),
                Administration(time(9, 40), "im", 15.0, site="right deltoid"),
            ]
            s.vitals = [VitalSign(time(9, 5), 128, 82, 72, 98, phase="pre")]
        if n == 3:
            s.scales = [ScaleScore("phq9", [2, 2, 1, 1, 1, 1, 1, 1, 1])]
        ids[f"ada_s{n}"] = practice.save_session(s)
    bob_s = Session(
        ids["bob"], ids["bob_course"], date(2024, 2, 3), kind="dosing", number=1,
        narrative={"Note": "Quiet session; mentioned the lighthouse keeper."},
    )  # fmt: skip
    bob_s.administrations = [Administration(time(10, 0), "in_esk", 56.0, medication="esketamine")]
    ids["bob_s1"] = practice.save_session(bob_s)
    return ids


@pytest.fixture
def filled(practice):
    """The `practice` fixture with clients, courses and sessions; ids by name."""
    return fill_practice(practice)


@pytest.fixture
def qsettings(tmp_path):
    """QSettings on an ini file in tmp_path (never the user's)."""
    return QSettings(str(tmp_path / "kapnotes-test.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, practice, qsettings, tmp_path):
    """A factory: MainWindow on the `practice` fixture, shown and registered with qtbot."""
    from kapnotes.ui.window.main_window import MainWindow

    def make(settings=None):
        window = MainWindow(practice, tmp_path / "data", settings or qsettings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def window(make_window, filled):
    """A MainWindow on the filled practice."""
    return make_window()


# How long a modal dialog may take to show before on_modal fails the test. Far below
# pytest-timeout's 300 s: a dialog that never comes costs seconds, and the report says so.
MODAL_SHOW_S = 5


@pytest.fixture(autouse=True)
def _close_leaked_widgets(qapp):
    """After each test, delete every window it left behind, and what deleteLater() queued.

    pytest-qt closes the widgets registered with qtbot and calls deleteLater(), but no event loop
    runs the deferred deletions between tests, and unregistered windows are never closed. The
    leftovers (13,832 widgets over the suite) all restyle on every theme change, which made
    the dark-theme tests take 20-40 s each.
    """
    yield
    for widget in QApplication.topLevelWidgets():
        # Windows with a parent go with it; an internal Qt window (a tooltip) has one too.
        if widget.parent() is None:
            widget.close()
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def modal_open_limit_s() -> float:
    """How long a modal dialog may stay open unanswered (a test may parametrize it)."""
    return 10


@pytest.fixture(autouse=True)
def _modal_watchdog(qapp, modal_open_limit_s):
    """Fail a test whose modal dialog stays open unanswered (an unpatched exec() blocks).

    The dialog is rejected so its exec() returns; pytest-qt reports the exception raised here,
    seconds after the dialog opened instead of at pytest-timeout's 300 s.
    """
    opened: dict[int, QElapsedTimer] = {}

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            opened.clear()
            return
        clock = opened.get(id(dialog))
        if clock is None:
            opened[id(dialog)] = clock = QElapsedTimer()
            clock.start()
        elif clock.hasExpired(int(modal_open_limit_s * 1000)):
            opened.clear()
            _dismiss(dialog)
            raise AssertionError(
                f"a modal {type(dialog).__name__} ({dialog.windowTitle()!r}) stayed open for "
                f"{modal_open_limit_s:g} s: patch it, or answer it with the on_modal fixture"
            )

    timer = QTimer()
    timer.setInterval(250)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()


def _dismiss(widget: QWidget) -> None:
    """Close a modal widget so the exec() waiting on it returns."""
    if isinstance(widget, QDialog):
        widget.reject()
    else:
        widget.close()


@pytest.fixture
def on_modal(qtbot):
    """Run `interact(dialog)` on the next modal dialog once it is shown (its exec() blocks).

    No dialog within MODAL_SHOW_S fails the test; so does an exception in `interact`, after
    the dialog is rejected so that the code waiting on it goes on.
    """
    calls: list[object] = []

    def schedule(interact, within_s: float = MODAL_SHOW_S):
        deadline = QDeadlineTimer(int(within_s * 1000))

        def step():
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog in calls:
                if deadline.hasExpired():
                    raise AssertionError(f"no modal dialog was shown within {within_s:g} s")
                QTimer.singleShot(10, step)
                return
            calls.append(dialog)
            try:
                interact(dialog)
            except BaseException:
                if dialog.isVisible():
                    _dismiss(dialog)
                raise

        QTimer.singleShot(0, step)
        return calls

    return schedule


@pytest.fixture
def press(qtbot):
    """Press a shortcut on an active window (after a modal dialog, activation is asynchronous)."""
    from PySide6.QtCore import Qt

    def press_keys(window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        qtbot.keyClick(window, key, modifiers)

    return press_keys


@pytest.fixture(autouse=True)
def _wheel_guard(qapp):
    """The app-wide wheel guard, as make_application installs it for the real app."""
    from kapnotes.ui.common.wheel_guard import install_wheel_guard

    return install_wheel_guard(qapp)
