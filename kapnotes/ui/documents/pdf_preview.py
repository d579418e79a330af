"""Preview and print the very PDF that was exported (QtPdf renders it; no second layout)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize
from PySide6.QtGui import QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)


def load_pdf(path: Path, parent=None) -> QPdfDocument:
    """Open a PDF file with QtPdf; raises OSError with a plain message when it cannot."""
    doc = QPdfDocument(parent)
    status = doc.load(str(path))
    if status != QPdfDocument.Error.None_ or doc.pageCount() == 0:
        raise OSError(f"{Path(path).name} could not be read as a PDF ({status.name}).")
    return doc


def print_document(doc: QPdfDocument, printer: QPrinter) -> int:
    """Render every page (or the printer's chosen range) onto the printer; returns pages printed."""
    first, last = 0, doc.pageCount() - 1
    if printer.fromPage() > 0:
        first = printer.fromPage() - 1
        last = min(last, printer.toPage() - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("The printer could not be started.")
    printed = 0
    try:
        dpi = printer.resolution()
        for index in range(first, last + 1):
            if printed:
                printer.newPage()
            target = printer.pageLayout().paintRectPixels(dpi)
            points = doc.pagePointSize(index)
            scale = min(target.width() / points.width(), target.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image: QImage = doc.render(index, size)
            origin = QPointF(
                (target.width() - size.width()) / 2, (target.height() - size.height()) / 2
            )
            painter.drawImage(QRect(origin.toPoint(), size), image)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfPreviewDialog(QDialog):
    """Shows an exported PDF page by page, with Print (Ctrl+P) printing the same document."""

    def __init__(self, pdf_path: Path, title: str, parent: QWidget | None = None,
                 on_print=None):  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 720)
        self._path = Path(pdf_path)
        self._on_print = on_print
        self.document = load_pdf(self._path, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        pages = self.document.pageCount()
        info = QLabel(f"{self._path.name} — {pages} page{'s' if pages != 1 else ''}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(self.print_with_dialog)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self).activated.connect(
            self.print_with_dialog
        )
        layout = QVBoxLayout(self)
        layout.addWidget(info)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

    def print_with_dialog(self) -> bool:
        """Ask for a printer with the system dialog, then print; True when pages went out."""
        return print_pdf_with_dialog(self.document, self, self._on_print)


def print_pdf_with_dialog(doc: QPdfDocument, parent: QWidget | None, on_print=None) -> bool:
    """The system print dialog for a loaded PDF; calls on_print(pages) after printing."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFromTo(1, doc.pageCount())
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, doc.pageCount())
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        pages = print_document(doc, printer)
    except OSError as exc:
        QMessageBox.warning(parent, "Print", str(exc))
        return False
    if on_print is not None:
        on_print(pages)
    return True


__all__ = ["PdfPreviewDialog", "load_pdf", "print_document", "print_pdf_with_dialog"]
