"""The PDF export scope is one rule (services.documents.course_scope), whoever asks."""

from __future__ import annotations

import re
from datetime import date

from pypdf import PdfReader

from kapnotes import config
from kapnotes.cli import run
from kapnotes.domain.records import Client, Course, Session
from kapnotes.services import ServiceContext
from kapnotes.services.documents import course_scope, export_course_pdf
from kapnotes.store import open_practice


def _two_courses(practice) -> tuple[int, int, int]:
    client_id = practice.save_client(Client(chart="S-1", name="Sol Scope"))
    first = practice.save_course(Course(client_id, "induction", date(2024, 1, 2), title="First"))
    second = practice.save_course(Course(client_id, "maintenance", date(2024, 6, 1), title="Second"))  # fmt: skip
    for n, (course, day) in enumerate([(first, 3), (first, 10), (second, 4)], start=1):
        month = 1 if course == first else 6
        practice.save_session(Session(client_id, course, date(2024, month, day), kind="integration", number=n))  # fmt: skip
    practice.save_session(Session(client_id, None, date(2024, 9, 9), kind="other"))
    return client_id, first, second


def _text(path) -> str:
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}|\d{1,2}:\d{2}", "", text)  # print times


def test_no_course_chosen_means_every_session_of_the_client(practice):
    client_id, first, second = _two_courses(practice)
    course, sessions = course_scope(practice, client_id, None)
    assert course is None and len(sessions) == 4
    course, sessions = course_scope(practice, client_id, second)
    assert course.id == second and [s.number for s in sessions] == [3]


def test_the_command_line_without_course_exports_what_the_window_does(tmp_path, monkeypatch):
    data = tmp_path / "data"
    config.ensure_private_dir(data)
    with open_practice(config.database_path(data), create=True) as practice:
        client_id, _first, _second = _two_courses(practice)
        # What the window calls with "All sessions of this client" chosen.
        export_course_pdf(ServiceContext(practice), client_id, None, tmp_path / "window.pdf")
    out = tmp_path / "cli.pdf"
    assert run(["--data-dir", str(data), "export", "pdf", "course", "S-1", "-o", str(out)]) == 0
    assert _text(out) == _text(tmp_path / "window.pdf")
    assert "2024-09-09" in _text(out) or "9 Sep 2024" in _text(out) or "Sep" in _text(out)
    with open_practice(config.database_path(data)) as practice:
        details = [e.detail for e in practice.audit_entries(action="export")]
    assert details == ["course summary PDF, all sessions"] * 2
