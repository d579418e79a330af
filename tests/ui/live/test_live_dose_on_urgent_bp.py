"""Live mode applies the rule set to doses: a booster given while the latest BP is urgent is
an urgent finding at once (banner and timeline), as the editor and the PDFs say."""

from __future__ import annotations

from kapnotes.ui.live.timeline_model import FLAG


def test_a_booster_on_an_urgent_bp_is_flagged_urgent(qtbot, practice, dosed_session_id, open_view, clock, press, type_text):  # fmt: skip
    view = open_view(dosed_session_id)
    clock.advance(30)  # 10:25
    press("V")
    type_text("184/112 96 97")
    press("Return")
    clock.advance(3)  # 10:28
    press("B")
    press("Return")  # the booster pre-filled from the last dose (35 mg)
    assert "urgent" in view.vitals_flags.text().lower()
    assert "Dose 10:28" in view.vitals_flags.text()
    assert "was given while the latest BP (184/112 at 10:25) was urgent" in view.vitals_flags.text()
    model = view.model
    rows = [model.entry(r) for r in range(model.rowCount())]
    [booster] = [e for e in rows if e.what == "Dose" and e.time is not None and e.time.minute == 28]
    assert booster.level == "urgent"
    row = rows.index(booster)
    assert "urgent" in model.index(row, FLAG).data()
