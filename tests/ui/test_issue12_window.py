"""Issue 12 in the window, live mode and exports: focus after Ctrl+N, the first session's kind,
a plan on a new dosing session, live mode's keys and lines, window size, PDF folders."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from kapnotes.domain.records import Administration, Client, Course, Session
from kapnotes.services import ServiceContext
from kapnotes.services.sessions import build_new_session
from kapnotes.ui.common.theme import palette
from kapnotes.ui.documents import exports
from kapnotes.ui.documents.exports import Exporter, session_stem, unique_path
from kapnotes.ui.live import LiveSessionView
from kapnotes.ui.window import session_commands
from kapnotes.ui.window.geometry import first_geometry, fit_to_screen, pane_sizes
from kapnotes.ui.window.session_commands import default_session_kind


def test_ctrl_n_puts_the_cursor_in_the_new_note_not_the_filter(qtbot, window, filled, monkeypatch, press):  # fmt: skip
    monkeypatch.setattr(session_commands, "ask_session_kind", lambda parent, kind="dosing": "integration")  # fmt: skip
    window.filter_edit.setFocus()
    window.reload_clients(select_id=filled["ada"])
    press(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    # The window's focus widget (where its keys go once it is active again after the dialog).
    qtbot.waitUntil(lambda: window.focusWidget() is window.editor.overview.date_edit)
    qtbot.keyClicks(window.focusWidget(), "2026")
    assert window.filter_edit.text() == ""  # the client list is not filtered to nothing
    assert window.editor.overview.date_edit.text().startswith("2026")


def test_the_first_session_of_a_course_is_preparation(practice):
    client = practice.save_client(Client("P-1", "First"))
    course = practice.save_course(Course(client, start_date=date(2026, 1, 1)))
    assert default_session_kind(practice, course) == "preparation"
    practice.save_session(Session(client, course, date(2026, 1, 2), kind="preparation"))
    assert default_session_kind(practice, course) == "dosing"


def test_a_new_dosing_session_prefills_a_plan_given_by_the_acting_person(practice):
    client = practice.save_client(Client("P-2", "Plan"))
    last = Session(client, None, date(2026, 1, 2), kind="dosing")
    last.administrations = [Administration(time(10), "im", 50.0), Administration(time(10, 30), "im", 25.0)]  # fmt: skip
    practice.save_session(last)
    practice.actor = "Ana Ruiz"
    new = build_new_session(practice, client, None, "dosing", today=date(2026, 2, 1))
    assert [(a.mg, a.planned, a.given_by) for a in new.administrations] == [
        (50.0, True, "Ana Ruiz"),
        (25.0, True, "Ana Ruiz"),
    ]
    assert new.total_mg == 0


def test_live_mode_plan_does_not_start_the_timer_and_b_gives_it(qtbot, practice):
    client = practice.save_client(Client("L-1", "Live"))
    s = Session(client, None, date.today(), kind="dosing", start_time=time(0, 0))
    s.administrations = [Administration(None, "im", 50.0, planned=True)]
    sid = practice.save_session(s)
    view = LiveSessionView(practice, sid)
    qtbot.addWidget(view)
    view.show()
    assert view.elapsed.text() == "—:—" and "Not dosed yet" in view.caption.text()
    assert view.model.entry(0).what == "Planned dose"
    view.open_booster()
    assert view.booster_row.isVisible()
    view.save_booster(view.booster_row.administration())
    [dose] = practice.get_session(sid).administrations
    assert not dose.planned and dose.time is not None and dose.mg == 50.0


def test_live_mode_closes_on_esc_and_f9_and_clears_a_stale_line(qtbot, practice):
    client = practice.save_client(Client("L-2", "Keys"))
    sid = practice.save_session(Session(client, None, date.today(), kind="dosing"))
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_F9):
        view = LiveSessionView(practice, sid)
        qtbot.addWidget(view)
        view.show()
        view.timeline_view.setFocus()
        qtbot.keyClick(view.timeline_view, key)
        assert not view.isVisible()
    view = LiveSessionView(practice, sid)
    qtbot.addWidget(view)
    view.show()
    view.press_effect(0)
    view.timeline_view.selectRow(0)
    view.remove_selected()
    assert view.timeline_message.text().startswith("Removed:")
    view.press_effect(0)  # the next capture: the removal line is stale
    assert not view.timeline_message.text().startswith("Removed:")


def test_the_before_dosing_banner_stays_after_a_post_dose_reading(qtbot, practice):
    from datetime import datetime

    from kapnotes.ui.live.reminders import due_check

    s = Session(None, None, date(2026, 3, 10), kind="dosing")
    s.administrations = [Administration(time(10, 0), "im", 50.0)]
    from kapnotes.domain.records import VitalSign

    s.vitals = [VitalSign(time(10, 2), 120, 80, phase="during")]
    due = due_check(s, [0, 40, 120], datetime(2026, 3, 10, 10, 5))
    assert due is not None and due.minute == 0  # a reading after the dose is not "before"
    s.vitals.append(VitalSign(time(9, 55), 120, 80, phase="pre"))
    assert due_check(s, [0, 40, 120], datetime(2026, 3, 10, 10, 5)) is None


def test_dark_theme_inputs_stand_out_from_the_window():
    dark = palette("dark")
    window = dark.color(dark.ColorRole.Window).lightness()
    base = dark.color(dark.ColorRole.Base).lightness()
    assert base - window >= 6  # the field is a visible step lighter than the window
    assert QColor("#24272c").lightness() < 60  # still dim for a dark room


def test_the_window_opens_large_on_a_large_screen():
    full_hd = QRect(0, 0, 1920, 1040)
    rect = first_geometry(full_hd)
    assert rect.width() >= 1700 and rect.height() >= 900 and full_hd.contains(rect)
    laptop = QRect(0, 0, 1366, 740)
    assert first_geometry(laptop).size() == laptop.size()
    assert fit_to_screen(QRect(10, 10, 1199, 619), full_hd).width() >= 1700  # too small: redone
    assert fit_to_screen(QRect(10, 10, 1500, 900), full_hd) == QRect(10, 10, 1500, 900)
    assert pane_sizes(rect.width())[2] >= 900  # the editor gets the room


def test_pdf_export_offers_documents_remembers_per_person_and_confirms(qtbot, practice, tmp_path, monkeypatch):  # fmt: skip
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(exports.config, "default_export_dir", lambda: documents)
    client = practice.save_client(Client("E-1", "Export"))
    a = practice.save_session(Session(client, None, date(2026, 5, 1), number=3))
    b = practice.save_session(Session(client, None, date(2026, 5, 1), number=4))
    assert session_stem(practice.get_session(a)) != session_stem(practice.get_session(b))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    parent = QMessageBox()  # any widget will do as the dialogs' parent
    qtbot.addWidget(parent)
    exporter = Exporter(ServiceContext(practice), settings, parent)
    offered = []
    chosen = tmp_path / "out"
    chosen.mkdir()

    def save_dialog(parent, title, suggested, filter_):
        offered.append(suggested)
        return str(chosen / Path(suggested).name), filter_

    monkeypatch.setattr(exports.QFileDialog, "getSaveFileName", save_dialog)
    opened = []
    monkeypatch.setattr(exports.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)  # fmt: skip
    practice.actor = "Ana"
    path = exporter.export_session(a)
    assert Path(offered[0]).parent == documents  # nothing remembered yet: Documents
    assert path == chosen / "session-E-1-2026-05-01-s3.pdf" and path.exists()
    notice = exporter.last_notice
    assert notice.isVisible() and path.name in notice.text()
    open_button = next(b for b in notice.buttons() if b.text() == "Open folder")
    open_button.click()
    assert opened[0].toLocalFile() == str(chosen)
    exporter.export_session(a)
    assert Path(offered[1]).parent == chosen  # remembered for Ana
    assert Path(offered[1]).name == "session-E-1-2026-05-01-s3-2.pdf"  # unique: no overwrite
    practice.actor = "Sam"
    exporter.export_session(b)
    assert Path(offered[2]).parent == documents  # Sam has not chosen a folder yet


def test_unique_path_counts_up(tmp_path):
    first = tmp_path / "a.pdf"
    assert unique_path(first) == first
    first.write_bytes(b"x")
    (tmp_path / "a-2.pdf").write_bytes(b"x")
    assert unique_path(first) == tmp_path / "a-3.pdf"
