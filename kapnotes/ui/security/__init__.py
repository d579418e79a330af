"""Security in the app: unlocking, new encrypted practices, passphrases, auto-lock, audit, backups."""

from kapnotes.ui.security.audit_viewer import AuditViewer
from kapnotes.ui.security.backup_dialog import BackupDialog
from kapnotes.ui.security.change_passphrase import ChangePassphraseDialog
from kapnotes.ui.security.corrupt_dialog import CorruptPracticeDialog
from kapnotes.ui.security.lock import LockController
from kapnotes.ui.security.new_practice import NewPracticeDialog
from kapnotes.ui.security.unlock_dialog import UnlockDialog

__all__ = [
    "AuditViewer",
    "BackupDialog",
    "ChangePassphraseDialog",
    "CorruptPracticeDialog",
    "LockController",
    "NewPracticeDialog",
    "UnlockDialog",
]
