"""File > Export…: the practice or the selected client as JSON, CSV, FHIR or PDFs.

A thin window over kapnotes.export.jobs: the choices make an ExportRequest, checked at once
(a bad folder or file shows beside the field), then run on a worker thread with a progress
bar and Cancel. A cancelled or failed export leaves no file; a finished one is audited.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.records import Client
from kapnotes.export.jobs import FOLDER_KINDS, ExportRequest, check_request
from kapnotes.export.output import ExportError, ExportResult
from kapnotes.services import ServiceContext
from kapnotes.services.documents import record_export
from kapnotes.store import PracticeError
from kapnotes.ui.security.widgets import MessageLine
from kapnotes.ui.transfer.worker import JobRunner

LAST_DIR_KEY = "export/last_dir"
FORMATS = [
    ("json", "&JSON (KAPNotes format, can be imported again)", "practice.json"),
    ("csv", "&CSV (one file per record type, for spreadsheets)", ""),
    ("fhir", "&FHIR R4 bundle (for an electronic health record)", "fhir-bundle.json"),
    ("pdf", "P&DFs (every session note and course summary)", ""),
]


class ExportDialog(QDialog):
    """Choose what and where, then export with progress and Cancel."""

    def __init__(
        self, services: ServiceContext, client: Client | None, qsettings: QSettings, parent=None
    ):
        super().__init__(parent)
        self.setWindowTitle("Export — KAPNotes")
        self.setMinimumWidth(560)
        self.services = services
        self.practice = practice = services.practice
        self.client = client
        self.qsettings = qsettings
        self.runner: JobRunner | None = None
        # What the finished export wrote (None until then); not `result`, QDialog's own method.
        self.export_result: ExportResult | None = None

        clients = practice.count("clients")
        self.whole = QRadioButton(f"The whole &practice ({clients} clients)")
        who = f"{client.name} ({client.chart})" if client else "no client selected"
        self.one = QRadioButton(f"The se&lected client: {who}")
        self.one.setEnabled(client is not None)
        (self.one if client is not None else self.whole).setChecked(True)
        scope = QButtonGroup(self)
        scope.addButton(self.whole)
        scope.addButton(self.one)

        self.formats = QButtonGroup(self)
        format_box = QVBoxLayout()
        for i, (kind, text, _name) in enumerate(FORMATS):
            button = QRadioButton(text)
            button.setProperty("kind", kind)
            self.formats.addButton(button, i)
            format_box.addWidget(button)
        self.formats.button(0).setChecked(True)
        self.deidentified = QCheckBox("De-&identified (HIPAA Safe Harbor)")
        self.deidentified.setToolTip("Study codes instead of chart numbers, days instead of "
                                     "dates, the client's name removed from typed text")  # fmt: skip
        self.note_pdfs = QCheckBox("Attach each signed note's PDF (about 40 ms a note)")
        self.note_pdfs.setChecked(True)
        self.target = QLineEdit()
        self._suggested = ""  # the last path the dialog suggested (replaced on a new choice)
        self.target.setObjectName("exportTarget")
        self.choose = QPushButton("C&hoose…")
        self.choose.clicked.connect(self.choose_target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.choose)
        self.target_label = QLabel("&Save to:")
        self.target_label.setBuddy(self.target)
        self.message = MessageLine(self)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        self.bar.setTextVisible(True)

        form = QFormLayout()
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.whole)
        scope_box.addWidget(self.one)
        form.addRow("What:", _wrap(scope_box))
        form.addRow("Format:", _wrap(format_box))
        form.addRow("", self.deidentified)
        form.addRow("", self.note_pdfs)
        form.addRow(self.target_label, _wrap(target_row))

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)  # fmt: skip
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setVisible(False)
        self.export_button.setDefault(True)
        for push in (self.choose, self.cancel_button, self.close_button):
            push.setAutoDefault(False)  # Enter exports; it never cancels
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.formats.idToggled.connect(lambda _i, on: self._format_changed() if on else None)
        scope.buttonToggled.connect(lambda _b, on: self._suggest_target() if on else None)
        self.deidentified.toggled.connect(lambda _on: self._suggest_target())
        self._format_changed()

    # -- choices ---------------------------------------------------------------------------
    def kind(self) -> str:
        checked = self.formats.checkedButton()
        # An exclusive group with the first format checked from the start: never None.
        return checked.property("kind") if checked is not None else FORMATS[0][0]

    def _format_changed(self) -> None:
        kind = self.kind()
        self.deidentified.setEnabled(kind in FOLDER_KINDS)
        if kind not in FOLDER_KINDS:
            self.deidentified.setChecked(False)
        self.note_pdfs.setVisible(kind == "fhir")
        self.target_label.setText("&Folder:" if kind in FOLDER_KINDS else "&Save to:")
        self._suggest_target()

    def _folder(self) -> Path:
        """The last folder used, else Documents, else home (Documents may not exist)."""
        saved = self.qsettings.value(LAST_DIR_KEY, "")
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        for candidate in (saved, docs):
            if isinstance(candidate, str) and candidate and Path(candidate).is_dir():
                return Path(candidate)
        return Path.home()

    def _suggest_target(self) -> None:
        if self.target.text() not in ("", self._suggested):
            return  # typed or chosen by the user: theirs to keep
        kind = self.kind()
        name = dict((k, n) for k, _t, n in FORMATS)[kind]
        if kind in FOLDER_KINDS:
            # A new folder of its own (created when the export succeeds), not loose files.
            scope = self.client.chart if self.one.isChecked() and self.client else "practice"
            tag = "-deidentified" if self.deidentified.isChecked() else ""
            stamp = date.today().isoformat()
            self.target.setText(str(self._folder() / f"kapnotes-{kind}{tag}-{scope}-{stamp}"))
            self._suggested = self.target.text()
            self.message.clear()
            return
        else:
            if self.one.isChecked() and self.client is not None:
                name = name.replace("practice", self.client.chart).replace(
                    "fhir-bundle", f"fhir-{self.client.chart}")  # fmt: skip
            self.target.setText(str(self._folder() / name))
        self._suggested = self.target.text()
        self.message.clear()

    def choose_target(self) -> None:
        current = self.target.text()
        if self.kind() in FOLDER_KINDS:
            parent = QFileDialog.getExistingDirectory(self, "Export into folder",
                                                      str(Path(current).parent))  # fmt: skip
            path = str(Path(parent) / Path(current).name) if parent else ""
        else:
            path, _f = QFileDialog.getSaveFileName(self, "Export to file", current,
                                                   "JSON files (*.json)")  # fmt: skip
        if path:
            self.target.setText(path)

    def request(self) -> ExportRequest:
        return ExportRequest(
            self.kind(),
            Path(self.target.text().strip()).expanduser(),
            chart=self.client.chart if self.one.isChecked() and self.client else None,
            deidentified=self.deidentified.isChecked(),
            note_pdfs=self.note_pdfs.isChecked(),
            new_folder=True,
        )

    # -- running ---------------------------------------------------------------------------
    def start_export(self) -> None:
        request = self.request()
        if not self.target.text().strip():
            self.message.show_error("Choose where to save the export.")
            self.target.setFocus()
            return
        try:
            check_request(self.practice, request)  # at once, beside the field
        except ExportError as exc:
            self.message.show_error(_sentence(str(exc)))
            self.target.setFocus()
            return
        self.qsettings.setValue(LAST_DIR_KEY, str(request.target.parent))
        self._running(True)
        self.message.show_note("Exporting…")
        from kapnotes.export.jobs import run_export

        self.runner = JobRunner(
            self.practice, lambda p, progress: run_export(p, request, progress),
            errors=(ExportError, PracticeError, OSError), parent=self,
        )  # fmt: skip
        self.runner.progressed.connect(self._progressed)
        self.runner.ended.connect(self._ended)
        self.runner.start()

    def _running(self, on: bool) -> None:
        for w in (self.whole, self.one, self.deidentified, self.note_pdfs, self.target,
                  self.choose, self.export_button, *self.formats.buttons()):  # fmt: skip
            w.setEnabled(not on and (w is not self.one or self.client is not None))
        if not on:
            self._format_changed_enabled()
        self.bar.setVisible(on or self.bar.value() > 0)
        # Back to "Cancel" both ways: a Cancel that has finished is no longer "Cancelling…".
        self.cancel_button.setText("&Cancel")
        if on:
            self.bar.setRange(0, 0)  # busy until the first figures arrive

    def _format_changed_enabled(self) -> None:
        self.deidentified.setEnabled(self.kind() in FOLDER_KINDS)

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.bar.setFormat("%v of %m sessions")

    def _ended(self, outcome: str, payload) -> None:
        self.runner = None
        {"done": self._done, "failed": self._failed, "cancelled": self._cancelled}[outcome](payload)  # fmt: skip

    def _done(self, result) -> None:
        self.export_result = result
        try:
            record_export(self.services, result)
        except PracticeError as exc:
            self.message.show_error(f"Exported, but the audit entry failed: {exc}")
        else:
            self.message.show_ok(_sentence(result.summary()))
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.bar.setFormat("Done")
        self._running(False)
        self.export_button.setVisible(False)
        self.cancel_button.setVisible(False)
        self.close_button.setVisible(True)
        self.close_button.setFocus()

    def _failed(self, message: str) -> None:
        self._running(False)
        self.bar.setVisible(False)
        self.message.show_error(_sentence(message))

    def _cancelled(self, _payload=None) -> None:
        self._running(False)
        self.bar.setVisible(False)
        self.message.show_note("Cancelled: nothing was written.")

    def cancel_or_close(self) -> None:
        if self.runner is not None:
            self.cancel_button.setText("Cancelling…")
            self.runner.cancel()
        else:
            self.reject()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.runner is not None:
            self.runner.cancel()
            event.ignore()  # closes once the job has stopped and removed its file
            self.runner.ended.connect(lambda *_a: self.done(QDialog.DialogCode.Rejected))
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.runner is not None:
            self.cancel_or_close()
            return
        super().reject()


def _wrap(layout) -> QWidget:
    widget = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    widget.setLayout(layout)
    return widget


def _sentence(text: str) -> str:
    """A message line as a sentence: capital first letter, final full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
