"""The window's actions: menus, shortcuts (shown in the menus) and the toolbar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from kapnotes.config import resource_path

# (attribute, menu text, shortcut, window method or controller.method, status tip)
# fmt: off
MENUS: list[tuple[str, list[tuple[str, str, str, str, str] | None]]] = [
    ("&File", [
        ("new_practice", "&New practice…", "", "practice_commands.new_practice", "Create a new, empty practice file"),
        ("open_practice", "&Open practice…", "Ctrl+O", "practice_commands.open_practice", "Open another practice file"),
        None,
        ("export_data", "E&xport…", "Ctrl+Shift+X", "practice_commands.export_data", "The practice or the selected client as JSON, CSV, FHIR or PDFs"),
        ("import_data", "&Import…", "Ctrl+Shift+I", "practice_commands.import_data", "Add clients from a KAPNotes JSON file (shown before they are added)"),
        None,
        ("export_session", "&Export session PDF…", "Ctrl+E", "session_commands.export_session_pdf", "Save the selected session note as a PDF"),
        ("export_course", "Export &course PDF…", "Ctrl+Shift+E", "session_commands.export_course_pdf", "Save the course summary as a PDF"),
        ("export_session_deid", "Export de-identified session PDF…", "", "session_commands.export_session_pdf_deidentified", "HIPAA Safe Harbor: study code, days from the course start, typed text scrubbed"),
        ("export_course_deid", "Export de-identified course PDF…", "", "session_commands.export_course_pdf_deidentified", "HIPAA Safe Harbor: study code, days from the course start, typed text scrubbed"),
        ("export_rems", "Export &REMS record…", "", "session_commands.export_rems_pdf", "The REMS patient monitoring record of an esketamine session"),
        ("export_monitoring", "Export &monitoring record…", "", "session_commands.export_monitoring_pdf", "The flowsheet of a dosing session: doses, vitals chart, effects, discharge"),
        ("preview", "Pre&view session PDF…", "", "session_commands.preview_session_pdf", "Show the session note as it prints"),
        ("print", "&Print session note…", "Ctrl+P", "session_commands.print_session_pdf", "Print the session note"),
        None,
        ("change_passphrase", "C&hange passphrase…", "", "practice_commands.change_passphrase", "Change the passphrase of this practice"),
        ("encrypt", "E&ncrypt this practice…", "", "practice_commands.encrypt_practice", "Protect this plain practice file with a passphrase"),
        ("backup", "&Backup and restore…", "", "practice_commands.backup_restore", "Back up now or restore a backup"),
        ("lock", "&Lock", "Ctrl+L", "practice_commands.lock", "Hide the notes until the passphrase is typed again"),
        ("switch_user", "S&witch user…", "Ctrl+Shift+L", "practice_commands.switch_user", "Lock, and let a colleague sign in with their own passphrase"),
        None,
        ("quit", "&Quit", "Ctrl+Q", "close", "Save and quit"),
    ]),
    ("&Edit", [
        ("find", "&Find in notes…", "Ctrl+F", "session_commands.find", "Search all notes"),
        None,
        ("settings", "&Settings…", "Ctrl+,", "practice_commands.edit_settings", "Practice name, clinicians, ranges, timings"),
    ]),
    ("&Client", [
        ("new_client", "&New client…", "Ctrl+Shift+N", "client_commands.new_client", "Add a client"),
        ("edit_client", "&Edit client…", "", "client_commands.edit_client", "Change the selected client"),
        ("archive_client", "&Archive client", "", "client_commands.toggle_archive_client", "Hide the client from the list (nothing is deleted)"),
        None,
        ("new_course", "New c&ourse…", "", "client_commands.new_course", "Start a new course for the client"),
        ("edit_course", "Edit co&urse…", "", "client_commands.edit_course", "Change the selected course"),
        ("archive_course", "Archive cour&se", "", "client_commands.archive_course", "Hide the course (nothing is deleted)"),
    ]),
    ("&Session", [
        ("new_session", "&New session…", "Ctrl+N", "session_commands.new_session", "A new session in the selected course"),
        ("live", "&Live mode", "F9", "session_commands.live_mode", "Large-type live recording of the selected session"),
        ("copy_forward", "&Copy forward from last session…", "Ctrl+Shift+F", "session_commands.copy_forward", "Copy intention, plan or themes from the last session, marked where copied"),
        ("sign", "&Sign note…", "Ctrl+Shift+S", "session_commands.sign_session", "Sign the note: it becomes read-only"),
        None,
        ("delete_draft", "&Delete draft…", "", "session_commands.delete_draft", "Delete an unsigned draft"),
    ]),
    ("&View", [
        ("show_archived", "Show &archived clients", "", "set_show_archived", "List archived clients too"),
        None,
        ("audit", "Audit &trail…", "", "practice_commands.show_audit_trail", "Who did what, and when"),
        ("rems_forms", "&REMS forms…", "", "practice_commands.show_rems_forms", "Esketamine REMS forms due, overdue and submitted"),
        ("ledger", "&Controlled substances…", "Ctrl+Shift+K", "practice_commands.show_ledger", "Stock, lots and the controlled-substance ledger"),
    ]),
    ("&Help", [
        ("shortcuts", "&Keyboard shortcuts", "F1", "practice_commands.show_shortcuts", "Every shortcut"),
        ("about", "&About KAPNotes", "", "practice_commands.show_about", ""),
    ]),
]

# fmt: on
TOOLBAR = ["new_client", "new_session", "find", "export_session", "print", "lock"]
ICONS = {
    "new_client": "new-client.svg",
    "new_session": "new-session.svg",
    "find": "search.svg",
    "export_session": "export-pdf.svg",
    "print": "print.svg",
    "lock": "lock.svg",
}
CHECKABLE = {"show_archived"}


@dataclass
class WindowActions:
    """Every QAction by name, plus the theme group."""

    actions: dict[str, QAction]
    theme_group: QActionGroup
    menus: dict[str, QMenu]
    toolbar: QToolBar

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]


def shortcut_list() -> list[tuple[str, str]]:
    """(shortcut, what it does) for the Help dialog."""
    out = []
    for _title, items in MENUS:
        for item in items:
            if item and item[2]:
                out.append((QKeySequence(item[2]).toString(QKeySequence.SequenceFormat.NativeText), item[1].replace("&", "").rstrip("…")))  # fmt: skip
    return out


def build_actions(window: QMainWindow) -> WindowActions:
    """Create the menus and toolbar of a window; each action calls the named method of the
    window or of one of its controllers ("session_commands.new_session")."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for title, items in MENUS:
        menu = bar.addMenu(title)
        menus[title.replace("&", "")] = menu
        for item in items:
            if item is None:
                menu.addSeparator()
                continue
            name, text, shortcut, method, tip = item
            action = QAction(text, window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                # The window's own widgets (editors, tables) must not swallow these.
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})" if shortcut else text.replace("&", "").rstrip("…"))  # fmt: skip
            if name in CHECKABLE:
                action.setCheckable(True)
                action.toggled.connect(_method(window, method))
            else:
                # Looked up at each click: the controllers come after the frame (check_actions).
                action.triggered.connect(lambda _checked=False, m=method: _method(window, m)())
            menu.addAction(action)
            actions[name] = action
        if title == "&View":
            theme_group = _theme_actions(window, menu, actions)
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    for name in TOOLBAR:
        action = actions[name]
        action.setIcon(_icon(ICONS[name]))
        action.setIconText(action.text().replace("&", "").rstrip("…").replace(" session note", "").replace(" in notes", ""))  # fmt: skip
        toolbar.addAction(action)
    window.addToolBar(toolbar)
    return WindowActions(actions, theme_group, menus, toolbar)


