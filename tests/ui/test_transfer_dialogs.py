"""File > Export… and File > Import…: real clicks and keys, the files and the database read back,
progress on a worker thread, Cancel leaving nothing behind."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPoint, Qt

from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.services import ServiceContext
from kapnotes.store import open_practice
from kapnotes.store.demo import build_demo
from kapnotes.ui.transfer import ExportDialog, ImportDialog


@pytest.fixture
def export_dialog(qtbot, practice, filled, qsettings):
    def make(client=None):
        dialog = ExportDialog(ServiceContext(practice), client, qsettings)
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog

    return make


def _type_target(qtbot, dialog, path) -> None:
    dialog.target.clear()
    qtbot.keyClicks(dialog.target, str(path))


def _pick(qtbot, dialog, kind) -> None:
    button = next(b for b in dialog.formats.buttons() if b.property("kind") == kind)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.kind() == kind


def test_exporting_the_selected_client_as_json_writes_it_and_audits(
    qtbot, export_dialog, practice, filled, tmp_path
):
    client = practice.get_client(filled["ada"])
    dialog = export_dialog(client)
    assert dialog.one.isChecked()
    out = tmp_path / "ada.json"
    _type_target(qtbot, dialog, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=20000)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [c["chart"] for c in doc["clients"]] == ["C-1001"]
    assert dialog.bar.value() == dialog.bar.maximum()
    assert dialog.close_button.isVisible() and "Wrote" in dialog.message.text()
    entry = practice.audit_entries(action="export", limit=1)[0]
    assert entry.client_id == client.id and entry.detail.startswith("JSON, client C-1001")


def test_csv_of_the_practice_deidentified(qtbot, export_dialog, practice, tmp_path):
    dialog = export_dialog()
    assert dialog.whole.isChecked() and not dialog.one.isEnabled()
    _pick(qtbot, dialog, "fhir")
    assert not dialog.deidentified.isEnabled() and dialog.note_pdfs.isVisible()
    _pick(qtbot, dialog, "csv")
    box = dialog.deidentified
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    _type_target(qtbot, dialog, tmp_path)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=20000)
    text = (tmp_path / "clients.csv").read_text(encoding="utf-8-sig")
    assert "study_code" in text and "Ada" not in text and "C-1001" not in text
    assert practice.audit_entries(action="export", limit=1)[0].detail.startswith("CSV (de-identified)")  # fmt: skip


def test_a_missing_folder_is_said_beside_the_field_and_nothing_runs(qtbot, export_dialog, tmp_path):
    dialog = export_dialog()
    _pick(qtbot, dialog, "csv")
    _type_target(qtbot, dialog, tmp_path / "no" / "such")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.runner is None
    assert "does not exist" in dialog.message.text()
    assert dialog.export_button.isEnabled()


def test_cancel_stops_the_export_and_leaves_no_file(qtbot, practice, qsettings, tmp_path):
    build_demo(practice, clients=12, sessions_per_client=6, seed=4)  # PDFs: seconds of work
    dialog = ExportDialog(ServiceContext(practice), None, qsettings)
    qtbot.addWidget(dialog)
    dialog.show()
    _pick(qtbot, dialog, "pdf")
    folder = tmp_path / "pdfs"
    folder.mkdir()
    _type_target(qtbot, dialog, folder)
    seen = []

    def first_progress(done, total):
        seen.append((done, total))
        if len(seen) == 1:
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.runner is not None and not dialog.export_button.isEnabled()
    dialog.runner.progressed.connect(first_progress)  # relayed on the UI thread
    qtbot.waitUntil(lambda: "Cancelled" in dialog.message.text(), timeout=60000)
    assert seen and seen[0][1] == practice.count("sessions")
    assert list(folder.iterdir()) == []  # no PDF, no temporary folder
    assert dialog.export_result is None and dialog.export_button.isEnabled()
    # The button said "Cancelling…" while the job stopped; it is Cancel again once it has.
    assert dialog.cancel_button.text().replace("&", "") == "Cancel"
    assert practice.audit_entries(action="export") == []


def test_pdfs_go_into_a_new_folder_of_their_own(qtbot, export_dialog, practice, filled, tmp_path, qsettings):  # fmt: skip
    qsettings.setValue("export/last_dir", str(tmp_path))
    dialog = export_dialog(practice.get_client(filled["bob"]))
    _pick(qtbot, dialog, "pdf")
    target = tmp_path / f"kapnotes-pdf-C-2002-{__import__('datetime').date.today()}"
    assert dialog.target.text() == str(target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=20000)
    names = sorted(p.name for p in target.iterdir())
    assert names[0].startswith("course-C-2002-") and names[1].startswith(
        "session-C-2002-2024-02-03"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".kapnotes")) == []


@pytest.fixture
def exported_json(practice, filled, tmp_path):
    out = tmp_path / "practice.json"
    run_export(practice, ExportRequest("json", out))
    return out


def test_import_shows_what_it_adds_then_adds_it(qtbot, qsettings, exported_json, tmp_path):
    target = open_practice(tmp_path / "new.kapnotes", create=True)
    try:
        dialog = ImportDialog(ServiceContext(target), qsettings)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.file, str(exported_json))
        qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=20000)
        summary = dialog.summary.toPlainText()
        assert "3 clients" in summary and "5 sessions" in summary and "2 courses" in summary
        assert target.count("clients") == 0  # nothing added by looking
        with qtbot.waitSignal(dialog.imported, timeout=20000):
            qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert target.count("clients") == 3 and target.count("sessions") == 5
    finally:
        target.close()


def test_import_into_the_same_practice_shows_the_conflicts(
    qtbot, practice, qsettings, exported_json
):
    dialog = ImportDialog(ServiceContext(practice), qsettings, path=exported_json)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    assert (
        "C-1001" in dialog.summary.toPlainText()
        and "already in this practice" in dialog.summary.toPlainText()
    )
    assert not dialog.import_button.isEnabled()
    assert "cannot be imported" in dialog.message.text()


def test_a_malformed_file_is_one_clear_line(qtbot, practice, qsettings, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "kapnotes", "version": 1, "clients": [', encoding="utf-8")
    dialog = ImportDialog(ServiceContext(practice), qsettings, path=bad)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.runner is None, timeout=20000)
    assert dialog.message.text().startswith("bad.json is not valid JSON (line 1")
    assert not dialog.import_button.isEnabled()
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"format": "kapnotes", "version": 1, "clients": [{"chart": 5, "name": "X"}]}')
    dialog.file.clear()
    qtbot.keyClicks(dialog.file, str(wrong))
    qtbot.keyClick(dialog.file, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.runner is None, timeout=20000)
    assert "clients[0].chart: not a text" in dialog.message.text()


def test_the_file_menu_opens_both_dialogs(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(type(self).__name__))
    monkeypatch.setattr(ImportDialog, "exec", lambda self: opened.append(type(self).__name__))
    window.menu_actions["export_data"].trigger()
    window.menu_actions["import_data"].trigger()
    assert opened == ["ExportDialog", "ImportDialog"]
