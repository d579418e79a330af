"""Session list rows carry each safety flag without loading the notes."""

from __future__ import annotations

from datetime import date

import pytest

from kapnotes.domain.records import Client, ScaleScore, Session


@pytest.mark.parametrize(
    ("scales", "item9", "cssrs"),
    [
        ([], False, False),
        ([ScaleScore("phq9", [0] * 8 + [1])], True, False),
        ([ScaleScore("phq9", [3] * 8 + [0])], False, False),
        ([ScaleScore("cssrs", [0, 0, 0, 0, 0, 0])], False, False),
        ([ScaleScore("cssrs", [None, 1, None, None, None, None])], False, True),
        ([ScaleScore("cssrs", [0, 0, 0, 0, 0, 1])], False, True),
        ([ScaleScore("phq9", [0] * 8 + [2]), ScaleScore("cssrs", [1, 0, 0, 0, 0, 0])], True, True),
    ],
)
def test_list_sessions_flags_phq9_item9_and_a_positive_cssrs_screen(practice, scales, item9, cssrs):
    client_id = practice.save_client(Client(chart="S-1", name="Sam"))
    practice.save_session(
        Session(client_id, None, date(2026, 1, 5), kind="integration", scales=scales)
    )
    (row,) = practice.list_sessions(client_id=client_id)
    assert (row.phq9_item9, row.cssrs_positive, row.has_safety_flag) == (
        item9,
        cssrs,
        item9 or cssrs,
    )
