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


def test_a_bp_rise_from_the_pre_dose_baseline_is_a_caution_in_live_mode(qtbot, practice, dosed_session_id, open_view, clock, press, type_text):  # fmt: skip
    view = open_view(dosed_session_id)  # the dose was given at 10:00; it is 09:55
    press("V")
    type_text("120/78 70 98")
    press("Return")
    clock.advance(35)  # 10:30
    press("V")
    type_text("165/104 80 97")
    press("Return")
    banner = view.vitals_flags.text()
    assert "rose +45/+26 from the pre-dose 120/78" in banner
    model = view.model
    rows = [model.entry(r) for r in range(model.rowCount())]
    [later] = [e for e in rows if e.what.startswith("Vitals") and e.time.hour == 10]
    assert later.level == "caution" and "rose +45/+26" in later.flag
