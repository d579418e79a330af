"""The CSV export's ledger table: every entry of the controlled-substance ledger (receipts,
doses given, waste, counts, reversals, …) with each lot's running balance derived.

An entry tied to a session (a dose given, its waste) is written with its client's rows, so a
de-identified export numbers its session and dates it as it does the rest of that client; the
practice's own entries (receipts, counts, transfers, destruction) follow the clients, in a
whole-practice export only: one client's export carries only what concerns that client.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from kapnotes.domain.ledger import FORM_LABELS, Entry, running_balances
from kapnotes.export.csv_tables import SEP, Context
from kapnotes.store import ledger as ledger_store
from kapnotes.store.transfer import ClientBundle

NAME = "ledger_entries"
_PLAIN = (
    "ledger_entry_id kind date recorded_at lot drug form mg user witnesses reason session_id "
    "chart reverses derived_lot_balance_mg"
)
_DEID = (
    "ledger_entry_id kind day_or_year recorded_at lot drug form mg user witnesses reason "
    "session_id study_code reverses derived_lot_balance_mg"
)


def columns(deidentified: bool) -> list[str]:
    return (_DEID if deidentified else _PLAIN).split()


class LedgerTable:
    """The ledger's rows for one export, handed out client by client, then the rest."""

    def __init__(self, practice, ctx: Context, whole_practice: bool):
        self.ctx = ctx
        self.whole_practice = whole_practice
        entries = practice.ledger_entries()  # in the order they happened
        self.lots = {lot.lot: lot for lot in ledger_store.lots(practice.db).values()}
        self.balance = {
            e.id: round(b, 6) for e, b in zip(entries, running_balances(entries), strict=True)
        }
        self.by_session: dict[int, list[Entry]] = defaultdict(list)
        self.practice_level: list[Entry] = []
        for e in entries:
            if e.session_id is None:
                self.practice_level.append(e)
            else:
                self.by_session[e.session_id].append(e)

    def client_rows(self, b: ClientBundle) -> Iterator[list]:
        """The entries of this client's sessions (while the client's numbering is current)."""
        for s in b.sessions:
            for e in self.by_session.get(s.id, ()):
                yield self._row(e, b)

    def practice_rows(self) -> Iterator[list]:
        """The practice's own entries (none in one client's export)."""
        if self.whole_practice:
            for e in self.practice_level:
                yield self._row(e, None)

    def _row(self, e: Entry, b: ClientBundle | None) -> list:
        ctx, lot = self.ctx, self.lots.get(e.lot)
        client = b.client if b is not None else None
        if ctx.deid is None:
            recorded = e.recorded_at.isoformat(timespec="seconds") if e.recorded_at else ""
            when, reason = e.occurred_on.isoformat(), e.reason
            who = e.chart
        elif client is not None:  # the client's day numbers and redaction
            when, recorded = ctx.day(client, e.occurred_on), ""
            reason, who = ctx.text(client, e.reason), ctx.chart(client)
        else:  # a practice entry: the year alone (Safe Harbor), no client in it
            when, recorded = str(e.occurred_on.year), ""
            reason, who = ctx.deid.practice_text(e.reason), ""
        return [
            ctx.id("ledger_entry", e.id), str(e.kind), when, recorded, e.lot,
            lot.drug if lot else "", FORM_LABELS.get(lot.form, "") if lot else "", e.mg,
            e.user, SEP.join(e.witnesses), reason,
            ctx.id("session", e.session_id) if client is not None else "", who,
            ctx.id("ledger_entry", e.reverses) if e.reverses else "", self.balance.get(e.id, ""),
        ]  # fmt: skip
