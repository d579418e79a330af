"""The user's actions, Qt-free: each does its write and its audit entry in one step, then
announces what changed on the context's ChangeFeed. The window and the command line both call
these; neither writes to the audit trail itself.

One module per area: clients, sessions, documents (export and print), transfer (import),
practice (settings, backup, restore, encryption, passphrase). Every action takes a
ServiceContext first.
"""

from kapnotes.services.changes import ChangeFeed, Changes
from kapnotes.services.context import ServiceContext

__all__ = ["ChangeFeed", "Changes", "ServiceContext"]
