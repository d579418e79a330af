"""The window's actions: menus, shortcuts (shown in the menus) and the toolbar."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from kapnotes.config import resource_path

# (attribute, menu text, shortcut, window method, status tip)
# fmt: off
MENUS: list[tuple[str, list[tuple[str, str, str, str, str] | None]]] = [
    ("&File", [
        ("new_practice", "&New practice…", "", "new_practice", "Create a new, empty practice file"),
        ("open_practice", "&Open practice…", "Ctrl+O", "open_practice", "Open another practice file"),
        None,
        ("export_session", "&Export session PDF…", "Ctrl+E", "export_session_pdf", "Save the selected session note as a PDF"),
        ("export_course", "Export &course PDF…", "Ctrl+Shift+E", "export_course_pdf", "Save the course summary as a PDF"),
        ("export_session_deid", "Export de-identified session PDF…", "", "export_session_pdf_deidentified", "Name and date of birth replaced by chart number and age"),
        ("export_course_deid", "Export de-identified course PDF…", "", "export_course_pdf_deidentified", "Name and date of birth replaced by chart number and age"),
        ("export_rems", "Export &REMS record…", "", "export_rems_pdf", "The REMS patient monitoring record of an esketamine session"),
        ("preview", "Pre&view session PDF…", "", "preview_session_pdf", "Show the session note as it prints"),
        ("print", "&Print session note…", "Ctrl+P", "print_session_pdf", "Print the session note"),
        None,
        ("change_passphrase", "C&hange passphrase…", "", "change_passphrase", "Change the passphrase of this practice"),
        ("encrypt", "E&ncrypt this practice…", "", "encrypt_practice", "Protect this plain practice file with a passphrase"),
        ("backup", "&Backup and restore…", "", "backup_restore", "Back up now or restore a backup"),
        ("lock", "&Lock", "Ctrl+L", "lock", "Hide the notes until the passphrase is typed again"),
        ("switch_user", "S&witch user…", "Ctrl+Shift+L", "switch_user", "Lock, and let a colleague sign in with their own passphrase"),
        None,
        ("quit", "&Quit", "Ctrl+Q", "close", "Save and quit"),
    ]),
    ("&Edit", [
        ("find", "&Find in notes…", "Ctrl+F", "find", "Search all notes"),
        None,
        ("settings", "&Settings…", "Ctrl+,", "edit_settings", "Practice name, clinicians, ranges, timings"),
    ]),
    ("&Client", [
        ("new_client", "&New client…", "Ctrl+Shift+N", "new_client", "Add a client"),
        ("edit_client", "&Edit client…", "", "edit_client", "Change the selected client"),
        ("archive_client", "&Archive client", "", "toggle_archive_client", "Hide the client from the list (nothing is deleted)"),
        None,
        ("new_course", "New c&ourse…", "", "new_course", "Start a new course for the client"),
        ("edit_course", "Edit co&urse…", "", "edit_course", "Change the selected course"),
        ("archive_course", "Archive cour&se", "", "archive_course", "Hide the course (nothing is deleted)"),
    ]),
    ("&Session", [
        ("new_session", "&New session…", "Ctrl+N", "new_session", "A new session in the selected course"),
        ("live", "&Live mode", "F9", "live_mode", "Large-type live recording of the selected session"),
        ("sign", "&Sign note…", "Ctrl+Shift+S", "sign_session", "Sign the note: it becomes read-only"),
        None,
        ("delete_draft", "&Delete draft…", "", "delete_draft", "Delete an unsigned draft"),
    ]),
    ("&View", [
        ("show_archived", "Show &archived clients", "", "set_show_archived", "List archived clients too"),
        None,
        ("audit", "Audit &trail…", "", "show_audit_trail", "Who did what, and when"),
        ("ledger", "&Controlled substances…", "Ctrl+Shift+K", "show_ledger", "Stock, lots and the controlled-substance ledger"),
    ]),
    ("&Help", [
        ("shortcuts", "&Keyboard shortcuts", "F1", "show_shortcuts", "Every shortcut"),
        ("about", "&About KAPNotes", "", "show_about", ""),
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
    """Create the menus and toolbar of a window; each action calls the named window method."""
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
                action.toggled.connect(getattr(window, method))
            else:
                action.triggered.connect(lambda _checked=False, m=method: getattr(window, m)())
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
