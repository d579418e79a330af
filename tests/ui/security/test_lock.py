"""Auto-lock: idle and Ctrl+L hide every client detail; only the passphrase unlocks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget
from security_helpers import MARKER, PASSPHRASE

from kapnotes.store import keyslots
from kapnotes.ui.security.lock import LockController
from kapnotes.ui.security.lock_screen import LockScreen


@pytest.fixture
def saves():
    return []


@pytest.fixture
def make_controller():
    """LockControllers that stop watching the application when the test ends."""
    made = []

    def make(*args, **kwargs):
        made.append(LockController(*args, **kwargs))
        return made[-1]

    yield make
    for ctrl in made:
        ctrl.stop()


@pytest.fixture
def controller(notes_window, encrypted_practice, saves, fast_throttle, make_controller):
    def before_lock():
        saves.append("locked already" if ctrl.is_locked else "saved first")

    ctrl = make_controller(notes_window, encrypted_practice, before_lock, throttle=fast_throttle)
    notes_window.lock_action.triggered.connect(ctrl.lock)
    return ctrl


def _unlock(qtbot, screen, text):
    qtbot.keyClicks(screen.passphrase.edit, text)
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)


def test_idle_time_locks_and_hides_the_client(qtbot, notes_window, controller, saves):
    assert controller.idle_ms == 10 * 60_000  # the practice's default lock_minutes
    with qtbot.waitSignal(controller.locked):
        controller.set_idle_interval_ms(30)
    assert saves == ["saved first"]
    assert not notes_window.client_label.isVisible()
    assert not notes_window.toolbar.isVisible()
    assert not notes_window.statusBar().isVisible()
    assert MARKER not in notes_window.windowTitle()
    screen = controller.screens[0]
    assert isinstance(screen, LockScreen) and screen.isVisible()
    assert screen.geometry().bottom() == notes_window.rect().bottom()
    assert "Riverside KAP" in screen.practice_label.text()
    visible_texts = [
        w.text() for w in notes_window.findChildren(QLabel) if w.isVisible() and w.text()
    ]
    assert not any(MARKER in text for text in visible_texts)


def test_activity_postpones_the_idle_lock(qtbot, notes_window, controller):
    controller.set_idle_interval_ms(60_000)
    remaining_before = controller.idle_timer.remainingTime()
    qtbot.keyClicks(notes_window.note, "x")
    assert controller.idle_timer.isActive()
    assert controller.idle_timer.remainingTime() >= remaining_before - 50
    assert not controller.is_locked


def test_ctrl_l_locks(qtbot, notes_window, controller):
    notes_window.activateWindow()
    qtbot.waitActive(notes_window)
    with qtbot.waitSignal(controller.locked):
        qtbot.keyClick(notes_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.is_locked


def test_only_quit_stays_enabled_while_locked(qtbot, notes_window, controller):
    notes_window.activateWindow()
    qtbot.waitActive(notes_window)
    controller.lock()
    assert notes_window.quit_action.isEnabled()
    assert not notes_window.new_action.isEnabled()
    assert not notes_window.lock_action.isEnabled()
    file_menu = notes_window.menuBar().actions()[0]
    assert file_menu.isEnabled()  # File > Quit stays reachable with the mouse
    field = controller.screens[0].passphrase.edit
    with qtbot.waitSignal(notes_window.quit_action.triggered):
        qtbot.keyClick(field, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)


def test_the_right_passphrase_unlocks_and_restores_everything(
    qtbot, notes_window, controller, encrypted_practice
):
    notes_window.note.setText("half a sentence")
    controller.lock()
    screen = controller.screens[0]
    with qtbot.waitSignal(controller.unlocked):
        _unlock(qtbot, screen, PASSPHRASE)
    assert not controller.is_locked
    assert notes_window.client_label.isVisible()
    assert notes_window.toolbar.isVisible()
    assert notes_window.new_action.isEnabled()
    assert notes_window.windowTitle() == f"KAPNotes — {MARKER}"
    assert notes_window.note.text() == "half a sentence"
    assert not notes_window.findChildren(LockScreen)
    assert controller.idle_timer.isActive()
    assert not encrypted_practice.audit_entries(action="failed_unlock")


def test_a_wrong_passphrase_keeps_it_locked_is_audited_and_slows_down(
    qtbot, notes_window, controller, encrypted_practice, fast_throttle
):
    controller.lock()
    screen = controller.screens[0]
    for attempt in range(3):
        with qtbot.waitSignal(controller.checker.finished):
            _unlock(qtbot, screen, f"wrong {attempt}")
    assert controller.is_locked
    assert not notes_window.client_label.isVisible()
    # With accounts the key slot counts them; the sign-in that follows audits them.
    name = encrypted_practice.user.name
    assert keyslots.load(encrypted_practice.path).slots[name].failures == 3
    assert not screen.unlock_button.isEnabled()
    assert "Wait" in screen.message.text()
    with qtbot.waitSignal(fast_throttle.released):
        pass
    assert screen.unlock_button.isEnabled()
    with qtbot.waitSignal(controller.unlocked):
        _unlock(qtbot, screen, PASSPHRASE)
    (entry,) = encrypted_practice.audit_entries(action="failed_unlock")
    assert "3 failed sign-in(s)" in entry.detail


def test_typing_while_locked_never_reaches_the_notes(qtbot, notes_window, controller):
    notes_window.note.setText("kept")
    notes_window.note.setFocus()
    controller.lock()
    qtbot.keyClicks(notes_window.note, "typed behind the lock")
    assert notes_window.note.text() == "kept"
    screen = controller.screens[0]
    qtbot.keyClick(screen.passphrase.edit, Qt.Key.Key_Tab)
    qtbot.keyClick(screen.unlock_button, Qt.Key.Key_Tab)
    assert screen.isAncestorOf(notes_window.focusWidget())


def test_other_windows_are_covered_too(qtbot, notes_window, controller):
    live = QWidget()
    qtbot.addWidget(live)
    live.setWindowTitle(f"Live — {MARKER}")
    QLabel(MARKER, live)
    live.resize(300, 200)
    live.show()
    qtbot.waitExposed(live)
    controller.lock()
    covers = live.findChildren(LockScreen)
    assert len(covers) == 1 and covers[0].isVisible()
    assert covers[0].geometry() == live.rect()
    assert MARKER not in live.windowTitle()
    with qtbot.waitSignal(controller.unlocked):
        _unlock(qtbot, covers[0], PASSPHRASE)
    assert live.windowTitle() == f"Live — {MARKER}"
    assert not live.findChildren(LockScreen)


def test_a_plain_practice_locks_but_unlocks_without_a_passphrase(
    qtbot, notes_window, practice, make_controller
):
    ctrl = make_controller(notes_window, practice, lambda: None)
    ctrl.lock()
    screen = ctrl.screens[0]
    assert not screen.passphrase.isVisible()
    assert "not encrypted" in screen.explain.text()
    assert not notes_window.client_label.isVisible()
    with qtbot.waitSignal(ctrl.unlocked):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert notes_window.client_label.isVisible()


def test_settings_change_the_idle_time(notes_window, controller, encrypted_practice):
    settings = encrypted_practice.settings()
    settings.lock_minutes = 0
    encrypted_practice.save_settings(settings)
    controller.reload_settings()
    assert not controller.idle_timer.isActive()
    settings.lock_minutes = 3
    encrypted_practice.save_settings(settings)
    controller.reload_settings()
    assert controller.idle_timer.isActive()
    assert controller.idle_timer.interval() == 3 * 60_000


def test_a_failing_save_still_locks(notes_window, encrypted_practice, make_controller):
    def broken():
        raise OSError("disk full")

    ctrl = make_controller(notes_window, encrypted_practice, broken)
    ctrl.lock()
    assert ctrl.is_locked
    assert not notes_window.client_label.isVisible()


def test_a_window_opening_while_locked_is_covered_at_once(qtbot, notes_window, controller):
    controller.lock()
    reminder = QWidget()
    qtbot.addWidget(reminder)
    reminder.setWindowTitle(f"Reminder — {MARKER}")
    QLabel(MARKER, reminder)
    reminder.resize(420, 300)
    reminder.show()
    qtbot.waitExposed(reminder)
    covers = reminder.findChildren(LockScreen)
    assert len(covers) == 1 and covers[0].isVisible()
    assert MARKER not in reminder.windowTitle()


def test_a_modal_dialog_is_covered_and_can_unlock(qtbot, notes_window, controller):
    dialog = QDialog(notes_window)
    dialog.setWindowTitle(f"Edit client — {MARKER}")
    name = QLineEdit(MARKER, dialog)
    dialog.resize(240, 120)
    dialog.open()  # window-modal: the main window's lock screen cannot take input now
    qtbot.waitExposed(dialog)
    controller.lock()
    cover = dialog.findChildren(LockScreen)[0]
    assert cover.isVisible()
    assert dialog.width() >= cover.minimumSizeHint().width()
    assert notes_window.focusWidget() is not name
    with qtbot.waitSignal(controller.unlocked):
        _unlock(qtbot, cover, PASSPHRASE)
    assert dialog.isVisible() and name.text() == MARKER  # nothing typed there was lost
    assert (dialog.width(), dialog.height()) == (240, 120)


def test_a_window_closed_while_locked_does_not_break_unlocking(qtbot, notes_window, controller):
    live = QWidget()
    live.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    live.show()
    qtbot.waitExposed(live)
    controller.lock()
    live.close()
    qtbot.waitUntil(lambda: len(controller.screens) == 1)
    with qtbot.waitSignal(controller.unlocked):
        _unlock(qtbot, controller.screens[0], PASSPHRASE)


def _colours(image, rect):
    return {
        image.pixelColor(x, y).rgba()
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    }


def test_a_screenshot_of_the_locked_window_shows_no_client_detail(qtbot, notes_window, controller):
    label = notes_window.client_label
    where = QRect(label.mapTo(notes_window, QPoint(0, 0)), label.size())
    before = notes_window.grab().toImage()
    assert len(_colours(before, where)) > 1  # the client's name is drawn there
    controller.lock()
    after = notes_window.grab().toImage()
    background = controller.screens[0].palette().color(QPalette.ColorRole.Window)
    assert _colours(after, where) == {background.rgba()}


def test_other_shortcuts_do_nothing_while_locked(qtbot, notes_window, controller):
    found = []
    find = QShortcut(QKeySequence("Ctrl+F"), notes_window)
    find.activated.connect(lambda: found.append(True))
    notes_window.activateWindow()
    qtbot.waitActive(notes_window)
    qtbot.keyClick(notes_window.note, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert found == [True]
    controller.lock()
    field = controller.screens[0].passphrase.edit
    qtbot.keyClick(field, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert found == [True]
