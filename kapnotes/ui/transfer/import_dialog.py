"""File > Import…: a KAPNotes JSON file, previewed (what it adds, what clashes) before adding.

Reading and checking the file runs on a worker thread (a large file takes seconds), as does
the import itself, on its own connection to the practice file; the import is one transaction,
so it adds everything or nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from kapnotes.export.import_preview import (
    ImportPreview,
    ImportProblem,
    apply_import,
    preview_import,
)
from kapnotes.services import ServiceContext
from kapnotes.services.transfer import imported_elsewhere
from kapnotes.store import PracticeError
from kapnotes.ui.security.widgets import MessageLine
from kapnotes.ui.transfer.worker import JobRunner

LAST_DIR_KEY = "import/last_dir"


def preview_text(preview: ImportPreview) -> str:
    """What the file adds, in words (for the preview label)."""
    lines = [f"{preview.path.name} would add:"]
    lines += [f"  {n:,} {what}" for what, n in preview.counts.items()]
    if preview.conflicts:
        shown = ", ".join(preview.conflicts[:8])
        more = f" and {len(preview.conflicts) - 8} more" if len(preview.conflicts) > 8 else ""
        lines.append("")
        lines.append(f"{len(preview.conflicts)} chart number(s) are already in this practice: "
                     f"{shown}{more}. An import adds everything or nothing, so nothing can be "
                     "imported until they differ.")  # fmt: skip
    elif not preview.bundles:
        lines.append("")
        lines.append("The file holds no clients: there is nothing to import.")
    return "\n".join(lines)


class ImportDialog(QDialog):
    """Pick a JSON file, see what it adds, then import it (all or nothing)."""

    imported = Signal(object)  # TransferSummary

    def __init__(
        self, services: ServiceContext, qsettings: QSettings, parent=None, path: Path | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle("Import — KAPNotes")
        self.setMinimumWidth(520)
        self.services = services
        self.practice = services.practice
        self.qsettings = qsettings
        self.preview: ImportPreview | None = None
        self.runner: JobRunner | None = None
        self._closing = False  # Cancel pressed while the file is read: close when it is done
        self.file = QLineEdit()
        self.file.setPlaceholderText("a file from Export > JSON or `kapnotes export json`")
        self.file.returnPressed.connect(self.load_preview)
        self.choose = QPushButton("C&hoose…")
        self.choose.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        label = QLabel("&File:")
        label.setBuddy(self.file)
        row.addWidget(label)
        row.addWidget(self.file, 1)
        row.addWidget(self.choose)
        # Read-only text that scrolls: a long list of clashing charts never clips the dialog.
        self.summary = QPlainTextEdit("Choose a KAPNotes JSON file to see what it would add.")
        self.summary.setObjectName("importSummary")
        self.summary.setReadOnly(True)
        self.summary.setMinimumHeight(self.fontMetrics().lineSpacing() * 15)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setVisible(False)
        self.message = MessageLine(self)
        buttons = QDialogButtonBox(self)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.reject)
        # Enter in the file field previews; it must never press Cancel (the focus starts there).
        for button in (self.choose, self.cancel_button):
            button.setAutoDefault(False)
        self.import_button.setDefault(True)
        self.file.setFocus()
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if path is not None:
            self.file.setText(str(path))
            self.load_preview()

    def choose_file(self) -> None:
        saved = self.qsettings.value(LAST_DIR_KEY, "")
        folder = (
            saved
            if isinstance(saved, str) and saved
            else QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        path, _f = QFileDialog.getOpenFileName(self, "Import a KAPNotes JSON file", folder,
                                               "JSON files (*.json);;All files (*)")  # fmt: skip
        if path:
            self.qsettings.setValue(LAST_DIR_KEY, str(Path(path).parent))
            self.file.setText(path)
            self.load_preview()

    # -- preview, then import, each on a worker thread --------------------------------------
    def _run(self, job, on_done, *, read_only: bool, note: str) -> None:
        self.message.show_note(note)
        self.bar.setVisible(True)
        for w in (self.file, self.choose, self.import_button):
            w.setEnabled(False)
        self.runner = JobRunner(self.practice, job, read_only=read_only,
                                errors=(ImportProblem, PracticeError, OSError), parent=self)  # fmt: skip
        handlers = {"done": on_done, "failed": self._failed, "cancelled": self._stopped}
        self.runner.ended.connect(lambda outcome, payload: handlers[outcome](payload))
        self.runner.start()

    def _finish(self) -> None:
        self.runner = None
        self.bar.setVisible(False)
        self.file.setEnabled(True)
        self.choose.setEnabled(True)

    def load_preview(self) -> None:
        text = self.file.text().strip()
        self.preview = None
        self.import_button.setEnabled(False)
        if not text:
            self.message.show_error("Choose a file to import.")
            return
        path = Path(text).expanduser()
        self.summary.setPlainText("")
        self._run(lambda p, _progress: preview_import(p, path), self._previewed,
                  read_only=True, note=f"Reading {path.name}…")  # fmt: skip

    def _close_if_asked(self) -> bool:
        if self._closing:
            QDialog.reject(self)
        return self._closing

    def _previewed(self, preview: ImportPreview) -> None:
        self._finish()
        if self._close_if_asked():
            return
        self.preview = preview
        self.summary.setPlainText(preview_text(preview))
        self.import_button.setEnabled(preview.can_import)
        if preview.can_import:
            self.message.show_ok("The file is valid. Nothing is added until you press Import.")
            self.import_button.setFocus()
        else:
            self.message.show_error("This file cannot be imported into this practice.")

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or not preview.can_import:
            return
        self._run(lambda p, _progress: apply_import(p, preview), self._imported,
                  read_only=False, note="Importing… (everything or nothing)")  # fmt: skip
        self.cancel_button.setEnabled(False)  # one transaction: it cannot stop half-way

    def _imported(self, summary) -> None:
        self._finish()
        self.cancel_button.setEnabled(True)
        if self.preview is not None:
            imported_elsewhere(self.services, self.preview.bundles)  # the views list them
        self.imported.emit(summary)
        self.message.show_ok(f"Imported {summary.clients} clients, {summary.courses} courses "
                             f"and {summary.sessions} sessions.")  # fmt: skip
        self.accept()

    def _failed(self, message: str) -> None:
        self._finish()
        if self._close_if_asked():
            return
        self.cancel_button.setEnabled(True)
        self.preview = None
        self.message.show_error(message)  # starts with the file's name, as typed

    def _stopped(self, _payload=None) -> None:
        self._finish()
        if self._close_if_asked():
            return
        self.message.show_note("Stopped: nothing was added.")

    def reject(self) -> None:
        if self.runner is not None:
            # Reading the file: drop its result when it arrives; importing: cannot stop.
            if self.cancel_button.isEnabled():
                self._closing = True
                self.runner.cancel()
            return
        super().reject()
