"""The preview shows the exported PDF and printing sends the very same pages."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from kapnotes.ui.documents.pdf_preview import PdfPreviewDialog, load_pdf, print_document


@pytest.fixture
def three_page_pdf(tmp_path):
    path = tmp_path / "note.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(3):
        c.drawString(72, 720, f"Page {n + 1} of 3")
        c.showPage()
    c.save()
    return path


def test_preview_shows_every_page(qtbot, three_page_pdf):
    dialog = PdfPreviewDialog(three_page_pdf, "Session note")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.document.pageCount() == 3
    assert dialog.view.document() is dialog.document


def test_printing_renders_the_same_pages(qtbot, tmp_path, three_page_pdf):
    doc = load_pdf(three_page_pdf)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_document(doc, printer) == 3
    assert len(PdfReader(out).pages) == 3


def test_printing_a_page_range(qtbot, tmp_path, three_page_pdf):
    doc = load_pdf(three_page_pdf)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "range.pdf"
    printer.setOutputFileName(str(out))
    printer.setFromTo(2, 3)
    assert print_document(doc, printer) == 2


def test_a_broken_file_gives_a_plain_error(qtbot, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    with pytest.raises(OSError, match="could not be read"):
        load_pdf(bad)
