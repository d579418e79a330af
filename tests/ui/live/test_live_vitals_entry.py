"""Vitals typed the way people write them on paper are read, not refused."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("line", ["128 / 82  76  98 %", "128/ 82 76 98%", " 128 /82, 76, 98 "])
def test_spaced_slash_and_percent_are_read(
    practice, dosed_session_id, open_view, press, type_text, line
):
    view = open_view(dosed_session_id)
    press("V")
    type_text(line)
    press("Return")
    assert view.vitals_row.message.isHidden(), view.vitals_row.message.text()
    v = practice.get_session(dosed_session_id).vitals[-1]
    assert (v.systolic, v.diastolic, v.heart_rate, v.spo2) == (128, 82, 76, 98)
    assert view.vitals_row.edit.text() == ""


def test_a_stray_percent_sign_alone_is_still_refused(
    practice, dosed_session_id, open_view, press, type_text
):
    view = open_view(dosed_session_id)
    press("V")
    type_text("128/82 % 76")
    press("Return")
    assert "Could not read" in view.vitals_row.message.text()
    assert view.vitals_row.edit.text() == "128/82 % 76"  # kept for fixing
    assert practice.get_session(dosed_session_id).vitals == []
