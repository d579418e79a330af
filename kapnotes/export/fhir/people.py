"""Who the bundle names: the Practitioners, and each note's signature.

Both go through one function each (`practitioners`, `signatures`) so that when practices get
user accounts, the export switches to them in one place. Today a Practitioner is every
clinician profile in the settings, every name that signed a note, and every other name the
notes give (clinicians present, who gave a dose), so that each performer reference resolves.
"""

from __future__ import annotations

from dataclasses import dataclass

from kapnotes.domain.settings import Clinician
from kapnotes.store import stream


def practitioners(practice, client_ids: list[int] | None = None) -> list[Clinician]:
    """Every person the export names, once each, with credentials where known: the practice's
    clinicians, and the names in the exported clients' notes."""
    by_name: dict[str, Clinician] = {}
    for c in practice.settings().clinicians:
        if c.name.strip():
            by_name.setdefault(c.name, Clinician(c.name, c.credentials))
    signers, others = stream.people_on_record(practice, client_ids)
    for name, credentials in signers:
        known = by_name.setdefault(name, Clinician(name, credentials))
        if not known.credentials and credentials:
            known.credentials = credentials
    for name in others:
        by_name.setdefault(name, Clinician(name))
    return list(by_name.values())


@dataclass(frozen=True)
class Signature:
    """What a Provenance says of a signing: who, when, and the signature's data."""

    digest: str  # the note's seal (SHA-256 of the note as signed), "" when it has none


def signatures(practice, session_ids: list[int]) -> dict[int, Signature]:
    """The signature of each signed session: today the seal kept in the audit trail's "sign"
    entry (kapnotes.store.seal)."""
    return {sid: Signature(d) for sid, d in stream.seal_digests(practice, session_ids).items()}
