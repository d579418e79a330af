"""PDF export against bare reportlab: a session note and a 100-session course summary.

The bare documents hold the same text, tables and drawings (same embedded TTF font, plain
SimpleDocTemplate, flowables made straight from the strings) built in the same run, so the
ratio is what KAPNotes adds: turning records into text (labels, flags, scores), font fallback
runs, styles, the page template with page X of Y and the watermark.
"""

from __future__ import annotations

import copy
import io
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from bench_store import best_ms  # bench/ is on sys.path: run.py puts it there
from reportlab.graphics.shapes import Drawing
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from kapnotes import config
from kapnotes.domain.records import Session
from kapnotes.export import styles as st
from kapnotes.export.course_pdf import course_story, export_course_pdf
from kapnotes.export.fonts import BODY, register_fonts
from kapnotes.export.monitoring_pdf import export_monitoring_pdf, monitoring_story
from kapnotes.export.session_pdf import export_session_pdf, session_story
from kapnotes.store import open_practice

COURSE_SESSIONS = 100


def _bare_doc(story: list) -> int:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=st.PAGE_SIZE)
    frame = Frame(
        st.MARGIN_X,
        st.MARGIN_BOTTOM,
        st.CONTENT_WIDTH,
        st.PAGE_SIZE[1] - st.MARGIN_TOP - st.MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
    )
    doc.addPageTemplates([PageTemplate(frames=[frame])])
    doc.build(story)
    return doc.page


def _style() -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle("bare", fontName=BODY, fontSize=8.5, leading=10.5)


def bare_copy(story: list, style: ParagraphStyle) -> list:
    """The same text, tables (same column widths, header repeated) and drawings, as plain
    reportlab flowables: one font, no fallback runs, no page decoration."""
    out: list = []
    for f in story:
        if isinstance(f, Paragraph):
            out.append(Paragraph(escape(f.getPlainText()), style))
        elif isinstance(f, Table):
            data = [[_bare_cell(c, style) for c in row] for row in f._cellvalues]
            out.append(Table(data, colWidths=f._colWidths, repeatRows=f.repeatRows))
        elif isinstance(f, KeepTogether):
            out += bare_copy(f._content, style)
        elif isinstance(f, CondPageBreak):
            out.append(CondPageBreak(f.height))
        elif isinstance(f, Spacer):
            out.append(Spacer(f.width, f.height))
        elif isinstance(f, Drawing):
            # A fresh shallow copy: reportlab marks laid-out flowables (_postponed).
            d = copy.copy(f)
            d.__dict__.pop("_postponed", None)
            out.append(d)
    return out


def _bare_cell(c, style):
    if isinstance(c, Paragraph):
        return Paragraph(escape(c.getPlainText()), style)
    return c


def _long_course(practice) -> tuple[object, list[Session]]:
    """A 100-session course made by repeating the richest client's real sessions."""
    clients = practice.list_clients()
    best = max(clients, key=lambda c: len(practice.list_sessions(client_id=c.id)), default=None)
    base = practice.load_sessions(client_id=best.id) if best else []
    if not base:
        return best, []
    out = []
    for i in range(COURSE_SESSIONS):
        s = copy.deepcopy(base[i % len(base)])
        s.date = base[0].date + timedelta(days=4 * i)
        s.number = i + 1
        out.append(s)
    return best, out


def rows(practice_path: Path) -> list[tuple[str, float, float | None, str]]:
    """(what, ours in ms, bare reportlab in ms, note) for bench/run.py."""
    # DEMO_PASSPHRASE opens the encrypted bench practice; a plain one opens without it.
    practice = open_practice(practice_path, config.DEMO_PASSPHRASE)
    try:
        settings = practice.settings()
        dosing = [
            s
            for c in practice.list_clients()
            for s in practice.load_sessions(client_id=c.id)
            if s.administrations
        ]
        if not dosing:
            return [
                ("PDF export", 0.0, None, "no dosing session in the practice: run the demo first")
            ]
        session = max(
            dosing, key=lambda s: len(s.narrative_text()) + 50 * len(s.vitals) + 50 * len(s.effects)
        )
        client = practice.get_client(session.client_id)
        course_client, course_sessions = _long_course(practice)
        stamp = datetime(2024, 1, 1)
        ours_ms, exported = best_ms(
            lambda: export_session_pdf(
                session, client, io.BytesIO(), settings=settings, printed=stamp
            )
        )
        bare_story = session_story(session, client, settings=settings)
        bare_ms, _ = best_ms(lambda: _bare_doc(bare_copy(bare_story, _style())))
        pages = exported.pages
        out = [
            (
                "PDF session note",
                ours_ms,
                bare_ms,
                f"{pages} page(s), {pages / (ours_ms / 1000):.0f} pages/s",
            )
        ]
        c_ms, c_exported = best_ms(
            lambda: export_course_pdf(
                course_client, None, course_sessions, io.BytesIO(), settings=settings, printed=stamp
            )
        )
        bare_story = course_story(course_client, None, course_sessions, settings=settings)
        cb_ms, _ = best_ms(lambda: _bare_doc(bare_copy(bare_story, _style())))
        out.append(
            (
                f"PDF course summary, {len(course_sessions)} sessions",
                c_ms,
                cb_ms,
                f"{c_exported.pages} pages, {c_exported.pages / (c_ms / 1000):.0f} pages/s",
            )
        )
        # De-identified (Safe Harbor scrubbing of every typed field, Day N dates) against the
        # identified summary of the same course: the "bare" column is the identified one.
        d_ms, d_exported = best_ms(
            lambda: export_course_pdf(
                course_client,
                None,
                course_sessions,
                io.BytesIO(),
                settings=settings,
                printed=stamp,
                deidentified=True,
            )  # fmt: skip
        )
        out.append(
            (
                f"PDF course summary de-identified, {len(course_sessions)} sessions",
                d_ms,
                c_ms,
                f"vs the identified summary; {d_exported.pages} pages",
            )
        )
        # The monitoring record (flowsheet) of the richest session, against the session note
        # of the same session (the reference column); bare reportlab laying out its story in
        # the note.
        m_ms, m_exported = best_ms(
            lambda: export_monitoring_pdf(
                session, client, io.BytesIO(), settings=settings, printed=stamp
            )
        )
        bare_story = monitoring_story(session, client, settings)
        mb_ms, _ = best_ms(lambda: _bare_doc(bare_copy(bare_story, _style())))
        out.append(
            (
                "PDF monitoring record",
                m_ms,
                ours_ms,
                f"vs the session note; {m_exported.pages} page(s); bare reportlab {mb_ms:.0f} ms",
            )
        )
        return out
    finally:
        practice.close()
