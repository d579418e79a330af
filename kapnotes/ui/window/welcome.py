"""The first start: one screen on where the data lives and how backups work, shown once."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kapnotes import config

SHOWN_KEY = "app/welcome_shown"  # per user (QSettings): a new user of the laptop sees it too


def welcome_html(data_dir: Path, practice_path: Path | None, *, demo: bool, keep: int) -> str:
    """The text of the first-run screen (no note content: only paths and how things work)."""
    where = html.escape(str(data_dir))
    practice = html.escape(str(practice_path or config.database_path(data_dir)))
    backups = html.escape(str(config.backup_dir(data_dir)))
    demo_line = (
        # The passphrase starts its own line: Qt would break it at its hyphen.
        "<p>This is a <b>demo practice</b> with fictional clients, to try things out.<br>"
        "Passphrase: <b>kapnotes-demo</b> (File &gt; New practice makes your own).</p>"
        if demo
        else ""
    )
    return (
        "<h3>Welcome to KAPNotes</h3>"
        f"{demo_line}"
        "<p><b>Where your data lives.</b> Everything stays on this computer, in one encrypted "
        f"file:<br><tt>{practice}</tt><br>in the data folder <tt>{where}</tt>. KAPNotes never "
        "uses the network. Notes are saved as you type; there is no Save button.</p>"
        "<p><b>The passphrase</b> unlocks the file. Nobody can recover a forgotten passphrase, "
        "not even with the backups (they are encrypted with it): keep it somewhere safe.</p>"
        "<p><b>Backups.</b> KAPNotes backs the practice up by itself once a day when it "
        f"starts, and before every upgrade, keeping the last {keep} in<br><tt>{backups}</tt>. "
        "File &gt; Back up now makes one at any time; File &gt; Restore a backup puts one "
        "back (the current file is kept aside, nothing is deleted).</p>"
        "<p><b>Those backups are on the same disk.</b> Copy the backups folder to an "
        "external drive or your clinic's backup regularly, so a lost or broken laptop does "
        "not take the records with it.</p>"
        "<p>Help &gt; About shows these folders again.</p>"
    )


class WelcomeDialog(QDialog):
    """Where the data lives and how backups work; closing it remembers that it was seen."""

    def __init__(self, text: str, qsettings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.qsettings = qsettings
        self.setWindowTitle("Welcome to KAPNotes")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(560)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Got it")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.finished.connect(self._remember)

    def _remember(self, _result: int) -> None:
        self.qsettings.setValue(SHOWN_KEY, True)
        self.qsettings.sync()


def already_shown(qsettings: QSettings) -> bool:
    return qsettings.value(SHOWN_KEY, False) in (True, "true", 1, "1")


def maybe_welcome(window: QWidget, qsettings: QSettings, data_dir: Path, practice) -> WelcomeDialog | None:  # fmt: skip
    """Open the welcome screen over the window on the user's first start (not blocking it)."""
    if already_shown(qsettings):
        return None
    demo = practice.is_encrypted and practice.settings().practice_name.endswith("(demo)")
    text = welcome_html(data_dir, practice.path, demo=demo, keep=practice.settings().backup_keep)
    dialog = WelcomeDialog(text, qsettings, window)
    dialog.open()
    return dialog
