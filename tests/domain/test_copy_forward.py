"""Copy forward: chosen fields only, marked where copied, nothing overwritten."""

from __future__ import annotations

from datetime import date

from kapnotes.domain.copy_forward import available, copy_forward, marker, source_session
from kapnotes.domain.records import Session, ThemeTag


def test_copies_only_the_chosen_fields_and_marks_them():
    last = Session(1, 1, date(2026, 3, 1), kind="integration", template="soap", id=1,
                   intention="Stay with the grief", narrative={"Plan": "Walk daily; call sister."},
                   themes=[ThemeTag("grief", "mother"), ThemeTag("self_compassion")])  # fmt: skip
    new = Session(1, 1, date(2026, 3, 8), template="soap", id=2, themes=[ThemeTag("grief", "own")])
    assert source_session([last, new], new) is last
    assert available(last)["plan"] == "Walk daily; call sister."
    assert copy_forward(last, new, {"plan", "themes"}) == ["plan", "themes"]
    assert new.intention == ""  # not chosen: untouched
    assert new.narrative["Plan"] == f"{marker(date(2026, 3, 1))} Walk daily; call sister."
    assert [(t.theme, t.note) for t in new.themes] == [("grief", "own"), ("self_compassion", marker(date(2026, 3, 1)))]  # fmt: skip
    new.intention = "Typed already"
    copy_forward(last, new, {"intention"})
    assert new.intention == f"Typed already\n\n{marker(date(2026, 3, 1))} Stay with the grief"


def test_a_free_note_gets_the_plan_in_its_note_and_later_sessions_are_not_sources():
    last = Session(1, 1, date(2026, 3, 1), template="dap", narrative={"Plan": "Same dose."}, id=1)
    later = Session(1, 1, date(2026, 4, 1), intention="x", id=3)
    new = Session(1, 1, date(2026, 3, 8), template="free", id=2)
    assert source_session([last, later, new], new) is last
    copy_forward(last, new, {"plan"})
    assert new.narrative["Note"].endswith("Plan: Same dose.")
