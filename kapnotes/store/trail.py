"""The audit-trail and encryption half of the Practice API (a mixin of Practice)."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from kapnotes.store import anchor, audit, audit_keys, crypto, keyslots, note_signing, seal, sessions
from kapnotes.store.audit import AuditCheck, AuditEntry
from kapnotes.store.changes import changed_fields
from kapnotes.store.errors import PracticeError, ReadOnlyUser, RecordNotFound
from kapnotes.store.intake_records import broken_intake_signatures
from kapnotes.store.schema import expected_triggers


class AuditedPractice:
    """Audit entries (automatic and recorded), verification, passphrase changes."""

    # -- audit trail -------------------------------------------------------------------------
    def _append(self, action: str, **kwargs: Any) -> int:
        """One audit entry naming the signed-in user and signed with their key."""
        user = self.user
        if user is not None and not user.can_write and action not in audit.READ_ACTIONS:
            raise ReadOnlyUser(f"{user.name} is a read-only user: nothing was changed.")
        keys = self._keys
        entry = audit.append(
            self.db, self.actor, action,
            user_id=user.id if user is not None else None,
            sign=keys.signing.sign if user is not None and keys is not None else None,
            **kwargs,
        )  # fmt: skip
        self._anchor_pending = True
        return entry

    def _flush_anchor(self, durable: bool = False) -> None:
        """Write the chain's head outside the database: after each save into the companion
        anchor file, in place (keyslots.write_anchor: cheap, safe against a kill); with
        durable=True (sign-in, close, backups, account changes) into the slots file too."""
        self._anchor_pending = False
        if self.path is None or not keyslots.slots_path(self.path).exists():
            return
        if self._anchor_trusted is None:
            # An anchor that no longer fits the chain (entries cut off, a head rewritten) is
            # evidence: it is never overwritten, so audit verify keeps reporting it.
            found = anchor.newest_anchor(self.path, keyslots.load(self.path).anchor)
            self._anchor_trusted = audit_keys.check_anchor(self.db, found, required=False).ok
        if not self._anchor_trusted:
            return
        head = audit.head(self.db)
        if head != self._anchor_written:
            self._anchor_seq += 1
            anchor.write_anchor(self.path, head, self._anchor_seq)
            self._anchor_written = head
        if durable:
            slots = keyslots.load(self.path)
            if slots.anchor != head:
                slots.anchor = head
                keyslots.save(self.path, slots)

    @property
    def has_accounts(self) -> bool:
        """True when users sign in with their own passphrases (a key slots file)."""
        return self.path is not None and keyslots.slots_path(self.path).exists()

    def _audit_change(
        self, kind: str, record_id: int, before: dict, after: dict, is_new: bool, **ids: Any
    ) -> None:
        record = f"{kind} {record_id}"
        if is_new:
            self._coalescer.forget(record)
            self._append("create", record=record, fields=[], **ids)
            return
        fields = changed_fields(before, after)
        if fields and self._coalescer.needs_entry(record, set(fields)):
            self._append("change", record=record, fields=fields, **ids)

    def _session_event(self, action: str, session_id: int, detail: str = "") -> None:
        client_id, _course = sessions.session_client_ids(self.db, session_id)
        self._coalescer.forget(f"session {session_id}")
        self._append(
            action, client_id=client_id, session_id=session_id, record=f"session {session_id}",
            detail=detail,
        )  # fmt: skip

    def record_event(
        self,
        action: str,
        *,
        client_id: int | None = None,
        session_id: int | None = None,
        detail: str = "",
    ) -> int:
        """Add an audit entry for something the store cannot see (export, print, open...).

        `detail` is free text for names of files and counts: never put note text in it.
        """
        if not action or not isinstance(action, str):
            raise PracticeError("An audit entry needs an action.")
        if action not in audit.ACTIONS:
            raise PracticeError(f"{action!r} is not an audit action.")
        with self.db.atomic():
            if session_id is not None and client_id is None:
                with contextlib.suppress(RecordNotFound):
                    client_id, _course = sessions.session_client_ids(self.db, session_id)
            record = f"session {session_id}" if session_id is not None else (
                f"client {client_id}" if client_id is not None else ""
            )  # fmt: skip
            return self._append(
                action, client_id=client_id, session_id=session_id, record=record, detail=detail
            )

    def audit_entries(
        self,
        *,
        client_id: int | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
        session_id: int | None = None,
    ) -> list[AuditEntry]:
        """Audit entries matching the filters, newest first."""
        return audit.entries(
            self.db, client_id=client_id, session_id=session_id, action=action, since=since,
            until=until, limit=limit,
        )  # fmt: skip

    def verify_audit(self) -> AuditCheck:
        """Recompute the hash chain, every entry's signature, the anchor kept outside the
        database, then every signed note's seal; reports the first entry (or note) that was
        changed, removed or added, or that a user did not sign."""
        check = audit.verify(self.db)
        if not check.ok:
            return check
        signed, _ring = audit_keys.check_signatures(self.db)
        if not signed.ok:
            return signed
        if self.has_accounts:
            self._flush_anchor_if_pending()
            anchored = audit_keys.check_anchor(
                self.db,
                anchor.newest_anchor(self.path, keyslots.load(self.path).anchor),
                required=True,
            )
            if not anchored.ok:
                return anchored
        broken = seal.broken_seal(self.db)
        if broken is None:
            return check
        session_id, entry_id = broken
        return AuditCheck(
            False,
            check.checked,
            entry_id,
            f"signed session {session_id} was changed after it was signed: it no longer "
            f"matches the seal in audit entry {entry_id}.",
        )

    def _flush_anchor_if_pending(self) -> None:
        if self._anchor_pending and not self.db.conn.in_transaction:
            self._flush_anchor()

    def signature_problems(self) -> list[str]:
        """Every note signature that does not verify or no longer matches its note."""
        _signed, ring = audit_keys.check_signatures(self.db)
        problems = note_signing.broken_note_signatures(self.db, ring)
        problems += broken_intake_signatures(self.db, ring)
        for user_id, name, key in self.db.execute(
            "SELECT id, name, public_key FROM users WHERE public_key != ''"
        ).fetchall():
            if ring.current(user_id) != bytes.fromhex(key):
                problems.append(
                    f"user {name}: the key on record is not the one the trail registered"
                )
        return problems

    def protection_problems(self) -> list[str]:
        """What `kapnotes check` adds to integrity: every protective trigger present with its
        expected SQL, PRAGMA foreign_key_check, every note signature, and the controlled-substance
        ledger (signatures, balances, postings); one line each, naming the trigger or record."""
        problems = []
        expected = expected_triggers()
        actual = dict(
            self.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
        )
        for name, sql in sorted(expected.items()):
            if name not in actual:
                problems.append(f"protective trigger {name} is missing")
            elif " ".join(actual[name].split()) != " ".join(sql.split()):
                problems.append(f"protective trigger {name} was changed")
        problems += [f"unexpected trigger {name}" for name in sorted(set(actual) - set(expected))]
        for table, rowid, parent, _fk in self.db.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"{table} row {rowid} points to a missing {parent} record")
        return problems + self.signature_problems() + self.ledger_problems()

    # -- encryption --------------------------------------------------------------------------
    @property
    def is_encrypted(self) -> bool:
        """True when the file is SQLCipher-encrypted."""
        return self._encrypted

    def change_passphrase(self, new: str) -> None:
        """Re-key the practice (every page re-encrypted). Older backups keep the old passphrase."""
        if not self._encrypted:
            raise PracticeError(
                "This practice is not encrypted; encrypt it first (kapnotes passphrase encrypt)."
            )
        if self.has_accounts:
            # Each user has their own passphrase: only the signed-in user's slot is rewritten.
            self._rewrap_own_slot(new)
            return
        crypto.rekey(self.db.conn, new)
        self._passphrase = new
        self.record_event("passphrase", detail="passphrase changed")
