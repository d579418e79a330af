"""Users of a practice: who they are, what they may do, and the key that proves it was them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

MIN_PASSPHRASE_LENGTH = 10


class Role(StrEnum):
    """What a user may do with the record."""

    PRESCRIBER = "prescriber"
    THERAPIST = "therapist"
    READ_ONLY = "read-only"


# Credentials that allow prescribing ketamine: a converted clinician profile with one of them
# becomes a prescriber, any other a therapist.
PRESCRIBING_CREDENTIALS = ("MD", "DO", "NP", "PA", "APRN", "PMHNP", "FNP", "DNP", "CRNA")


def fingerprint(public_key: bytes) -> str:
    """A short, readable fingerprint of an Ed25519 public key: 4 groups of 4 hex digits."""
    if not public_key:
        return ""
    digest = hashlib.sha256(public_key).hexdigest()[:16].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def role_for_credentials(credentials: str) -> Role:
    """The likely role of a clinician profile from its credentials (MD, NP... prescribe)."""
    words = {w.strip(".").upper() for w in credentials.replace(",", " ").split()}
    return Role.PRESCRIBER if words & set(PRESCRIBING_CREDENTIALS) else Role.THERAPIST


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase cannot be used (too short, blank), or None when it can."""
    if not isinstance(passphrase, str) or not passphrase.strip() or "\x00" in passphrase:
        return "A passphrase must not be empty or only spaces."
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters."
    return None


@dataclass(frozen=True)
class User:
    """One person who signs in to the practice. Users are never deleted: history names them."""

    name: str
    role: Role = Role.THERAPIST
    credentials: str = ""
    is_admin: bool = False
    phone: str = ""
    email: str = ""
    active: bool = True
    public_key: bytes = b""
    must_change_passphrase: bool = False
    id: int | None = None

    @property
    def fingerprint(self) -> str:
        """The short fingerprint of the user's signing key ("" before a key is registered)."""
        return fingerprint(self.public_key)

    @property
    def can_write(self) -> bool:
        return self.role != Role.READ_ONLY

    @property
    def can_prescribe(self) -> bool:
        return self.role == Role.PRESCRIBER

    def signature_line(self) -> str:
        """NAME, CREDENTIALS as it is printed under a signed note."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name
