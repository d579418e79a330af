"""Signatures on a note, as the screen and the paper show them, and the note as it was signed.

A note signed in this practice carries the signer's Ed25519 signature over a canonical
serialization of what it prints, including the client's identity and weight at signing: the
note keeps printing those, whatever the client record says later.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kapnotes.domain.records import Client, Session, WeightEntry
from kapnotes.domain.settings import Clinician
from kapnotes.domain.users import fingerprint

SIGNED = "sign"
COSIGNED = "cosign"
ADDENDUM = "addendum"
IMPORTED = "imported"  # signed elsewhere, no signature this practice can check
BEFORE_ACCOUNTS = "before-accounts"  # signed before clinician accounts: sealed, not signed

NOT_VERIFIABLE = "Signed elsewhere: not verifiable here"


@dataclass(frozen=True)
class NoteSignature:
    """One signature (or mark) on a note: who, when, with which key, over what."""

    kind: str
    name: str
    credentials: str
    signed_at: datetime
    public_key: bytes = b""
    addendum_id: int | None = None
    user_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @property
    def verifiable(self) -> bool:
        """True for a signature made in this practice (it has a key and a payload)."""
        return self.kind in (SIGNED, COSIGNED, ADDENDUM) and bool(self.public_key)

    def who(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def line(self, when_text: str) -> str:
        """The line printed under the note (when_text: the formatted time)."""
        if self.kind == IMPORTED:
            return f"{NOT_VERIFIABLE} (says: {self.who()}, {when_text})."
        if self.kind == BEFORE_ACCOUNTS:
            return f"Signed by {self.who()} at {when_text}, before accounts (sealed, no key)."
        verb = {COSIGNED: "Co-signed", ADDENDUM: "Addendum signed"}.get(
            self.kind, "Electronically signed"
        )
        return f"{verb} by {self.who()}, at {when_text} · key {self.fingerprint}"


def awaits_cosign(session: Session, require_cosign: bool) -> bool:
    """True for a signed dosing note, signed by a therapist, that the practice wants a
    prescriber to co-sign and nobody has co-signed yet."""
    if not require_cosign or not session.is_signed or session.kind != "dosing":
        return False
    signatures = getattr(session, "signatures", None) or []
    first = next((s for s in signatures if s.kind == SIGNED), None)
    if first is None or first.payload.get("signer", {}).get("role") != "therapist":
        return False
    return not any(s.kind == COSIGNED for s in signatures)


def may_cosign(session: Session, user: Any, require_cosign: bool) -> bool:
    """A signed-in prescriber may co-sign this note: it waits for a co-signature and they have
    not signed it themselves."""
    return bool(
        user is not None and user.can_prescribe and awaits_cosign(session, require_cosign)
        and all(sig.user_id != user.id for sig in session.signatures)
    )  # fmt: skip


def addendum_authors(user: Any, clinicians: list[Clinician]) -> list[Clinician]:
    """Who may write an addendum: with accounts only the signed-in user (if they may write),
    else any of the practice's clinicians."""
    if user is not None:
        return [Clinician(user.name, user.credentials)] if user.can_write else []
    return clinicians


AWAITING_COSIGN = "Awaiting a prescriber's co-signature (kapnotes sign ID --cosign)."


def client_as_signed(client: Client, session: Session) -> Client:
    """The client as the signed note prints them: identity and weight taken from the signature,
    so a later new name or weight never changes a signed note. Drafts get the client as is."""
    signatures = getattr(session, "signatures", None) or []
    snap = next((s.payload.get("client") for s in signatures if s.kind == SIGNED), None)
    if not snap:
        return client
    signed = copy.deepcopy(client)
    signed.name = snap.get("name", client.name)
    signed.chart = snap.get("chart", client.chart)
    signed.pronouns = snap.get("pronouns", client.pronouns)
    dob = snap.get("dob")
    signed.dob = date.fromisoformat(dob) if dob else None
    weight = snap.get("weight")
    signed.weights = (
        [WeightEntry(kg=float(weight["kg"]), measured_on=date.fromisoformat(weight["measured_on"]))]
        if weight
        else []
    )
    return signed
