"""Fixtures of the main-window tests: a filled practice and a MainWindow with private QSettings."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import QSettings

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


@pytest.fixture
def on_modal(qtbot):
    """Run `interact(dialog)` on the next modal dialog once it is shown (its exec() blocks)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    calls: list[object] = []

    def schedule(interact, attempts: int = 200):
        def step(left=attempts):
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog in calls:
                if left:
                    QTimer.singleShot(10, lambda: step(left - 1))
                return
            calls.append(dialog)
            interact(dialog)

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
