"""Coloured badges (safety flags, vital-sign flags) readable on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

# Solid backgrounds with their own text colour: they read the same on any window palette.
BADGE_COLOURS = {
    "urgent": ("#b3261e", "#ffffff"),
    "safety": ("#b3261e", "#ffffff"),
    "caution": ("#f2b705", "#1f1b16"),
    "info": ("#2f6f9f", "#ffffff"),
    "ok": ("#2e7d32", "#ffffff"),
}


def badge_style(level: str) -> str:
    """The stylesheet of a badge for a level (urgent, safety, caution, info, ok)."""
    bg, fg = BADGE_COLOURS.get(level, BADGE_COLOURS["info"])
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
        self.setStyleSheet(badge_style(level))
        self.hide()

    def show_text(self, text: str, level: str | None = None) -> None:
        """Show `text` (an empty text hides the badge)."""
        if level and level != self.level:
            self.level = level
            self.setStyleSheet(badge_style(level))
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
