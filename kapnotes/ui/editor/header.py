"""The editor's header: which note this is, when it was saved, live mode and signing."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kapnotes.domain.records import Client, Session
from kapnotes.domain.vocab import vocabulary
from kapnotes.ui.editor.fields import ERROR_FG


class EditorHeader(QWidget):
    """Title line, save status, the Live mode and Sign buttons, and a store-error banner."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("sessionTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)  # wraps rather than widening a narrow editor
        self.status_label = QLabel(self)
        self.status_label.setObjectName("saveStatus")
        self.live_button = QPushButton("Li&ve mode", self)
        self.live_button.setToolTip("Record vitals and effects as they happen (F9)")
        self.sign_button = QPushButton("Sign note…", self)
        self.sign_button.setToolTip("Sign this note (Ctrl+Shift+S); it becomes read-only")
        self.error_banner = QLabel(self)
        self.error_banner.setWordWrap(True)
        self.error_banner.setStyleSheet(f"color: {ERROR_FG}; font-weight: bold;")
        self.error_banner.hide()
        # A signed note says so at the top, and how to correct it (an addendum).
        self.signed_banner = QLabel(self)
        self.signed_banner.setObjectName("signedBanner")
        self.signed_banner.setWordWrap(True)
        self.signed_banner.setStyleSheet(
            "background: rgba(47, 111, 179, 45); border: 1px solid rgba(47, 111, 179, 140);"
            "border-radius: 3px; padding: 4px;"
        )
        self.addendum_button = QPushButton("Write an adde&ndum…", self)
        self.addendum_button.setToolTip("Corrections and additions to a signed note")
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.signed_banner, 1)
        banner_row.addWidget(self.addendum_button)
        self.signed_row = QWidget(self)
        self.signed_row.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.signed_row.hide()
        row = QHBoxLayout()
        row.addWidget(self.title_label, 1)
        row.addWidget(self.status_label)
        row.addWidget(self.live_button)
        row.addWidget(self.sign_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.signed_row)
        layout.addWidget(self.error_banner)

    def show_title(self, s: Session, client: Client | None) -> None:
        """Client, session number, kind, date and whether the note is signed."""
        who = f"{client.name} ({client.chart})" if client else ""
        number = f"Session {s.number}" if s.number else "Session"
        state = "signed" if s.is_signed else "draft"
        kind = vocabulary("session_kinds").label(s.kind)
        self.title_label.setText(f"{who} — {number} · {kind} · {s.date:%Y-%m-%d} ({state})")

    def show_sign_state(self, signed: bool, cosign: bool) -> None:
        """Sign (a draft) or Co-sign (a note awaiting it); a signed note shows no edit
        affordances: its buttons go, not just grey out."""
        self.sign_button.setEnabled(not signed or cosign)
        self.sign_button.setText("Co-sign note…" if cosign else "Sign note…")
        self.sign_button.setVisible(not signed)
        self.live_button.setEnabled(not signed)

    def show_signed(self, s: Session | None) -> None:
        """The read-only banner for a signed note (None hides it)."""
        if s is None:
            self.signed_row.hide()
            return
        who = s.signed_by + (f", {s.signed_credentials}" if s.signed_credentials else "")
        when = f" on {s.signed_at:%Y-%m-%d %H:%M}" if s.signed_at else ""
        self.signed_banner.setText(
            f"Signed by {who}{when}: this note is read-only. To correct or add to it, write "
            "an addendum (it is added at the end of the note, dated and signed)."
        )
        self.signed_row.show()

    def show_loaded(self, s: Session) -> None:
        self.error_banner.hide()
        self.status_label.setText(f"Last saved {s.updated_at:%Y-%m-%d %H:%M}" if s.updated_at else "")  # fmt: skip

    def show_saved(self, when: datetime) -> None:
        self.error_banner.hide()
        self.status_label.setText(f"Saved {when:%H:%M:%S}")

    def show_failure(self, message: str) -> None:
        """Say the store refused, and that the text is still here (never the text itself)."""
        self.status_label.setText("Not saved")
        self.error_banner.setText(
            f"Your last changes could not be saved: {message} They are still on screen and "
            "will be saved on the next change."
        )
        self.error_banner.show()
