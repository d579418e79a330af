"""The controlled-substance ledger half of the Practice API (a mixin of Practice).

Every entry is refused before anything is written when it cannot be made (a one-line
LedgerError saying why, the balance included); otherwise the lot, the entry and its audit
entry are written in one transaction, so a kill leaves the whole entry or none of it.
Administrations are posted by signing their note (sign_session calls
_post_administrations inside its own transaction): the signed note *is* the entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kapnotes.domain import ledger as rules
from kapnotes.domain.ledger import Entry, EntryKind, Lot, LotBalance, Receipt
from kapnotes.domain.users import User
from kapnotes.store import audit_keys, ledger, rows
from kapnotes.store.accounts import find_user, unlock_slot
from kapnotes.store.errors import LedgerError, ReadOnlyUser, UserDisabled, WrongPassphrase
from kapnotes.store.keyslots import UserKeys

Witnesses = Sequence[tuple[str, str]]  # (name, passphrase) of each witness who signs in


class LedgerPractice:
    """Receipts, disposals, counts, reversals, balances and their check."""

    # -- reading -------------------------------------------------------------------------
    def ledger_stock(self) -> list[LotBalance]:
        """Every lot received with its balance and the mg drafts would take (pending)."""
        return ledger.lot_balances(self.db)

    def ledger_lot(self, lot: str) -> Lot:
        found = ledger.find_lot(self.db, lot)
        if found is None:
            raise LedgerError(f"there is no lot {lot} in the ledger")
        return found

    def ledger_entries(
        self,
        *,
        lot: str | None = None,
        since: date | None = None,
        until: date | None = None,
        kinds: tuple[str, ...] = (),
    ) -> list[Entry]:
        """Entries (of one lot, in a date range, of some kinds), in the order they happened."""
        lot_id = self.ledger_lot(lot).id if lot else None
        return ledger.entries(self.db, lot_id=lot_id, since=since, until=until, kinds=kinds)

    def ledger_balances_on(self, day: date, *, before: bool = False) -> dict[str, float]:
        """Lot number -> balance at the end of `day` (before=True: at its start)."""
        names = {i: lot.lot for i, lot in ledger.lots(self.db).items()}
        sums = ledger.balances(self.db, day, before)
        return {names[i]: sums.get(i, 0.0) for i in names}

    def ledger_recent_sessions(self, since: date) -> list[tuple[int, date, str, str, str]]:
        """(session id, date, client name, chart, first lot) of dosing sessions with a lot
        since a day, newest first: the sessions waste may be drawn for."""
        return [
            (sid, rows.s2d(day), name, chart, lot)
            for sid, day, name, chart, lot in self.db.execute(
                "SELECT s.id, s.date, c.name, c.chart, (SELECT a.lot FROM administrations a "
                "WHERE a.session_id = s.id AND a.lot != '' ORDER BY a.position LIMIT 1) AS lot "
                "FROM sessions s JOIN clients c ON c.id = s.client_id "
                "WHERE s.date >= ? AND lot IS NOT NULL ORDER BY s.date DESC, s.id DESC",
                [rows.d2s(since)],
            )
        ]

    def ledger_problems(self) -> list[str]:
        """What `kapnotes check` reports about the ledger ([] when it is consistent)."""
        _ok, ring = audit_keys.check_signatures(self.db)
        has_users = self.db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
        return ledger.problems(self.db, ring, has_users)

    # -- writing -------------------------------------------------------------------------
    def ledger_receive(self, receipt: Receipt) -> Entry:
        """Record stock received; a lot already received must be the same product."""
        self._ledger_writer()
        problem = receipt.problem()
        if problem:
            raise LedgerError(problem)
        with self.db.atomic():
            lot = ledger.find_lot(self.db, receipt.lot.lot.strip())
            if lot is None:
                lot = ledger.insert_lot(self.db, receipt.lot)
            elif not lot.same_product(receipt.lot):
                raise LedgerError(
                    f"lot {lot.lot} is already in the ledger as {lot.describe()}: a lot "
                    "number names one product"
                )
            entry = Entry(
                kind=EntryKind.RECEIPT, lot=lot.lot, mg=receipt.mg,
                occurred_on=receipt.received_on or date.today(), user=self.actor,
                details=receipt.details(),
            )  # fmt: skip
            return self._ledger_write(entry, lot, [])

    def ledger_dispose(
        self,
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
        self._ledger_writer()
        kind = EntryKind(kind)
        if kind not in rules.DISPOSALS:
            raise LedgerError(f"{kind} is not a disposal")
        problem = rules.quantity_problem(mg)
        if problem:
            raise LedgerError(problem)
        if kind in (EntryKind.WASTE, EntryKind.BREAKAGE, EntryKind.LOSS) and not reason.strip():
            raise LedgerError(f"{rules.KIND_LABELS[kind].lower()} needs a reason")
        stock = self.ledger_lot(lot)
        signers = self._ledger_witnesses(kind, witnesses)
        entry = Entry(
            kind=kind, lot=stock.lot, mg=-float(mg), occurred_on=occurred_on or date.today(),
            user=self.actor, witnesses=tuple(u.name for u, _k in signers), reason=reason.strip(),
            session_id=session_id, details=dict(details or {}),
        )  # fmt: skip
        with self.db.atomic():
            return self._ledger_write(entry, stock, signers)

    def ledger_count(
        self,
        lot: str,
        counted_mg: Any,
        *,
        reason: str = "",
        witnesses: Witnesses = (),
        occurred_on: date | None = None,
        inventory: dict[str, Any] | None = None,
    ) -> Entry:
        """A physical count of a lot (or, with `inventory` = {"business": "opening"|"close",
        "estimated": bool}, its line of the biennial inventory): the balance becomes what was
        counted; a difference needs a reason and a witness."""
        self._ledger_writer()
        try:
            counted = float(counted_mg)
        except (TypeError, ValueError):
            raise LedgerError("the counted quantity must be a number of mg") from None
        stock = self.ledger_lot(lot)
        expected = ledger.balance(self.db, stock.id)
        names = [name for name, _p in witnesses]
        problem = rules.count_problem(expected, counted, reason, names)
        if problem:
            raise LedgerError(problem)
        signers = self._ledger_witnesses(EntryKind.COUNT, witnesses)
        details = {"expected_mg": expected, "counted_mg": counted, **(inventory or {})}
        entry = Entry(
            kind=EntryKind.INVENTORY if inventory is not None else EntryKind.COUNT,
            lot=stock.lot, mg=counted - expected, occurred_on=occurred_on or date.today(),
            user=self.actor, witnesses=tuple(names), reason=reason.strip(), details=details,
        )  # fmt: skip
        with self.db.atomic():
            if abs(ledger.balance(self.db, stock.id) - expected) > rules.EPSILON:
                raise LedgerError(f"lot {lot} changed while it was counted: count again")
            return self._ledger_write(entry, stock, signers)

    def ledger_reverse(self, entry_id: int, reason: str) -> Entry:
        """Correct a mistaken entry with one that takes its quantity back, with a reason."""
        self._ledger_writer()
        if not reason.strip():
            raise LedgerError("a reversal needs a reason")
        found = [e for e in ledger.entries(self.db) if e.id == entry_id]
        if not found:
            raise LedgerError(f"there is no ledger entry {entry_id}")
        original = found[0]
        if original.kind == EntryKind.ADMINISTRATION:
            raise LedgerError(
                f"entry {entry_id} was posted from signed session {original.session_id}: "
                "correct the note with an addendum"
            )
        if original.kind == EntryKind.REVERSAL:
            raise LedgerError(f"entry {entry_id} is itself a reversal")
        if abs(original.mg) <= rules.EPSILON:
            raise LedgerError(f"entry {entry_id} changed no balance: there is nothing to reverse")
        if self.db.execute(
            "SELECT 1 FROM ledger_entries WHERE reverses = ?", [entry_id]
        ).fetchone():
            raise LedgerError(f"entry {entry_id} was already reversed")
        stock = self.ledger_lot(original.lot)
        entry = Entry(
            kind=EntryKind.REVERSAL, lot=stock.lot, mg=-original.mg, occurred_on=date.today(),
            user=self.actor, reason=reason.strip(), reverses=entry_id,
            details={"reversed_kind": str(original.kind)},
        )  # fmt: skip
        with self.db.atomic():
            return self._ledger_write(entry, stock, [])

    # -- inside -------------------------------------------------------------------------
    def _ledger_writer(self) -> None:
        user = self.user
        if user is not None and not user.can_write:
            raise ReadOnlyUser(f"{user.name} is a read-only user: nothing was recorded.")

    def _ledger_witnesses(self, kind: EntryKind, witnesses: Witnesses) -> list:
        """Each witness signs in (name and passphrase) without switching the session."""
        names = [" ".join(str(n).split()) for n, _p in witnesses]
        problem = rules.witness_problem(kind, self.actor, names)
        if problem:
            raise LedgerError(problem)
        if witnesses and not self.has_accounts:
            raise LedgerError("witnesses sign in with user accounts: this practice has none")
        signers: list[tuple[User, UserKeys]] = []
        for name, (_n, passphrase) in zip(names, witnesses, strict=True):
            user = find_user(self.db, name)
            try:
                _slot, keys = unlock_slot(self.path, name, passphrase or "")
            except WrongPassphrase:
                raise WrongPassphrase(f"wrong passphrase for the witness {name}") from None
            if user is None or keys.signing_public != user.public_key:
                raise WrongPassphrase(f"wrong passphrase for the witness {name}")
            if not user.active:
                raise UserDisabled(f"the witness {name} is disabled")
            signers.append((user, keys))
        return signers

    def _ledger_write(self, entry: Entry, lot: Lot, signers: list) -> Entry:
        """Write one entry (inside the caller's transaction): balance checked, signed by the
        user and each witness, and its digest in the audit trail."""
        problem = rules.balance_problem(lot.lot, ledger.balance(self.db, lot.id), entry.mg)
        if problem:
            raise LedgerError(problem)
        client_id = None
        if entry.session_id is not None:
            found = self.db.execute(
                "SELECT c.id, c.name, c.chart FROM sessions s JOIN clients c "
                "ON c.id = s.client_id WHERE s.id = ?",
                [entry.session_id],
            ).fetchone()
            if found is None:
                raise LedgerError(f"there is no session {entry.session_id}")
            client_id = found[0]
            entry = Entry(**{**entry.__dict__, "client_name": found[1], "chart": found[2]})
        user = self.user
        entry_id = ledger.next_id(self.db)
        values = ledger.row_values(
            entry, entry_id, lot.id, user.id if user else None, client_id, rows.now_text()
        )
        keyed = [(user.id, self._keys)] if user is not None and self._keys is not None else []
        digest = ledger.insert_entry(self.db, values, keyed + [(u.id, k) for u, k in signers])
        self._append(
            "ledger", client_id=client_id, session_id=entry.session_id,
            record=f"ledger {entry_id}", detail=f"sha256:{digest}",
        )  # fmt: skip
        return Entry(
            **{**entry.__dict__, "id": entry_id, "recorded_at": rows.s2dt(values["recorded_at"])}
        )

    def _post_administrations(self, session_id: int) -> None:
        """Post each administration of a note being signed (inside sign_session's
        transaction): an unknown or expired lot, or more than the lot holds, refuses the
        signature with the reason."""
        day = rows.s2d(
            self.db.execute("SELECT date FROM sessions WHERE id = ?", [session_id]).fetchone()[0]
        )
        given = self.db.execute(
            "SELECT id, position, time, route, mg, given_by, lot FROM administrations "
            "WHERE session_id = ? AND lot != '' ORDER BY position",
            [session_id],
        ).fetchall()
        for adm_id, position, at, route, mg, given_by, lot_name in given:
            lot = ledger.find_lot(self.db, lot_name)
            if lot is None:
                raise LedgerError(f"lot {lot_name} is not in the controlled-substance ledger")
            if rules.expiry_status(lot.expiry, day) == "expired":
                raise LedgerError(
                    f"lot {lot_name} expired on {lot.expiry.isoformat()}: it cannot be administered"
                )
            problem = rules.quantity_problem(mg)
            if problem:
                raise LedgerError(f"administration {position + 1}: {problem}")
            entry = Entry(
                kind=EntryKind.ADMINISTRATION, lot=lot.lot, mg=-float(mg), occurred_on=day,
                user=self.actor, session_id=session_id,
                details={
                    "administration_id": adm_id, "time": at or "", "route": route,
                    "given_by": given_by or self.actor,
                    "quantity": round(lot.in_units(mg), 4), "unit": lot.unit,
                },
            )  # fmt: skip
            self._ledger_write(entry, lot, [])
