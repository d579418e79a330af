"""Settings > Consent templates: versioned consent texts. A version a client signed is never
changed: saving edits of it makes the next version; an unused latest version is edited in
place. Saved at once with its own button (the template is a record, not a setting)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.settings import PracticeSettings
from kapnotes.services import ServiceContext
from kapnotes.services import intake as intake_service
from kapnotes.store import PracticeError


class ConsentTemplatesPage(QWidget):
    """The list of template versions, the chosen one's text, and Save."""

    def __init__(self, ctx: ServiceContext, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.practice = ctx.practice  # reads; saving goes through services.intake
        self.list = QListWidget(self)
        self.list.setMaximumWidth(240)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("e.g. KAP informed consent")
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("The full text the client reads and signs.")
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.save_button = QPushButton("&Save template", self)
        self.new_button = QPushButton("&New template", self)
        self.valid_days = QSpinBox(self)
        self.valid_days.setRange(30, 3650)
        self.valid_days.setSuffix(" days")
        self.valid_days.setValue(settings.consent_valid_days)
        form = QFormLayout()
        form.addRow("&Title:", self.title)
        form.addRow("Consent &renews after:", self.valid_days)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.text, 1)
        right.addWidget(self.info)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(right, 1)
        self.list.currentItemChanged.connect(self._show)
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.new)
        self.text.textChanged.connect(self._explain)
        self.refresh()

    def refresh(self, select: tuple[str, int] | None = None) -> None:
        self.list.clear()
        self.templates = self.practice.consent_templates()
        for t in self.templates:
            item = QListWidgetItem(f"{t.name}{'  · used' if t.used else ''}")
            item.setData(Qt.ItemDataRole.UserRole, (t.title, t.version))
            self.list.addItem(item)
            if select == (t.title, t.version):
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)

    def _current(self):
        item = self.list.currentItem()
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((t for t in self.templates if (t.title, t.version) == key), None)

    def _show(self, *_args) -> None:
        t = self._current()
        if t is not None:
            self.title.setText(t.title)
            self.text.setPlainText(t.text)
        self._explain()

    def _explain(self) -> None:
        t = self._current()
        if t is None:
            self.info.setText("A new template starts at version 1.")
        elif t.used:
            self.info.setText(
                f"{t.name} was signed by a client: it stays as it is. Saving your edits makes "
                f"version {t.version + 1}, and clients who signed an older version get a reminder."
            )
        else:
            self.info.setText(f"{t.name} was not used yet: saving changes it in place.")

    def new(self) -> None:
        self.list.clearSelection()
        # Qt takes a null item (no current item); the stubs leave None out.
        self.list.setCurrentItem(None)  # type: ignore[call-overload]
        self.title.clear()
        self.text.clear()
        self.title.setFocus()
        self._explain()

    def save(self) -> bool:
        try:
            saved = intake_service.save_consent_template(
                self.ctx, self.title.text(), self.text.toPlainText()
            )
        except PracticeError as exc:
            self.info.setText(f"Not saved: {exc}")
            return False
        self.refresh((saved.title, saved.version))
        self.info.setText(f"Saved as {saved.name}.")
        return True

    def apply(self, settings: PracticeSettings) -> None:
        settings.consent_valid_days = self.valid_days.value()
