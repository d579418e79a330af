"""The pre-dose checklist section of the session editor, driven like a clinician would."""

from __future__ import annotations

from kapnotes.services import ServiceContext


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


def test_copy_forward_copies_the_ticked_fields_marked(qtbot, editor, practice, clinic, new_session):
    from datetime import date

    from kapnotes.domain.records import ThemeTag
    from kapnotes.ui.editor.copy_forward import copy_forward_into

    earlier = new_session(kind="integration", date=date(2026, 10, 20), template="soap",
                          intention="Meet the fear", narrative={"Plan": "Journal nightly."},
                          themes=[ThemeTag("grief", "")])  # fmt: skip
    assert earlier
    shown = {}

    def ask(dialog):
        shown.update({k: b.text() for k, b in dialog.boxes.items()})
        assert not any(b.isChecked() for b in dialog.boxes.values())  # nothing copied silently
        dialog.boxes["plan"].setChecked(True)
        return True

    assert copy_forward_into(editor, ServiceContext(practice), editor, ask) == ["plan"]
    assert set(shown) == {"intention", "plan", "themes"}
    stored = practice.get_session(clinic["session_id"])
    assert stored.intention == "" and not stored.themes
    assert "[copied from the session of 2026-10-20]" in stored.narrative_text()
    assert "Journal nightly." in editor.session.narrative_text()
