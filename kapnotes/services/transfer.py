"""Importing clients from a KAPNotes JSON document: all or nothing, audited "create" each."""

from __future__ import annotations

from kapnotes.domain.settings import PracticeSettings
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store.transfer import ClientBundle, TransferSummary, insert_bundles


def import_bundles(
    ctx: ServiceContext,
    bundles: list[ClientBundle],
    settings: PracticeSettings | None,
    source: str,
) -> TransferSummary:
    """Insert the clients of a parsed document in one transaction; every client and session
    gets a "create" entry "imported from <source>". Settings apply to a never-set practice."""
    ctx.save_pending()
    summary = insert_bundles(ctx.practice, bundles, settings, detail=f"imported from {source}")
    ctx.publish(
        Changes(
            clients=frozenset(b.client.id for b in bundles if b.client.id is not None),
            sessions=frozenset(s.id for b in bundles for s in b.sessions if s.id is not None),
            settings=settings is not None,
        )
    )
    return summary


def imported_elsewhere(ctx: ServiceContext, bundles: list[ClientBundle]) -> None:
    """An import written on a worker's own connection (File > Import…, audited there by the
    store): announce its clients on this context's feed so the views list them."""
    ctx.publish(Changes(clients=frozenset(b.client.id for b in bundles if b.client.id is not None)))