def check_actions(window: QMainWindow) -> None:
    """Fail now, not on the first click, when a menu item names a method that is missing."""
    for _title, items in MENUS:
        for item in items:
            if item is not None:
                _method(window, item[3])


def _method(window: QMainWindow, path: str) -> Callable:
    """window.a.b for "a.b" (a controller's method, or the window's own)."""
    target: object = window
    for name in path.split("."):
        target = getattr(target, name)
    assert callable(target), path
    return target


def _icon(file_name: str) -> QIcon:
    """A toolbar icon from resources/icons (mid-grey strokes: readable on both themes)."""
    path = resource_path(f"icons/{file_name}")
    return QIcon(str(path)) if path.exists() else QIcon()


def _theme_actions(window, menu: QMenu, actions: dict[str, QAction]) -> QActionGroup:
    group = QActionGroup(window)
    group.setExclusive(True)
    menu.insertSeparator(menu.actions()[0])
    first = menu.actions()[0]
    for code, text in (("light", "&Light theme"), ("dark", "&Dark theme (dim rooms)")):
        action = QAction(text, window)
        action.setCheckable(True)
        action.setData(code)
        action.triggered.connect(lambda _checked=False, c=code: window.set_theme(c))
        group.addAction(action)
        menu.insertAction(first, action)
        actions[f"theme_{code}"] = action
    return group
