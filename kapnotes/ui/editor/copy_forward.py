"""Session > Copy forward from last session: the clinician ticks intention, plan, themes
(each shown as it would be copied); the copy is saved into the draft, marked where copied."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.copy_forward import FIELDS, available, copy_forward, source_session
from kapnotes.domain.records import Session
from kapnotes.services import ServiceContext
from kapnotes.services.sessions import save_session
from kapnotes.store import PracticeError

PREVIEW_CHARS = 160


class CopyForwardDialog(QDialog):
    """One checkbox per field with something to copy, unticked: nothing is copied silently."""

    def __init__(self, source: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Copy forward from the last session")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"From the {source.kind} session of {source.date:%d %b %Y}. Copied text is marked with the date it came from.", self, wordWrap=True))  # fmt: skip
        self.boxes: dict[str, QCheckBox] = {}
        for key, text in available(source).items():
            if not text:
                continue
            short = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "…"
            box = QCheckBox(f"{FIELDS[key]}: {short}", self)
            self.boxes[key] = box
            layout.addWidget(box)
        buttons = QDialogButtonBox(self)
        self.copy_button = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> set[str]:
        return {k for k, box in self.boxes.items() if box.isChecked()}


def copy_forward_into(editor, ctx: ServiceContext, parent: QWidget, ask=None) -> list[str]:
    """Run the dialog for the editor's draft and save the copy (through the session service);
    returns the fields copied. `ask(dialog) -> bool` runs the dialog (tests pass their own)."""
    practice = ctx.practice
    target = editor.session
    if target is None or target.is_signed:
        QMessageBox.information(parent, "Copy forward", "Open a draft note to copy into.")
        return []
    editor.flush()
    sessions = practice.load_sessions(client_id=target.client_id)
    source = source_session(sessions, target)
    if source is None:
        QMessageBox.information(parent, "Copy forward", "No earlier session of this client has an intention, plan or themes to copy.")  # fmt: skip
        return []
    dialog = CopyForwardDialog(source, parent)
    accepted = ask(dialog) if ask is not None else bool(dialog.exec())
    fields = dialog.chosen() if accepted else set()
    dialog.deleteLater()
    if not fields:
        return []
    try:
        stored = practice.get_session(target.id)
        done = copy_forward(source, stored, fields)
        save_session(ctx, stored)
    except PracticeError as exc:
        QMessageBox.warning(parent, "Copy forward", f"Nothing was copied: {exc}")
        return []
    editor.reload()
    return done
