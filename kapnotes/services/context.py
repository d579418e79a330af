"""What every service action is given: the open practice and the feed that announces changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kapnotes.services.changes import ChangeFeed, Changes
from kapnotes.store import Practice


@dataclass
class ServiceContext:
    """The practice the actions write to and the feed they publish on.

    `pending_edits` are callables that store what is typed but not saved yet (the editor's
    autosave registers one): actions that read or write whole records call them first, so a
    PDF, a signature or a backup always holds what is on screen.
    """

    practice: Practice
    feed: ChangeFeed = field(default_factory=ChangeFeed)
    pending_edits: list[Callable[[], object]] = field(default_factory=list)
    _saving: bool = field(default=False, repr=False)

    def save_pending(self) -> None:
        """Store pending edits (once: an edit saved from here does not ask again)."""
        if self._saving:
            return
        self._saving = True
        try:
            for save in list(self.pending_edits):
                save()
        finally:
            self._saving = False

    def publish(self, changes: Changes) -> Changes:
        """Tell every listener what the action wrote."""
        self.feed.publish(changes)
        return changes
