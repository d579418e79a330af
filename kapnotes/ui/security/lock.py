"""Auto-lock: after idle minutes or on Ctrl+L, every KAPNotes window hides client details."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMenu,
    QMenuBar,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from kapnotes.services import ServiceContext, accounts
from kapnotes.services.practice import failed_unlocks
from kapnotes.store import Practice, PracticeError, WrongPassphrase
from kapnotes.store.accounts import unlock_user_keys
from kapnotes.store.keyslots import UserKeys
from kapnotes.ui.common.application import application
from kapnotes.ui.security.lock_rules import (
    ACTIVITY,
    BLOCKED_WHEN_LOCKED,
    is_quit_action,
    is_quit_key,
)
from kapnotes.ui.security.lock_screen import LockScreen
from kapnotes.ui.security.throttle import FailureThrottle
from kapnotes.ui.security.verify import passphrase_opens
from kapnotes.ui.security.worker import BackgroundCall

log = logging.getLogger(__name__)

LOCKED_TITLE = "Locked — KAPNotes"  # ends with the app name: Qt appends it otherwise


class LockController(QObject):
    """Watches user activity app-wide and locks `window` (and every other KAPNotes window).

    Locking calls before_lock() (save drafts) first, then covers each visible window with an
    opaque LockScreen, hides the main window's central widget, docks, toolbars and status bar,
    disables its actions except Quit and neutral-izes window titles (they may name a client).
    Unlocking an encrypted practice needs its passphrase (wrong ones slow down and are written
    to the audit trail as failed_unlock); an unencrypted practice unlocks with the button alone,
    since there is no secret to ask for.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QWidget,
        practice: Practice,
        before_lock: Callable[[], None],
        parent: QObject | None = None,
        *,
        throttle: FailureThrottle | None = None,
        services: ServiceContext | None = None,
    ):
        # Without a parent the controller lives as long as its window (and its app-wide event
        # filter goes with it).
        super().__init__(parent if parent is not None else window)
        self.window = window
        # The window's services (its views hear of a switch of user); one of its own otherwise.
        self.services = services
        self.practice = practice
        self.before_lock = before_lock
        self.throttle = throttle or FailureThrottle()
        self.throttle.setParent(self)
        self.throttle.tick.connect(self._show_wait)
        self.throttle.waitStarted.connect(lambda _ms: self._show_wait(self.throttle.seconds_left()))
        self.throttle.released.connect(self._end_wait)
        self._screens: list[LockScreen] = []
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._titles: dict[QWidget, str] = {}
        self._sizes: dict[QWidget, tuple[int, int]] = {}
        self._focus: QWidget | None = None
        self._locked = False
        self.checker = BackgroundCall(self)
        self._signing_in = ""
        self.checker.finished.connect(self._checked)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.reload_settings()
        application().installEventFilter(self)

    @property
    def screens(self) -> list[LockScreen]:
        """The lock screens now shown; the first covers the main window.

        A covered window may be closed and deleted while locked (its screen goes with it).
        """
        self._screens = [screen for screen in self._screens if isValid(screen)]
        return self._screens

    def stop(self) -> None:
        """Stop watching the application (the window is closing): no more idle locks."""
        application().removeEventFilter(self)
        self.idle_timer.stop()
        self.idle_ms = 0

    # -- idle ------------------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self._locked

    def reload_settings(self) -> None:
        """Re-read lock_minutes from the practice settings (0 turns auto-lock off)."""
        try:
            minutes = self.practice.settings().lock_minutes
        except PracticeError:
            minutes = 10
        self.set_idle_interval_ms(max(0, int(minutes)) * 60_000)

    def set_idle_interval_ms(self, ms: int) -> None:
        """Lock after this much idle time (0: never); tests use a few milliseconds."""
        self.idle_ms = ms
        self.idle_timer.setInterval(ms)
        self._restart_idle()

    def _restart_idle(self) -> None:
        if self.idle_ms > 0 and not self._locked:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        kind = event.type()
        if self._locked:
            if (
                kind == QEvent.Type.Show
                and isinstance(watched, QWidget)
                and self._needs_cover(watched)
            ):
                # A window that opens while locked (a reminder, a dialog) is covered at once.
                self._cover(watched, top=None)
                return False
            # Nothing typed may reach the widgets behind the lock screen.
            return kind in BLOCKED_WHEN_LOCKED and not self._inside_lock_screen(watched)
        if kind in ACTIVITY and self.idle_ms > 0:
            self.idle_timer.start()
        return False

    def _inside_lock_screen(self, obj: QObject) -> bool:
        if isinstance(obj, QAction):
            return is_quit_action(obj)
        if isinstance(obj, QShortcut):
            return is_quit_key(obj.key())
        if not isinstance(obj, QWidget):
            return True  # the application and windows' internal objects: not user input
        if isinstance(obj, (QMenu, QMenuBar)):
            return True  # menus hold only disabled actions and Quit
        if obj.window() not in self._titles:
            return True  # not a window this controller covers
        return any(screen is obj or screen.isAncestorOf(obj) for screen in self.screens)

    def _needs_cover(self, obj: QObject) -> bool:
        return (
            isinstance(obj, QWidget)
            and obj.isWindow()
            and obj not in self._titles
            and not isinstance(obj, (QMenu, LockScreen))
            and obj.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
        )

    # -- locking ---------------------------------------------------------------------------
    def lock(self) -> None:
        """Save drafts (before_lock), then hide every client detail behind the lock screen."""
        if self._locked:
            return
        try:
            self.before_lock()
        except Exception as exc:  # noqa: BLE001 - hiding the notes matters more than the error
            log.warning("saving before lock failed: %s", type(exc).__name__)
        self._locked = True
        self.idle_timer.stop()
        self._focus = QApplication.focusWidget()
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            popup = QApplication.activePopupWidget()
        self._lock_main_window()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible() and widget.isWindow():
                if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                    widget.hide()
                    continue
                self._cover(widget, top=None)
        self._show_wait(self.throttle.seconds_left())
        self._active_screen().focus_field()
        self.locked.emit()

    def _practice_name(self) -> str:
        try:
            return self.practice.settings().practice_name
        except PracticeError:
            return ""

    def _cover(self, widget: QWidget, top: QWidget | None) -> LockScreen:
        user = self.practice.user
        screen = LockScreen(
            widget, self._practice_name(), encrypted=self.practice.is_encrypted, top=top,
            users=self.practice.user_names() if user is not None else None,
            current=user.name if user is not None else None,
        )  # fmt: skip
        screen.unlockRequested.connect(self.try_unlock)
        hint = screen.minimumSizeHint()
        if widget is not self.window and (
            widget.width() < hint.width() or widget.height() < hint.height()
        ):
            self._sizes[widget] = (widget.width(), widget.height())
            widget.resize(max(widget.width(), hint.width()), max(widget.height(), hint.height()))
        self._titles[widget] = widget.windowTitle()
        widget.setWindowTitle(LOCKED_TITLE)
        screen.show()
        screen.raise_()
        self._screens.append(screen)
        return screen

    def _lock_main_window(self) -> None:
        window = self.window
        top = None
        if isinstance(window, QMainWindow):
            top = window.menuWidget()
            parts: list[QWidget | None] = [window.centralWidget(), window.statusBar()]
            parts += window.findChildren(QDockWidget)
            parts += window.findChildren(QToolBar)
            for part in parts:
                if part is not None and part.isVisible() and part.parentWidget() is window:
                    part.hide()
                    self._hidden.append(part)
        for action in {*window.findChildren(QAction), *window.actions()}:
            # Menus themselves stay open-able (File > Quit must be reachable); their items go grey.
            if action.menu() is not None:
                continue
            if action.isEnabled() and not is_quit_action(action):
                action.setEnabled(False)
                self._disabled.append(action)
        self._cover(window, top)

    def _active_screen(self) -> LockScreen:
        """The screen that can take input: the one over a modal dialog, if there is one."""
        modal = QApplication.activeModalWidget()
        for screen in reversed(self.screens):
            if screen.parentWidget() is modal:
                return screen
        return self.screens[0]

    # -- unlocking -------------------------------------------------------------------------
    def try_unlock(self, passphrase: str) -> None:
        """Unlock when the passphrase opens the practice (checked on a pool thread).

        An unencrypted practice unlocks at once: there is no secret to check.
        """
        if not self._locked or self.throttle.waiting or self.checker.busy:
            return
        if not self.practice.is_encrypted:
            self.throttle.reset()
            self._unlock()
            return
        if not passphrase:
            self._say("Type the passphrase.")
            return
        self._set_checking(True)
        practice = self.practice
        if practice.user is not None:
            # Accounts: whoever picks their name and types their own passphrase signs in
            # (the keys are unwrapped on the pool thread; the switch happens in _checked).
            path, name = practice.path, self._active_screen().user_name()
            self._signing_in = name
            self.checker.start(lambda: unlock_user_keys(path, name, passphrase))
            return
        self.checker.start(lambda: passphrase_opens(practice, passphrase))

    def _set_checking(self, checking: bool) -> None:
        for screen in self.screens:
            screen.unlock_button.setEnabled(not checking)
            screen.unlock_button.setText("Checking…" if checking else "Unlock")
            screen.passphrase.setEnabled(not checking)
        if checking:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _checked(self, ok: object, error: object) -> None:
        self._set_checking(False)
        if not self._locked:
            return
        if isinstance(error, WrongPassphrase):
            self._wrong()
            return
        if isinstance(error, PracticeError):
            self._say(str(error))
            self._active_screen().focus_field()
            return
        if isinstance(error, BaseException):
            raise error  # a bug, not a user error: the application's exception hook reports it
        if not ok:
            self._wrong()
            return
        if self.practice.user is not None and isinstance(ok, UserKeys):
            try:
                services = self.services or ServiceContext(self.practice)
                accounts.switch_user(services, self._signing_in, ok)
            except WrongPassphrase:
                self._wrong()
                return
            except PracticeError as exc:
                self._say(str(exc))
                return
            # Loaded when needed: the accounts dialogs hold 4 MB the open window rarely uses.
            from kapnotes.ui.security.accounts_dialogs import FirstPassphraseDialog

            if not FirstPassphraseDialog.required(self.practice, self._active_screen()):
                # A temporary passphrase opens nothing until its owner chooses their own.
                for screen in self.screens:
                    screen.passphrase.clear()
                self._say("Choose your own passphrase to continue.")
                return
        self.throttle.reset()
        self._unlock()

    def _wrong(self) -> None:
        if self.practice.user is None:  # with accounts the slot counts and audits failures
            failed_unlocks(self.practice, 1, "on the lock screen")
        for screen in self.screens:
            screen.passphrase.clear()
        self.throttle.record_failure()
        if not self.throttle.waiting:
            self._say("Wrong passphrase.")
        self._active_screen().focus_field()

    def _say(self, text: str) -> None:
        for screen in self.screens:
            screen.show_error(text)

    def _show_wait(self, seconds: int) -> None:
        if not seconds:
            return
        for screen in self.screens:
            screen.set_waiting(seconds)
        self._say(f"Wrong passphrase. Wait {seconds} s before the next try.")

    def _end_wait(self) -> None:
        for screen in self.screens:
            screen.set_waiting(0)
        if self._locked:
            self._say("Wrong passphrase. You can try again now.")
            self._active_screen().focus_field()

    def _unlock(self) -> None:
        for screen in self.screens:
            screen.detach()
        self._screens.clear()
        # Windows, parts and actions may have been closed and deleted while locked.
        for widget, title in self._titles.items():
            if isValid(widget):
                widget.setWindowTitle(title)
        for widget, (width, height) in self._sizes.items():
            if isValid(widget):
                widget.resize(width, height)
        for part in self._hidden:
            if isValid(part):
                part.show()
        for action in self._disabled:
            if isValid(action):
                action.setEnabled(True)
        self._titles.clear()
        self._sizes.clear()
        self._hidden.clear()
        self._disabled.clear()
        self._locked = False
        if self._focus is not None and isValid(self._focus):
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
            self._focus = None
        self._restart_idle()
        self.unlocked.emit()
