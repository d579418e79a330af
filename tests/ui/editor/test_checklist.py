"""The pre-dose checklist section of the session editor, driven like a clinician would."""

from __future__ import annotations


def test_the_checklist_is_typed_and_saved_with_the_note(qtbot, editor, practice, clinic, user):
    form = editor.checklist.form
    assert editor.checklist.isVisible()
    assert any(f.code == "checklist_missing" for f in editor.findings)
    user.replace_text(form.fasting, "6.5")
    user.toggle(form.checks["transport_arranged"])
    user.type_into(form.transport_by, "Sam (partner)")
    user.toggle(form.meds["lamotrigine"])
    editor.flush()
    stored = practice.get_session(clinic["session_id"]).checklist
    assert stored.fasting_hours == 6.5 and stored.transport_arranged
    assert stored.transport_by == "Sam (partner)" and stored.medications_today == {"lamotrigine": True}  # fmt: skip
    codes = {f.code for f in editor.findings}
    assert "checklist_gap" in codes and "medication_today" in codes
    assert "not checked" in editor.checklist.message.text()


def test_negative_or_unreadable_fasting_hours_get_a_message_and_lose_nothing(qtbot, editor, practice, clinic, user):  # fmt: skip
    form = editor.checklist.form
    user.replace_text(form.fasting, "-3")
    assert "cannot be negative" in form.fasting_message.text()
    assert any(f.code == "fasting_range" and f.is_error for f in editor.findings)
    user.replace_text(form.fasting, "six")
    assert "not a number" in form.fasting_message.text()
    assert form.fasting.text() == "six"
    assert any(f.code == "fasting_text" for f in editor.findings)
    user.replace_text(form.fasting, "200")
    assert "implausible" in form.fasting_message.text()


def test_the_checklist_is_hidden_on_an_integration_session(qtbot, editor, new_session):
    editor.load_session(new_session(kind="integration"))
    assert not editor.checklist.isVisible()
