"""Fixtures for the scale entry tests: a shown editor that can take keyboard focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kapnotes.ui.scales.editor import ScaleScoresEditor


@pytest.fixture
def editor(qtbot):
    """A ScaleScoresEditor on screen (offscreen platform) with an empty session."""
    widget = ScaleScoresEditor()
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


@pytest.fixture
def type_keys(qtbot):
    """Type keys into whatever has focus: a string per item, "\\t" moves on (Tab)."""

    def _type(*keys: str) -> None:
        for key in keys:
            target = QApplication.focusWidget()
            assert target is not None, "nothing has keyboard focus"
            if key == "\t":
                qtbot.keyClick(target, Qt.Key.Key_Tab)
            elif key == "\b":
                qtbot.keyClick(target, Qt.Key.Key_Backspace)
            else:
                qtbot.keyClicks(target, key)

    return _type
