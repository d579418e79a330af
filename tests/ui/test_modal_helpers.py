"""The suite's own safety nets: a modal dialog nobody answers fails its test in seconds.

Without them an unpatched exec() blocks until pytest-timeout ends the test after 300 s.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit


def _dialog(qtbot, title: str = "Edit client") -> QDialog:
    dialog = QDialog()
    dialog.setWindowTitle(title)
    qtbot.addWidget(dialog)
    return dialog


def test_on_modal_answers_the_dialog_that_exec_waits_on(qtbot, on_modal):
    dialog = _dialog(qtbot)
    edit = QLineEdit(dialog)

    def answer(shown):
        qtbot.keyClicks(edit, "Zoe")
        shown.accept()

    calls = on_modal(answer)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert calls == [dialog] and edit.text() == "Zoe"


def test_a_failure_inside_the_dialog_closes_it_and_is_reported(qtbot, on_modal):
    dialog = _dialog(qtbot)

    def wrong(shown):
        raise AssertionError("not the dialog the test expected")

    with qtbot.capture_exceptions() as exceptions:
        on_modal(wrong)
        result = dialog.exec()  # returns, instead of blocking until the 300 s timeout
    assert result == QDialog.DialogCode.Rejected
    assert [str(e[1]) for e in exceptions] == ["not the dialog the test expected"]


def test_a_dialog_that_never_shows_fails_the_wait(qtbot, on_modal):
    with qtbot.capture_exceptions() as exceptions:
        on_modal(lambda shown: None, within_s=0.2)
        qtbot.waitUntil(lambda: bool(exceptions))
    assert str(exceptions[0][1]) == "no modal dialog was shown within 0.2 s"


@pytest.mark.parametrize("modal_open_limit_s", [0.5])
def test_a_modal_dialog_nobody_answers_is_rejected_and_named(qtbot, modal_open_limit_s):
    dialog = _dialog(qtbot, "Unpatched question")
    with qtbot.capture_exceptions() as exceptions:
        result = dialog.exec()  # nothing answers it: the watchdog does
    assert result == QDialog.DialogCode.Rejected
    assert len(exceptions) == 1
    assert "QDialog ('Unpatched question') stayed open for 0.5 s" in str(exceptions[0][1])
