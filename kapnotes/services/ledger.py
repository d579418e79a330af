"""The controlled-substance ledger's writes: receipts, disposals, counts and reversals.

Every ui and CLI write to the ledger comes through here, so that the store does the checking
(balances, witnesses, signatures) and every view showing stock hears of it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kapnotes.domain.ledger import Entry, EntryKind, Receipt
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store.ledger_practice import Witnesses


def _posted(ctx: ServiceContext, entry: Entry) -> Entry:
    """Announce the new entry (the sessions it concerns too: their lot pickers show balances)."""
    sessions = frozenset({entry.session_id}) if entry.session_id else frozenset()
    ctx.publish(Changes(sessions=sessions, ledger=True))
    return entry


def receive(ctx: ServiceContext, receipt: Receipt) -> Entry:
    """Record stock received (the invoice is the Schedule III receipt record)."""
    return _posted(ctx, ctx.practice.ledger_receive(receipt))


def dispose(
    ctx: ServiceContext,
    kind: EntryKind | str,
    lot: str,
    mg: Any,
    *,
    witnesses: Witnesses = (),
    reason: str = "",
    occurred_on: date | None = None,
    details: dict[str, Any] | None = None,
    session_id: int | None = None,
) -> Entry:
    """Waste, return, transfer, breakage, destruction or loss of `mg` from a lot."""
    ctx.save_pending()  # a waste names a session: what is typed in it is stored first
    entry = ctx.practice.ledger_dispose(
        kind, lot, mg, witnesses=witnesses, reason=reason, occurred_on=occurred_on,
        details=details, session_id=session_id,
    )  # fmt: skip
    return _posted(ctx, entry)


def count(
    ctx: ServiceContext,
    lot: str,
    counted_mg: Any,
    *,
    reason: str = "",
    witnesses: Witnesses = (),
    occurred_on: date | None = None,
    inventory: dict[str, Any] | None = None,
) -> Entry:
    """A physical count (or biennial inventory line) of a lot."""
    entry = ctx.practice.ledger_count(
        lot, counted_mg, reason=reason, witnesses=witnesses, occurred_on=occurred_on,
        inventory=inventory,
    )  # fmt: skip
    return _posted(ctx, entry)


def reverse(ctx: ServiceContext, entry_id: int, reason: str) -> Entry:
    """Correct a mistake by a reversing entry with a reason (entries are never changed)."""
    return _posted(ctx, ctx.practice.ledger_reverse(entry_id, reason))


def record_export(ctx: ServiceContext, detail: str) -> None:
    """Audit that a ledger report left the practice (no records change)."""
    ctx.practice.record_event("export", detail=detail)
