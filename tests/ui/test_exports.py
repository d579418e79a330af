"""PDF export, preview and print from the window: the file is written and the event audited."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kapnotes.ui.documents import pdf_preview


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """Patch the save dialog: it answers with a file in tmp_path and remembers what it offered."""
    offered: list[str] = []

    def answer(name: str):
        def fake(parent, title, suggested, filters):
            offered.append(suggested)
            return str(tmp_path / name), filters

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
        return tmp_path / name

    answer.offered = offered
    return answer


def audit(practice, action):
    entries = practice.audit_entries
    return entries(action=action)


def test_ctrl_e_writes_the_session_pdf_and_records_the_export(
    qtbot, window, practice, filled, save_to, press
):
    target = save_to("note")  # no suffix typed: .pdf is added
    window.select_client(filled["ada"])
    press(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    written = Path(str(target) + ".pdf")
    assert written.read_bytes().startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert "Ada Lovelace" in text
    assert save_to.offered[0].endswith(f"session-C-1001-{practice.get_session(filled['ada_s4']).date}-s4.pdf")  # fmt: skip
    entries = audit(practice, "export")
    assert [(e.session_id, e.client_id) for e in entries] == [(filled["ada_s4"], filled["ada"])]


def test_deidentified_course_pdf_has_no_name(qtbot, window, practice, filled, save_to):
    target = save_to("course.pdf")
    window.select_client(filled["ada"])
    window.menu_actions["export_course_deid"].trigger()
    reader = PdfReader(target)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Lovelace" not in text and "C-1001" not in text  # Safe Harbor: no chart number
    [code] = set(re.findall(r"study (S-[A-Z2-9]{6})", text))
    # The file name offered and the metadata carry the study code, never chart or name.
    assert save_to.offered[0].endswith(f"course-deidentified-{code}.pdf")
    meta = " ".join(str(v) for v in reader.metadata.values())
    assert code in meta and "C-1001" not in meta and "Lovelace" not in meta
    assert "de-identified" in audit(practice, "export")[-1].detail


def test_rems_record_only_for_esketamine_sessions(qtbot, window, practice, filled, save_to):
    window.select_client(filled["ada"])
    assert not window.menu_actions["export_rems"].isEnabled()
    window.select_client(filled["bob"])
    assert window.menu_actions["export_rems"].isEnabled()
    target = save_to("rems.pdf")
    window.menu_actions["export_rems"].trigger()
    assert target.read_bytes().startswith(b"%PDF")


def test_cancelled_save_dialog_writes_nothing(qtbot, window, practice, filled, monkeypatch, tmp_path):  # fmt: skip
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    window.select_client(filled["ada"])
    assert window.session_commands.export_session_pdf() is None
    assert not list(tmp_path.glob("*.pdf"))


def test_print_prints_the_session_pdf_and_records_it(qtbot, window, practice, filled, monkeypatch):
    printed = []

    def fake_print(doc, parent, on_print=None):
        printed.append(doc.pageCount())
        on_print(doc.pageCount())
        return True

    # The window imports QtPdf on first use, from the preview module.
    monkeypatch.setattr(pdf_preview, "print_pdf_with_dialog", fake_print)
    window.select_client(filled["ada"])
    assert window.session_commands.print_session_pdf()
    assert printed and printed[0] >= 1
    entries = audit(practice, "print")
    assert entries and entries[-1].session_id == filled["ada_s4"]


def test_course_pdf_of_all_sessions_covers_every_course(qtbot, window, practice, filled, save_to):
    from kapnotes.domain.records import Course, Session

    other_course = practice.save_course(Course(filled["ada"], "booster", title="Booster"))
    practice.save_session(Session(filled["ada"], other_course, practice.get_session(filled["ada_s4"]).date, kind="integration", number=1))  # fmt: skip
    window.select_client(filled["ada"])

    def exported(name: str) -> str:
        target = save_to(name)
        window.menu_actions["export_course"].trigger()
        return "".join(page.extract_text() for page in PdfReader(target).pages)

    window.client_page.select_course(filled["ada_course"])
    one_course = exported("one.pdf").count("Integration")
    window.client_page.select_course(None)
    assert exported("all.pdf").count("Integration") == one_course + 1  # the booster's session


def test_monitoring_record_for_any_dosing_session(qtbot, window, practice, filled, save_to):
    window.select_client(filled["ada"])
    action = window.menu_actions["export_monitoring"]
    assert action.isEnabled()
    target = save_to("flow.pdf")
    action.trigger()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Monitoring record" in text and "Vital signs over the session" in text
    assert audit(practice, "export")[-1].detail == "monitoring record PDF"
