"""Help > About: the version, where this practice's files are, and the third-party licences."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from kapnotes import __version__, config


def notices_text() -> str:
    """resources/NOTICES.md: every bundled library and font with its licence."""
    try:
        return config.resource_path("NOTICES.md").read_text(encoding="utf-8")
    except OSError:
        return "The licence notices (NOTICES.md) are missing from this installation."


class AboutDialog(QDialog):
    """Version, data folder, practice and log files, and the licences of what is bundled."""

    def __init__(self, data_dir: Path, practice_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About KAPNotes")
        self.resize(760, 560)
        rows = [
            ("Data folder", str(data_dir)),
            ("Practice file", str(practice_path or "not saved to a file")),
            ("Backups", str(config.backup_dir(data_dir))),
            ("Error log", str(config.log_path(data_dir))),
            ("Licences", str(config.resource_path("licenses"))),
        ]
        table = "".join(
            f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        self.header = QLabel(
            f"<h3>KAPNotes {html.escape(__version__)}</h3>"
            "<p>Offline session notes for ketamine-assisted psychotherapy. "
            "No network, no telemetry.</p>"
            f"<table>{table}</table>"
        )
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.header.setWordWrap(True)
        self.notices = QTextBrowser()
        self.notices.setOpenLinks(False)
        self.notices.setMarkdown(notices_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(QLabel("Third-party software and fonts:"))
        layout.addWidget(self.notices, 1)
        layout.addWidget(buttons)
