"""Export, preview and print the PDFs of the selected session or course, audited each time."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kapnotes.store import Practice, PracticeError
from kapnotes.ui.documents.pdf_preview import PdfPreviewDialog, load_pdf, print_pdf_with_dialog


# reportlab is imported on the first export, not at start-up (it is a fifth of the start time).
def session_pdf_from_practice(*args, **kwargs):
    from kapnotes.export.session_pdf import session_pdf_from_practice as export

    return export(*args, **kwargs)


def course_pdf_from_practice(*args, **kwargs):
    from kapnotes.export.course_pdf import course_pdf_from_practice as export

    return export(*args, **kwargs)


def rems_pdf_from_practice(*args, **kwargs):
    from kapnotes.export.rems_pdf import rems_pdf_from_practice as export

    return export(*args, **kwargs)


LAST_DIR_KEY = "export/last_dir"


def documents_folder() -> Path:
    """The user's documents folder (home when the system has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


def session_stem(session) -> str:
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


def record(practice: Practice, action: str, **kwargs) -> None:
    """Audit an export or print in the practice's audit trail."""
    practice.record_event(action, **kwargs)


class Exporter:
    """PDF exports for one window: asks where to save, writes, records the event."""

    def __init__(self, practice: Practice, qsettings: QSettings, parent: QWidget):
        self.practice = practice
        self.qsettings = qsettings
        self.parent = parent

        self.last_notice: QMessageBox | None = None

    # -- where -----------------------------------------------------------------------------
    def _dir_key(self) -> str:
        # Remembered per person: the one acting now (accounts will make it the signed-in user).
        actor = (getattr(self.practice, "actor", "") or "").strip()
        return f"{LAST_DIR_KEY}/{actor}" if actor else LAST_DIR_KEY

    def start_folder(self) -> Path:
        """Where the save dialog opens: the folder this person used last, else Documents.

        Never a relative or missing folder: the dialog then fell back to the program's own
        folder (the working directory), which is where PDFs with health data must not go.
        """
        remembered = str(self.qsettings.value(self._dir_key(), "") or "")
        if remembered and Path(remembered).is_absolute() and Path(remembered).is_dir():
            return Path(remembered)
        return documents_folder()

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        folder = self.start_folder()
        path, _filter = QFileDialog.getSaveFileName(
            self.parent, title, str(unique_path(folder / suggested)), "PDF documents (*.pdf)"
        )
        if not path:
            return None
        path = Path(path)
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

    def _fail(self, title: str, exc: Exception) -> None:
        # Store and file errors carry file names and record ids, never note text.
        QMessageBox.warning(self.parent, title, f"The PDF could not be written.\n\n{exc}")

    # -- exports ---------------------------------------------------------------------------
    def export_session(self, session_id: int, *, deidentified: bool = False) -> Path | None:
        """Session note PDF to a chosen file; returns the path written."""
        session = self.practice.get_session(session_id)
        client = self.practice.get_client(session.client_id)
        tag = "deidentified-" if deidentified else ""
        name = f"session-{tag}{client.chart}-{session_stem(session)}.pdf"
        path = self._ask_path("Export session note PDF", name)
        if path is None:
            return None
        try:
            session_pdf_from_practice(self.practice, session_id, path, deidentified=deidentified)
        except (PracticeError, OSError) as exc:
            self._fail("Export session PDF", exc)
            return None
        detail = f"session note PDF{' (de-identified)' if deidentified else ''}"
        record(self.practice, "export", client_id=client.id, session_id=session_id, detail=detail)
        self._saved(path, "session note PDF")
        return path

    def export_course(
        self, client_id: int, course_id: int | None, *, deidentified: bool = False
    ) -> Path | None:
        """Course summary PDF (the course shown, else all the client's sessions)."""
        client = self.practice.get_client(client_id)
        tag = "deidentified-" if deidentified else ""
        path = self._ask_path("Export course summary PDF", f"course-{tag}{client.chart}.pdf")
        if path is None:
            return None
        try:
            if course_id is None:
                # "All sessions of this client": every session, not only the latest course.
                from kapnotes.export.course_pdf import export_course_pdf

                sessions = self.practice.load_sessions(client_id=client_id)
                export_course_pdf(client, None, sessions, path, settings=self.practice.settings(), deidentified=deidentified)  # fmt: skip
            else:
                course_pdf_from_practice(
                    self.practice,
                    client.chart,
                    path,
                    course_id=course_id,
                    deidentified=deidentified,
                )
        except (PracticeError, OSError) as exc:
            self._fail("Export course PDF", exc)
            return None
        detail = f"course summary PDF{' (de-identified)' if deidentified else ''}"
        record(self.practice, "export", client_id=client_id, detail=detail)
        self._saved(path, "course summary PDF")
        return path

    def export_rems(self, session_id: int) -> Path | None:
        """Esketamine monitoring record of one session."""
        session = self.practice.get_session(session_id)
        client = self.practice.get_client(session.client_id)
        path = self._ask_path(
            "Export esketamine monitoring record",
            f"rems-{client.chart}-{session_stem(session)}.pdf",
        )
        if path is None:
            return None
        try:
            rems_pdf_from_practice(self.practice, session_id, path)
        except (PracticeError, OSError, ValueError) as exc:
            self._fail("Export REMS record", exc)
            return None
        record(self.practice, "export", client_id=client.id, session_id=session_id, detail="REMS monitoring record PDF")  # fmt: skip
        self._saved(path, "monitoring record PDF")
        return path

    # -- preview and print -----------------------------------------------------------------
    def _temporary_pdf(self, session_id: int) -> Path:
        folder = Path(tempfile.mkdtemp(prefix="kapnotes-preview-"))  # private (0700)
        path = folder / f"session-{session_id}.pdf"
        session_pdf_from_practice(self.practice, session_id, path)
        return path

    @staticmethod
    def _discard(path: Path) -> None:
        # A preview copy holds health information: remove it as soon as it is shown.
        try:
            os.remove(path)
            os.rmdir(path.parent)
        except OSError:
            pass

    def _printed(self, session_id: int, client_id: int, pages: int) -> None:
        record(self.practice, "print", client_id=client_id, session_id=session_id, detail=f"session note, {pages} page(s)")  # fmt: skip

    def preview_session(self, session_id: int) -> None:
        """Show the session note PDF; its Print button prints that very document."""
        client_id = self.practice.get_session(session_id).client_id
        try:
            path = self._temporary_pdf(session_id)
        except (PracticeError, OSError) as exc:
            self._fail("Preview", exc)
            return
        try:
            dialog = PdfPreviewDialog(
                path, "Session note preview", self.parent,
                on_print=lambda pages: self._printed(session_id, client_id, pages),
            )  # fmt: skip
            dialog.exec()
        except OSError as exc:
            self._fail("Preview", exc)
        finally:
            self._discard(path)

    def print_session(self, session_id: int) -> bool:
        """The system print dialog for the session note PDF; True when pages were printed."""
        client_id = self.practice.get_session(session_id).client_id
        try:
            path = self._temporary_pdf(session_id)
        except (PracticeError, OSError) as exc:
            self._fail("Print", exc)
            return False
        try:
            doc = load_pdf(path, self.parent)
            return print_pdf_with_dialog(
                doc, self.parent, lambda pages: self._printed(session_id, client_id, pages)
            )
        except OSError as exc:
            self._fail("Print", exc)
            return False
        finally:
            self._discard(path)
