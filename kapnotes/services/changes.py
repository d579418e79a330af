"""What a service action changed, announced to whoever listens (the window's views)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Changes:
    """The records one action wrote; views showing any of them refresh themselves."""

    clients: frozenset[int] = frozenset()
    sessions: frozenset[int] = frozenset()
    settings: bool = False
    # The controlled-substance ledger gained an entry: stock and lot pickers refresh.
    ledger: bool = False
    # The practice itself was swapped, restored or re-keyed: every view reloads.
    practice: bool = False
    # Who asked for the change, so that a view skips reloading its own edit.
    origin: object = None


Listener = Callable[[Changes], None]


class ChangeFeed:
    """Listeners called after each service write, in subscription order."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def publish(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)
