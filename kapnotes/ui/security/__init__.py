"""Security in the app: unlocking, new encrypted practices, passphrases, auto-lock, audit, backups.

The names load on first use (PEP 562): the unlock dialog at the start of the app must not wait
for the audit viewer, the backup dialog and the rest to be imported.
"""

from __future__ import annotations

import importlib

_MODULES = {
    "AuditViewer": "audit_viewer",
    "BackupDialog": "backup_dialog",
    "ChangePassphraseDialog": "change_passphrase",
    "CorruptPracticeDialog": "corrupt_dialog",
    "LockController": "lock",
    "NewPracticeDialog": "new_practice",
    "UnlockDialog": "unlock_dialog",
}
__all__ = sorted(_MODULES)


def __getattr__(name: str):
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value
