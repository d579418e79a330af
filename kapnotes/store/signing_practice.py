"""Signing notes, co-signing and addenda: the half of the Practice API that signs (a mixin).

With accounts the signer is always the signed-in user, who types their passphrase again; the
note gets their Ed25519 signature over what it prints (kapnotes/store/note_signing.py) and
the audit entry keeps the seal (kapnotes/store/seal.py) as before. A practice without
accounts (an unencrypted file) signs by name, sealed only.
"""

from __future__ import annotations

from datetime import datetime

from kapnotes.domain.records import Addendum
from kapnotes.domain.signatures import ADDENDUM, COSIGNED, SIGNED
from kapnotes.domain.users import User
from kapnotes.store import note_signing, seal, sessions
from kapnotes.store.accounts import verify_user
from kapnotes.store.errors import AccountError, ReadOnlyUser, WrongPassphrase


class SigningPractice:
    """sign_session, cosign_session, add_addendum (a mixin of Practice)."""

    def sign_session(
        self,
        session_id: int,
        name: str | None = None,
        credentials: str = "",
        when: datetime | None = None,
        *,
        passphrase: str | None = None,
    ) -> datetime:
        """Sign a draft: it is locked from then on. With accounts the signer is the signed-in
        user, who types their passphrase again; the note gets their Ed25519 signature over
        what it prints. Without accounts (plain files) the given name signs, sealed only."""
        if self.user is None:
            if not name:
                raise AccountError("A signature needs the signer's name.")
            with self.db.atomic():
                signed = sessions.sign_session(self.db, session_id, name, credentials, when)
                self._post_administrations(session_id)  # the signed note is the ledger entry
                digest = seal.seal(self.db, session_id)
                notes = seal.signing_notes(self.db, session_id)
                detail = seal.seal_detail(name, digest, notes)
                self._session_event("sign", session_id, detail=detail)
            return signed
        user = self._confirm_signer(passphrase, name)
        with self.db.atomic():
            signed = sessions.sign_session(self.db, session_id, user.name, user.credentials, when)
            self._post_administrations(session_id)  # the signed note is the ledger entry
            sig = note_signing.add_signature(self.db, session_id, SIGNED, user, self._keys, signed)
            digest = seal.seal(self.db, session_id)
            notes = seal.signing_notes(self.db, session_id)
            self._session_event(
                "sign", session_id,
                detail=seal.seal_detail(f"{user.name}; signed payload sha256:{sig}", digest, notes),
            )  # fmt: skip
        return signed

    def cosign_session(self, session_id: int, passphrase: str) -> datetime:
        """A prescriber's co-signature on a signed note (a therapist's dosing note)."""
        user = self._confirm_signer(passphrase, None)
        if not user.can_prescribe:
            raise AccountError(f"{user.name} is not a prescriber: only a prescriber co-signs.")
        note = self.get_session(session_id)
        if not note.is_signed:
            raise AccountError(f"Session {session_id} is not signed yet: sign it first.")
        if any(s.user_id == user.id for s in note.signatures):
            raise AccountError(f"{user.name} already signed session {session_id}.")
        when = datetime.now().replace(microsecond=0)
        with self.db.atomic():
            sig = note_signing.add_signature(self.db, session_id, COSIGNED, user, self._keys, when)
            self._session_event("cosign", session_id, detail=f"co-signed by {user.name}; {sig}")
        return when

    def _confirm_signer(self, passphrase: str | None, name: str | None) -> User:
        """The signed-in user, after their passphrase was typed again (and is theirs)."""
        user = self.user
        if name and name != user.name:
            raise AccountError(f"Only {user.name} is signed in: switch user to sign as {name}.")
        if not user.can_write:
            raise ReadOnlyUser(f"{user.name} is a read-only user and cannot sign.")
        if not passphrase:
            raise WrongPassphrase("Signing needs your passphrase.")
        verify_user(self, user.name, passphrase)
        return user

    def add_addendum(
        self, session_id: int, text: str, author: str = "", when: datetime | None = None
    ) -> Addendum:
        """Add an addendum; with accounts its author is the signed-in user, who signs it."""
        if self.user is not None:
            author = self.user.signature_line()
        with self.db.atomic():
            added = sessions.add_addendum(self.db, session_id, text, author, when)
            if self.user is not None and self.user.can_write:
                note_signing.add_signature(
                    self.db, session_id, ADDENDUM, self.user, self._keys, added.time, added.id
                )
            self._session_event("addendum", session_id, detail=f"addendum {added.id} by {author}")
        return added
