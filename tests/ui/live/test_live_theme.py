"""Live mode follows the window palette: in a dark theme its big clock is light on dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

DARK = {
    QPalette.ColorRole.Window: "#1e1f22",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#26272b",
    QPalette.ColorRole.AlternateBase: "#2d2e32",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#303134",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}


@pytest.fixture
def dark_app(qapp):
    """A dark QPalette on the application, as the shell's theme sets it; restored after."""
    old = qapp.palette()
    palette = QPalette(old)
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield qapp
    qapp.setPalette(old)


def _lightness_range(image) -> tuple[int, int]:
    values = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
    ]
    return min(values), max(values)


def test_dark_theme_clock_is_light_on_dark(dark_app, dosed_session_id, open_view, clock, tmp_path):
    clock.advance(20)
    view = open_view(dosed_session_id)
    assert view.elapsed.text() == "0:15:00"
    image = view.elapsed.grab().toImage()
    darkest, lightest = _lightness_range(image)
    assert darkest < 60 and lightest > 180
    background = QColor(image.pixel(2, 2)).lightness()
    assert background < 60  # the window colour, not a hard-coded light panel
    assert view.grab().save(str(tmp_path / "live_dark.png"))


def test_light_theme_clock_is_dark_on_light(dosed_session_id, open_view):
    view = open_view(dosed_session_id)
    image = view.elapsed.grab().toImage()
    assert QColor(image.pixel(2, 2)).lightness() > 180
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 180


def _mean_lightness(widget) -> float:
    image = widget.grab().toImage()
    values = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    ]
    return sum(values) / len(values)


def test_dark_theme_reminder_is_not_a_bright_bar(dark_app, dosed_session_id, open_view, clock):
    clock.advance(46)  # 10:41: the +40 min check is due
    view = open_view(dosed_session_id)
    assert "+40 min" in view.reminder.text() and not view.reminder.isHidden()
    # It was a saturated yellow bar (mean lightness ~ 110 of 255) in a dimmed room.
    assert _mean_lightness(view.reminder) < 90


def test_badges_follow_a_theme_switch(qapp, dosed_session_id, open_view, clock):
    from kapnotes.ui.common.theme import apply_theme

    clock.advance(46)
    view = open_view(dosed_session_id)
    light = _mean_lightness(view.reminder)
    try:
        apply_theme(qapp, "dark")
        qapp.processEvents()
        assert _mean_lightness(view.reminder) < 90 < light
    finally:
        apply_theme(qapp, "light")
    assert _mean_lightness(view.reminder) == pytest.approx(light, abs=2)


def test_live_mode_opens_large_on_its_screen(qtbot, practice, dosed_session_id, clock):
    from kapnotes.ui.live import LiveSessionView

    view = LiveSessionView(practice, dosed_session_id, clock=clock)
    qtbot.addWidget(view)
    view.show()
    screen = view.screen().availableGeometry()
    # It opened at its size hint, about 560 × 500, whatever the screen.
    assert view.width() >= 0.85 * min(screen.width(), 1400 / 0.92)
    assert view.height() >= 0.85 * min(screen.height(), 900 / 0.9)
    assert view.width() <= screen.width() and view.height() <= screen.height()
