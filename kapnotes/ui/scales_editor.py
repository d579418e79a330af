"""The session's rating scales editor (see kapnotes.ui.scales)."""

from kapnotes.ui.scales.badges import Badge
from kapnotes.ui.scales.editor import ScaleScoresEditor

__all__ = ["Badge", "ScaleScoresEditor"]
