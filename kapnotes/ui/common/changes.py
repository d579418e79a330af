"""The services' change notification as a Qt signal: views connect to `changed` and refresh
themselves from what an action wrote (a client, a session, the settings, the whole practice)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kapnotes.services.changes import ChangeFeed, Changes


class ChangeHub(QObject):
    """Listens to a ChangeFeed and re-emits each Changes as `changed` (in the GUI thread)."""

    changed = Signal(object)  # Changes

    def __init__(self, feed: ChangeFeed, parent: QObject | None = None):
        super().__init__(parent)
        self.feed = feed
        relay = self._relay
        feed.subscribe(relay)
        # The feed outlives nothing here, but a hub deleted with its window must not be called.
        self.destroyed.connect(lambda _obj=None, f=feed, r=relay: f.unsubscribe(r))

    def _relay(self, changes: Changes) -> None:
        self.changed.emit(changes)
