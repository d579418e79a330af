"""The signature pad, consent capture, eligibility decision and the Intake tab, driven with
real mouse and key events."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt

from kapnotes.domain.records import Client
from kapnotes.domain.users import Role
from kapnotes.services import ServiceContext
from kapnotes.store import open_practice
from kapnotes.ui.intake.dialogs import ConsentDialog, EligibilityDialog
from kapnotes.ui.intake.intake_tab import IntakeTab
from kapnotes.ui.intake.signature_pad import BOX_W, SignaturePad

ADMIN_PASS = "admin passphrase"
TESS_PASS = "therapist pass"


def draw(qtbot, pad, points) -> None:
    """One stroke with the mouse: press, move through the points, release."""
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for p in points[1:]:
        qtbot.mouseMove(pad, QPoint(*p))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def test_the_pad_records_mouse_strokes_in_its_box(qtbot):
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(900, 300)  # 1.5 times the box: points are stored at 2/3 of the pixel values
    pad.show()
    qtbot.waitExposed(pad)
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed):
        draw(qtbot, pad, [(30, 150), (90, 60), (180, 120), (360, 30)])
    draw(qtbot, pad, [(450, 60), (570, 105)])
    strokes = pad.strokes()
    assert len(strokes) == 2 and strokes[0][0] == (20.0, 100.0) and strokes[0][-1] == (240.0, 20.0)
    assert all(0 <= x <= BOX_W for s in strokes for x, _y in s)
    pad.clear()
    assert pad.is_empty()


@pytest.fixture
def plain(practice):
    cid = practice.save_client(Client("K-1", "Wren Ashby"))
    practice.save_consent_template("KAP informed consent", "Ketamine can raise blood pressure.")
    return practice.get_client(cid)


def test_an_empty_signature_is_refused_then_a_drawn_one_is_recorded(qtbot, practice, plain):
    dialog = ConsentDialog(ServiceContext(practice), plain)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert "Ketamine can raise" in dialog.text.toPlainText()
    dialog.signer.name.setEditText("Ana Ruiz")
    dialog.try_accept()
    assert "signature is empty" in dialog.message.text() and practice.consents(plain.id) == []
    draw(qtbot, dialog.pad, [(20, 80), (60, 40), (100, 90), (140, 50), (180, 70)])
    dialog.try_accept()
    (consent,) = practice.consents(plain.id)
    assert consent.witness == "Ana Ruiz" and len(consent.client_strokes[0]) == 5
    assert consent.text == "Ketamine can raise blood pressure."


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "clinic.kapnotes"
    with open_practice(path, ADMIN_PASS, create=True, user="Dr Admin") as p:
        p.update_user("Dr Admin", credentials="MD", role=Role.PRESCRIBER)
        p.add_user("Tess", Role.THERAPIST, TESS_PASS, credentials="LCSW", temporary=False)
        p.save_client(Client("K-1", "Wren Ashby"))
    return path


def test_a_therapist_is_told_a_prescriber_must_decide(qtbot, clinic):
    with open_practice(clinic, TESS_PASS, user="Tess") as p:
        dialog = EligibilityDialog(ServiceContext(p), p.find_client("K-1"))
        qtbot.addWidget(dialog)
        assert "needs a prescriber" in dialog.message.text()
        dialog.try_accept()
        assert "needs a prescriber" in dialog.message.text()
        assert p.eligibility_history(p.find_client("K-1").id) == []


def test_the_prescriber_signs_with_their_passphrase(qtbot, clinic):
    with open_practice(clinic, ADMIN_PASS, user="Dr Admin") as p:
        client = p.find_client("K-1")
        dialog = EligibilityDialog(ServiceContext(p), client)
        qtbot.addWidget(dialog)
        dialog.choices.buttons()[1].setChecked(True)  # with precautions
        dialog.try_accept()
        assert "precautions" in dialog.message.text()
        qtbot.keyClicks(dialog.precautions, "BP every 15 min")
        field = dialog.signer.passphrase
        _type_passphrase(qtbot, field, "wrong passphrase")
        dialog.try_accept()
        assert "Wrong passphrase" in dialog.message.text()
        _type_passphrase(qtbot, field, ADMIN_PASS)
        dialog.try_accept()
        (decision,) = p.eligibility_history(client.id)
        assert decision.label == "Eligible with precautions: BP every 15 min"
        assert decision.signer == "Dr Admin" and decision.signature


def _type_passphrase(qtbot, field, text: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    edit = field.findChild(QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_the_intake_tab_saves_what_is_typed(qtbot, practice, plain):
    tab = IntakeTab(ServiceContext(practice))
    qtbot.addWidget(tab)
    tab.resize(460, 700)
    tab.show()
    tab.show_client(plain)
    assert "No eligibility decision" in tab.decision_label.text()
    assert "No informed consent on file" in tab.reminders.text()
    combo = tab.answers["controlled_hypertension"]
    combo.setCurrentIndex(combo.findData("yes"))
    qtbot.keyClicks(tab.notes["controlled_hypertension"], "Amlodipine 5 mg")
    qtbot.keyClicks(tab.lines["responsible_adult"], "Theo (brother)")
    tab.flush()
    intake = practice.get_intake(plain.id)
    assert intake.item("controlled_hypertension").answer == "yes"
    assert intake.item("controlled_hypertension").note == "Amlodipine 5 mg"
    assert intake.responsible_adult == "Theo (brother)"
    practice.decide_eligibility(plain.id, "eligible", name="Dr Vale", credentials="MD")
    tab.show_client(practice.get_client(plain.id))
    assert "Eligible — Dr Vale, MD" in tab.decision_label.text()
    assert date.today().isoformat() in tab.decision_label.text()


def test_editing_a_used_template_in_settings_makes_a_new_version(qtbot, practice, plain):
    from kapnotes.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(ServiceContext(practice))
    qtbot.addWidget(dialog)
    page = dialog.consent_page
    assert page.list.count() == 1 and "not used yet" in page.info.text()
    practice.record_consent(plain.id, "KAP informed consent", 1, [[(0, 0), (5, 5), (9, 9), (20, 4), (30, 9)]], date(2026, 1, 5), witness="Ana")  # fmt: skip
    page.refresh()
    page._show()
    assert "makes version 2" in page.info.text()
    qtbot.keyClicks(page.text, " It may cause nausea.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert practice.latest_template_versions() == {"KAP informed consent": 2}
    assert practice.consent_template("KAP informed consent", 1).text == "Ketamine can raise blood pressure."  # fmt: skip
    page.valid_days.setValue(180)
    dialog.accept()
    assert practice.settings().consent_valid_days == 180


def test_typed_intake_is_stored_with_the_window_s_pending_edits(qtbot, practice, plain):
    # Closing, locking or any action stores what is typed (services.save_pending), before
    # the intake's own pause timer has run: Ctrl+Q right after typing lost it.
    ctx = ServiceContext(practice)
    tab = IntakeTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    tab.show_client(plain)
    qtbot.keyClicks(tab.lines["responsible_adult"], "Theo (brother)")
    assert practice.get_intake(plain.id) is None or practice.get_intake(plain.id).responsible_adult == ""  # fmt: skip
    ctx.save_pending()
    assert practice.get_intake(plain.id).responsible_adult == "Theo (brother)"
