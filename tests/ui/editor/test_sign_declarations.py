"""Signing asks for what the rule set needs: a typed reason above "check the units" and the
acknowledgement of what a dosing note lacks; both are stored, audited and printed."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTimer

from kapnotes.domain.records import Administration
from kapnotes.export.session_pdf import session_pdf_from_practice
from kapnotes.ui.editor import signing
from kapnotes.ui.editor.signing import SignDialog, UnitsReasonDialog


def _sign_with_first_clinician(monkeypatch):
    monkeypatch.setattr(SignDialog, "ask", staticmethod(lambda clinicians, parent=None: clinicians[0]))  # fmt: skip


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return " ".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_a_dose_above_check_the_units_needs_a_typed_reason(qtbot, editor, user, practice, clinic, monkeypatch, tmp_path):  # fmt: skip
    user.click(editor.dosing.table.add_button)
    user.edit_cell(editor.dosing.table, 0, 3, "5000")
    editor.flush()
    assert any(f.code == "dose_check_units" and f.is_urgent for f in editor.findings)
    _sign_with_first_clinician(monkeypatch)

    # Cancelling the reason leaves the note a draft.
    monkeypatch.setattr(UnitsReasonDialog, "ask", classmethod(lambda cls, finding, parent=None: ""))  # fmt: skip
    user.click(editor.sign_button)
    assert not practice.get_session(clinic["session_id"]).is_signed

    # The real dialog: the button stays off until a reason is typed.
    def type_reason():
        dialog = next(w for w in qtbot_widgets() if isinstance(w, UnitsReasonDialog))
        assert not dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.reason_edit, "50 mg typed as 5000 by the pump; 50 mg given")
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()

    def qtbot_widgets():
        from PySide6.QtWidgets import QApplication

        return QApplication.topLevelWidgets()

    monkeypatch.undo()
    _sign_with_first_clinician(monkeypatch)
    monkeypatch.setattr(signing, "confirm_incomplete", lambda parent, missing: True)
    QTimer.singleShot(0, type_reason)
    user.click(editor.sign_button)
    stored = practice.get_session(clinic["session_id"])
    assert stored.is_signed
    assert stored.units_reason == "50 mg typed as 5000 by the pump; 50 mg given"
    [sign] = [e for e in practice.audit_entries(session_id=stored.id) if e.action == "sign"]
    assert "check-the-units reason: 50 mg typed as 5000 by the pump" in sign.detail
    assert "50 mg typed as 5000 by the pump" in editor.signature.signature_label.text()
    assert practice.integrity_problems() == [] and practice.verify_audit().ok
    out = tmp_path / "note.pdf"
    session_pdf_from_practice(practice, stored.id, out)
    assert "thesigner'sreason:50mgtypedas5000bythepump" in _pdf_text(out)


def test_an_incomplete_dosing_note_is_signed_only_after_acknowledgement(qtbot, editor, user, practice, clinic, monkeypatch, tmp_path):  # fmt: skip
    s = practice.get_session(clinic["session_id"])
    s.administrations = [Administration(time(9, 10), "im", 35.0)]
    practice.save_session(s)
    editor.reload()
    _sign_with_first_clinician(monkeypatch)
    asked = []
    monkeypatch.setattr(signing, "confirm_incomplete", lambda parent, missing: asked.append(missing) or False)  # fmt: skip
    user.click(editor.sign_button)
    assert asked == [["pre-dose vitals", "post-dose vitals", "discharge time", "discharge criteria"]]  # fmt: skip
    assert not practice.get_session(s.id).is_signed

    monkeypatch.setattr(signing, "confirm_incomplete", lambda parent, missing: True)
    user.click(editor.sign_button)
    stored = practice.get_session(s.id)
    assert stored.is_signed
    assert stored.incomplete_ack.startswith("Signed without pre-dose vitals, post-dose vitals")
    [sign] = [e for e in practice.audit_entries(session_id=s.id) if e.action == "sign"]
    assert "Signed without pre-dose vitals" in sign.detail
    assert "Signed without pre-dose vitals" in editor.signature.signature_label.text()
    out = tmp_path / "note.pdf"
    session_pdf_from_practice(practice, s.id, out)
    assert "Signedwithoutpre-dosevitals,post-dosevitals,dischargetime,dischargecriteria(acknowledgedbythesigner)" in _pdf_text(out)  # fmt: skip
