"""View > REMS forms: due and overdue forms, and recording a submission with the keyboard."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import Qt

from kapnotes.domain.records import Administration, Client, Session
from kapnotes.services import ServiceContext
from kapnotes.ui.documents.rems_forms import RemsFormsDialog


def _esketamine(practice, day):
    client = practice.find_client("E-1") or Client(chart="E-1", name="Esme Kade")
    if client.id is None:
        practice.save_client(client)
    s = Session(client.id, None, day, start_time=time(9, 0))
    s.administrations = [Administration(time(9, 5), "in_esk", 56.0, "esketamine")]
    return practice.save_session(s)


def test_the_dialog_lists_overdue_first_and_records_a_submission(qtbot, practice):
    late = _esketamine(practice, date(2026, 4, 1))
    due = _esketamine(practice, date(2026, 4, 29))
    dialog = RemsFormsDialog(ServiceContext(practice), today=date(2026, 5, 1))
    qtbot.addWidget(dialog)
    model = dialog.model
    assert [model.index(r, 4).data() for r in range(model.rowCount())] == ["overdue by 23 days", "due in 5 days"]  # fmt: skip
    assert model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert dialog.summary.text() == "1 overdue, 1 due"
    # The overdue one is selected: record it as faxed, with its confirmation number.
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("fax"))
    qtbot.keyClicks(dialog.confirmation_edit, "FX-204")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    [sub] = practice.get_session(late).rems_submissions
    assert (sub.submitted_on, sub.method, sub.confirmation) == (date(2026, 5, 1), "fax", "FX-204")
    assert [model.row(r).session.id for r in range(model.rowCount())] == [due]
    qtbot.mouseClick(dialog.show_submitted, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 2
    texts = [model.index(r, 4).data() for r in range(2)]
    assert "submitted 2026-05-01 (fax, FX-204)" in texts


def test_a_bad_submission_date_is_explained_and_nothing_is_stored(qtbot, practice):
    sid = _esketamine(practice, date(2026, 4, 29))
    dialog = RemsFormsDialog(ServiceContext(practice), today=date(2026, 5, 1))
    qtbot.addWidget(dialog)
    dialog.date_edit.clear()
    qtbot.keyClicks(dialog.date_edit, "2026-04-01")  # before the session
    qtbot.keyClicks(dialog.confirmation_edit, "X")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "before the session" in dialog.message.text()
    assert dialog.confirmation_edit.text() == "X"
    assert practice.get_session(sid).rems_submissions == []


def test_the_view_menu_opens_it(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(RemsFormsDialog, "exec", lambda self: shown.append(self.model.rowCount()))
    window.menu_actions["rems_forms"].trigger()
    assert shown == [1]  # the filled practice has one esketamine session, not submitted
