"""Light and dark themes: a Fusion palette plus a small stylesheet from resources/.

The dark theme is meant for dimmed session rooms: low-luminance greys, no pure white text.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from kapnotes.config import resource_path

THEMES = ("light", "dark")
SETTINGS_KEY = "view/theme"

_COLOURS = {
    "light": {
        "Window": "#f3f4f6",
        "WindowText": "#1f2328",
        "Base": "#ffffff",
        "AlternateBase": "#f0f2f5",
        "ToolTipBase": "#ffffe8",
        "ToolTipText": "#1f2328",
        "Text": "#1f2328",
        "Button": "#e9ebef",
        "ButtonText": "#1f2328",
        "BrightText": "#b00020",
        "Highlight": "#2f6fb3",
        "HighlightedText": "#ffffff",
        "Link": "#1d5fa8",
        "PlaceholderText": "#6b7280",
        "Mid": "#c4c8cf",
        "Dark": "#9aa0a8",
        "Light": "#ffffff",
    },
    "dark": {
        "Window": "#1b1d21",
        "WindowText": "#c9ccd1",
        # Fields a step lighter than the window: on a darker base an empty input vanished.
        "Base": "#24272c",
        "AlternateBase": "#2a2d33",
        "ToolTipBase": "#2a2d33",
        "ToolTipText": "#c9ccd1",
        "Text": "#c9ccd1",
        "Button": "#25282d",
        "ButtonText": "#c9ccd1",
        "BrightText": "#ff8a80",
        "Highlight": "#3a5a80",
        "HighlightedText": "#e3e6ea",
        "Link": "#8ab4e0",
        "PlaceholderText": "#7d828a",
        "Mid": "#3a3e45",
        "Dark": "#101215",
        "Light": "#353940",
    },
}


def palette(name: str) -> QPalette:
    """The QPalette of a theme (unknown names fall back to light)."""
    colours = _COLOURS.get(name, _COLOURS["light"])
    pal = QPalette()
    for role_name, value in colours.items():
        role = getattr(QPalette.ColorRole, role_name)
        pal.setColor(QPalette.ColorGroup.All, role, QColor(value))
    disabled = QColor(colours["PlaceholderText"])
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


def stylesheet(name: str) -> str:
    """The stylesheet of a theme from resources/ ("" when the file is missing)."""
    path = resource_path(f"{name if name in THEMES else 'light'}.qss")
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def apply_theme(app: QApplication, name: str) -> str:
    """Switch the whole app to a theme; returns the theme actually applied."""
    name = name if name in THEMES else "light"
    app.setStyle("Fusion")
    app.setPalette(palette(name))
    app.setStyleSheet(stylesheet(name))
    app.setProperty("kapnotesTheme", name)
    return name


def current_theme(app: QApplication) -> str:
    """The theme last applied to the app."""
    return app.property("kapnotesTheme") or "light"
