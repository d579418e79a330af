"""Export, preview and print the PDFs of the selected session or course (through the document
services, which audit each one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kapnotes import config
from kapnotes.domain.records import Client, Session
from kapnotes.services import ServiceContext, documents
from kapnotes.store import PracticeError

LAST_DIR_KEY = "export/last_dir"


def session_stem(session: Session) -> str:
    """Date plus the session's number (or id): two sessions on one day get two names."""
    which = f"s{session.number}" if session.number else f"id{session.id}"
    return f"{session.date.isoformat()}-{which}"


def unique_path(path: Path) -> Path:
    """`path`, or the first of name-2.pdf, name-3.pdf, … that does not exist yet."""
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def open_folder(folder: Path) -> bool:
    """Show a folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class Exporter:
    """PDF exports for one window: asks where to save, then the document services write."""

    def __init__(self, services: ServiceContext, qsettings: QSettings, parent: QWidget):
        self.services = services
        self.practice = services.practice
        self.qsettings = qsettings
        self.parent = parent
        self.last_notice: QMessageBox | None = None

    # -- where -----------------------------------------------------------------------------
    def _dir_key(self) -> str:
        # Remembered per person: the one signed in (or acting) now.
        actor = (self.practice.actor or "").strip()
        return f"{LAST_DIR_KEY}/{actor}" if actor else LAST_DIR_KEY

    def start_folder(self) -> Path:
        """Where the save dialog opens: the folder this person used last, else Documents.

        Never a relative or missing folder: the dialog then fell back to the program's own
        folder (the working directory), which is where PDFs with health data must not go.
        """
        remembered = str(self.qsettings.value(self._dir_key(), "") or "")
        if remembered and Path(remembered).is_absolute() and Path(remembered).is_dir():
            return Path(remembered)
        return config.default_export_dir()

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        folder = self.start_folder()
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent, title, str(unique_path(folder / suggested)), "PDF documents (*.pdf)"
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.qsettings.setValue(self._dir_key(), str(path.parent))
        return path

    def _saved(self, path: Path, what: str) -> None:
        """Say where the PDF went, with a button that opens its folder (not modal)."""
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("PDF saved")
        box.setText(f"The {what} was saved as {path.name}\nin {path.parent}.")
        open_button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        open_button.clicked.connect(lambda: open_folder(path.parent))
        self.last_notice = box
        box.show()

    def _session_and_client(self, session_id: int) -> tuple[Session, Client]:
        # What the editor holds goes to the store first: the file name and the PDF show it.
        self.services.save_pending()
        session = self.practice.get_session(session_id)
        return session, self.practice.get_client(session.client_id)

    def _fail(self, title: str, exc: Exception) -> None:
        # Store and file errors carry file names and record ids, never note text.
        QMessageBox.warning(self.parent, title, f"The PDF could not be written.\n\n{exc}")

    # -- exports ---------------------------------------------------------------------------
    def export_session(self, session_id: int, *, deidentified: bool = False) -> Path | None:
        """Session note PDF to a chosen file; returns the path written."""
        session, client = self._session_and_client(session_id)
        # De-identified: the file name carries the export's study code, never chart or date.
        code = _study_code() if deidentified else None
        name = (
            f"session-deidentified-{code}.pdf"
            if code
            else f"session-{client.chart}-{session_stem(session)}.pdf"
        )
        path = self._ask_path("Export session note PDF", name)
        if path is None:
            return None
        try:
            documents.export_session_pdf(
                self.services, session_id, path, deidentified=deidentified, study_code=code
            )
        except (PracticeError, OSError) as exc:
            self._fail("Export session PDF", exc)
            return None
        self._saved(path, "session note PDF")
        return path

    def export_course(
        self, client_id: int, course_id: int | None, *, deidentified: bool = False
    ) -> Path | None:
        """Course summary PDF (the course shown, else all the client's sessions)."""
        self.services.save_pending()
        client = self.practice.get_client(client_id)
        code = _study_code() if deidentified else None
        name = f"course-deidentified-{code}.pdf" if code else f"course-{client.chart}.pdf"
        path = self._ask_path("Export course summary PDF", name)
        if path is None:
            return None
        try:
            documents.export_course_pdf(
                self.services, client_id, course_id, path, deidentified=deidentified,
                study_code=code,
            )  # fmt: skip
        except (PracticeError, OSError) as exc:
            self._fail("Export course PDF", exc)
            return None
        self._saved(path, "course summary PDF")
        return path

    def export_rems(self, session_id: int) -> Path | None:
        """Esketamine monitoring record of one session."""
        session, client = self._session_and_client(session_id)
        path = self._ask_path(
            "Export esketamine monitoring record",
            f"rems-{client.chart}-{session_stem(session)}.pdf",
        )
        if path is None:
            return None
        try:
            documents.export_rems_pdf(self.services, session_id, path)
        except (PracticeError, OSError, ValueError) as exc:
            self._fail("Export REMS record", exc)
            return None
        self._saved(path, "REMS record PDF")
        return path

    def export_monitoring(self, session_id: int) -> Path | None:
        """Monitoring record (flowsheet) of one dosing session."""
        session, client = self._session_and_client(session_id)
        path = self._ask_path("Export monitoring record", f"monitoring-{client.chart}-{session_stem(session)}.pdf")  # fmt: skip
        if path is None:
            return None
        try:
            documents.export_monitoring_pdf(self.services, session_id, path)
        except (PracticeError, OSError, ValueError) as exc:
            self._fail("Export monitoring record", exc)
            return None
        self._saved(path, "monitoring record PDF")
        return path

    # -- preview and print -----------------------------------------------------------------
    def _temporary_pdf(self, session_id: int) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="kapnotes-preview-"))  # private (0700)
        path = folder / f"session-{session_id}.pdf"
        documents.write_session_pdf(self.services, session_id, path)
        return path

    @staticmethod
    def _discard(path: Path) -> None:
        # A preview copy holds health information: remove it as soon as it is shown.
        try:
            os.remove(path)
            os.rmdir(path.parent)
        except OSError:
            pass

    def _printed(self, session_id: int, pages: int) -> None:
        documents.printed(self.services, session_id, pages)

    def preview_session(self, session_id: int) -> None:
        """Show the session note PDF; its Print button prints that very document."""
        try:
            path = self._temporary_pdf(session_id)
        except (PracticeError, OSError) as exc:
            self._fail("Preview", exc)
            return
        try:
            from kapnotes.ui.documents.pdf_preview import PdfPreviewDialog  # QtPdf on first use

            dialog = PdfPreviewDialog(
                path, "Session note preview", self.parent,
                on_print=lambda pages: self._printed(session_id, pages),
            )  # fmt: skip
            dialog.exec()
        except OSError as exc:
            self._fail("Preview", exc)
        finally:
            self._discard(path)

    def print_session(self, session_id: int) -> bool:
        """The system print dialog for the session note PDF; True when pages were printed."""
        try:
            path = self._temporary_pdf(session_id)
        except (PracticeError, OSError) as exc:
            self._fail("Print", exc)
            return False
        try:
            from kapnotes.ui.documents.pdf_preview import load_pdf, print_pdf_with_dialog

            doc = load_pdf(path, self.parent)
            return print_pdf_with_dialog(
                doc, self.parent, lambda pages: self._printed(session_id, pages)
            )
        except OSError as exc:
            self._fail("Print", exc)
            return False
        finally:
            self._discard(path)


def _study_code() -> str:
    from kapnotes.export.deidentify import new_study_code  # with the first de-identified PDF

    return new_study_code()
