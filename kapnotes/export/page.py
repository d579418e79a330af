"""The page every KAPNotes PDF is printed on: running header, footer, page X of Y, watermark.

"Page X of Y" needs the page count before the last page is written, so pages are kept until
`save()` (the classic reportlab NumberedCanvas) and the footer is drawn on each then.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from kapnotes.export import styles as st
from kapnotes.export.blocks import link_headings
from kapnotes.export.fonts import BODY, BOLD, font_runs, register_fonts
from kapnotes.export.outline_text import draw_outlined, text_width
from kapnotes.export.text import visual_order

FOOTER_TEXT = "Confidential health information"
DRAFT_TEXT = "DRAFT — not signed"


@dataclass
class PageInfo:
    """What every page of one document shows around its content."""

    running_header: str  # e.g. "Session note · chart K-0001 · 2024-03-05"
    printed: datetime
    draft: bool = False
    deidentified: bool = False  # the print date shows its year only


@dataclass(frozen=True)
class ExportedPdf:
    """The result of an export: where it went and how many pages it has."""

    path: Path | None
    pages: int
    study_code: str = ""  # the de-identified document's study code (kept nowhere else)


def _runs_width(canvas: Canvas, runs: list[tuple[str, str]], size: float) -> float:
    return sum(canvas.stringWidth(run, name, size) for name, run in runs)


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    align: str = "left",
    max_width: float | None = None,
) -> None:
    """Draw one line of user text on a canvas with per-character font fallback.

    Past `max_width` the text is shortened with an ellipsis (running headers stay one line).
    """
    text = visual_order(text)
    runs = font_runs(text, font)
    width = _runs_width(canvas, runs, size)
    if max_width is not None and width > max_width:
        low, high = 0, len(text)
        while low < high:  # the longest prefix that fits with the ellipsis
            mid = (low + high + 1) // 2
            if _runs_width(canvas, font_runs(text[:mid] + "…", font), size) <= max_width:
                low = mid
            else:
                high = mid - 1
        runs = font_runs(text[:low] + "…", font)
        width = _runs_width(canvas, runs, size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    for name, run in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += canvas.stringWidth(run, name, size)


def _numbered_canvas_class(info: PageInfo):
    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab's name)
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            width, _ = self._pagesize
            y = st.MARGIN_BOTTOM - 0.42 * 72
            self.saveState()
            self.setStrokeColor(st.RULE)
            self.setLineWidth(0.5)
            self.line(st.MARGIN_X, y + 11, width - st.MARGIN_X, y + 11)
            self.setFillColor(st.MUTED)
            self.setFont(BOLD, 7.5)
            self.drawString(st.MARGIN_X, y, FOOTER_TEXT)
            self.setFont(BODY, 7.5)
            printed = f"{info.printed:%Y}" if info.deidentified else f"{info.printed:%Y-%m-%d %H:%M}"  # fmt: skip
            self.drawCentredString(width / 2, y, f"Printed {printed}")
            self.drawRightString(width - st.MARGIN_X, y, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def _decorate_page(info: PageInfo):
    def on_page(canvas: Canvas, doc) -> None:
        width, height = canvas._pagesize
        canvas.saveState()
        if info.draft:
            # Under the content, light enough to read through, on every page.
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.13))
            canvas.translate(width / 2, height / 2)
            canvas.rotate(40)
            # Outlines, not text: copied text never has the watermark spliced into it.
            draw_outlined(canvas, DRAFT_TEXT, -text_width(DRAFT_TEXT, 54) / 2, -18, 54)
            canvas.rotate(-40)
            canvas.translate(-width / 2, -height / 2)
        y = height - st.MARGIN_TOP + 0.32 * 72
        canvas.setFillColor(st.MUTED)
        room = width - 2 * st.MARGIN_X - (90 if info.draft else 0)
        draw_text(canvas, st.MARGIN_X, y, info.running_header, BODY, 7.5, max_width=room)
        if info.draft:
            canvas.setFillColor(st.URGENT_INK)
            draw_text(canvas, width - st.MARGIN_X, y, DRAFT_TEXT, BOLD, 7.5, align="right")
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.5)
        canvas.line(st.MARGIN_X, y - 4, width - st.MARGIN_X, y - 4)
        canvas.restoreState()

    return on_page


def build_pdf(
    out: Path | str | BinaryIO,
    story: list,
    info: PageInfo,
    *,
    title: str,
    author: str = "",
    study_code: str = "",
    pagesize: tuple[float, float] = st.PAGE_SIZE,
) -> ExportedPdf:
    """Lay the story out on KAPNotes pages and write the PDF to a path or binary stream.

    `title` goes in the PDF metadata: callers keep client names out of it.
    """
    register_fonts()
    link_headings(story)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=st.MARGIN_X,
        rightMargin=st.MARGIN_X,
        topMargin=st.MARGIN_TOP,
        bottomMargin=st.MARGIN_BOTTOM,
        title=title,
        author=author,
        creator="KAPNotes",
        subject=FOOTER_TEXT,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_decorate_page(info))])
    doc.build(story, canvasmaker=_numbered_canvas_class(info))
    if isinstance(out, Path | str):
        write_private(Path(out), buffer.getvalue())
        return ExportedPdf(Path(out), doc.page, study_code)
    out.write(buffer.getvalue())
    return ExportedPdf(None, doc.page, study_code)


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, whole or not at all (health information)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
