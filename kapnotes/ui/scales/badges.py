"""Coloured badges (safety flags, vital-sign flags) readable on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# Solid backgrounds with their own text colour: they read the same on any window palette.
BADGE_COLOURS = {
    "urgent": ("#b3261e", "#ffffff"),
    "safety": ("#b3261e", "#ffffff"),
    "caution": ("#f2b705", "#1f1b16"),
    "info": ("#2f6f9f", "#ffffff"),
    "ok": ("#2e7d32", "#ffffff"),
}
# The dark theme is for dimmed rooms: the same hues, low-luminance backgrounds and soft text,
# so a reminder or flag is still unmistakable but no longer the brightest thing in the room.
DARK_BADGE_COLOURS = {
    "urgent": ("#6e1f1b", "#ffc9c4"),
    "safety": ("#6e1f1b", "#ffc9c4"),
    "caution": ("#5a4510", "#f3d48a"),
    "info": ("#1f3a55", "#bcd6ee"),
    "ok": ("#1e3f24", "#b2dcb6"),
}


def dark_palette() -> bool:
    """True when the application palette is a dark one (the dark theme is applied)."""
    app = QApplication.instance()
    return isinstance(app, QApplication) and app.palette().window().color().lightness() < 128


def badge_style(level: str, dark: bool | None = None) -> str:
    """The stylesheet of a badge for a level (urgent, safety, caution, info, ok)."""
    dark = dark_palette() if dark is None else dark
    colours = DARK_BADGE_COLOURS if dark else BADGE_COLOURS
    bg, fg = colours.get(level, colours["info"])
    return (
        f"QLabel {{ background: {bg}; color: {fg}; border-radius: 4px; "
        "padding: 2px 8px; font-weight: bold; }"
    )


class Badge(QLabel):
    """A short coloured label; hidden while it has no text."""

    def __init__(self, level: str = "safety", parent: QWidget | None = None):
        super().__init__(parent)
        self.level = level
        self.setWordWrap(True)
        self._restyle()
        self.hide()

    def _restyle(self) -> None:
        style = badge_style(self.level)
        if style != self.styleSheet():  # setting a stylesheet sends change events: no loop
            self.setStyleSheet(style)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        # A theme switch (View menu) replaces the app palette: follow it.
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self._restyle()
        super().changeEvent(event)

    def show_text(self, text: str, level: str | None = None) -> None:
        """Show `text` (an empty text hides the badge)."""
        if level and level != self.level:
            self.level = level
        self._restyle()
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
