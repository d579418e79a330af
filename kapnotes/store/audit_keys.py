"""Who signed the audit trail: registered keys, every entry's signature, and the anchor.

Each user's Ed25519 public key enters the trail in a `user_key` entry signed by an admin whose
own key was registered earlier (the very first one, made with the practice, signs itself and
its fingerprint is printed on the Emergency access sheet). Emergency access (`recover`)
registers a new key for the admin it signs in, in plain sight in the trail. From the first
registration on, every entry must carry the signature of the user it names, made with the key
that user had at that point of the chain; entries before it (a practice made before accounts)
are covered by the hash chain that the later, signed entries extend.

The anchor (the chain's last id and hash, kept in the key slots file and in each backup, outside
the database) must still be found in the chain: a cut tail or a rewritten head fails here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlite_utils import Database

from kapnotes.store.audit import AuditCheck

REGISTERING = ("user_key", "recover")


def key_detail(user_id: int, name: str, public_key: bytes, admin: bool, note: str = "") -> str:
    """The detail of a key registration entry (JSON: no note text, only the user and key)."""
    data = {"user": user_id, "name": name, "key": public_key.hex(), "admin": bool(admin)}
    if note:
        data["note"] = note
    return json.dumps(data, sort_keys=True)


@dataclass
class KeyRing:
    """Keys registered in the trail: user id -> (name, admin, every key they have had)."""

    names: dict[int, str] = field(default_factory=dict)
    admins: dict[int, bool] = field(default_factory=dict)
    keys: dict[int, list[bytes]] = field(default_factory=dict)
    _objects: dict[bytes, Ed25519PublicKey] = field(default_factory=dict)

    def current(self, user_id: int | None) -> bytes | None:
        found = self.keys.get(user_id) if user_id is not None else None
        return found[-1] if found else None

    def verifies(self, public_key: bytes | None, signature_hex: str, message: bytes) -> bool:
        """True when the signature over message checks out with that key."""
        if not public_key or not signature_hex:
            return False
        key = self._objects.get(public_key)
        if key is None:
            key = self._objects[public_key] = Ed25519PublicKey.from_public_bytes(public_key)
        try:
            key.verify(bytes.fromhex(signature_hex), message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def register(self, user_id: int, name: str, key: bytes, admin: bool) -> None:
        self.names[user_id] = name
        self.admins[user_id] = admin
        self.keys.setdefault(user_id, []).append(key)


def _registration(detail: str) -> dict[str, Any] | None:
    try:
        data = json.loads(detail)
        return {
            "user": int(data["user"]),
            "name": str(data["name"]),
            "key": bytes.fromhex(data["key"]),
            "admin": bool(data["admin"]),
        }
    except (ValueError, KeyError, TypeError):
        return None


def check_signatures(db: Database) -> tuple[AuditCheck, KeyRing]:
    """Walk the trail: every entry from the first key registration on must be signed by the
    user it names. Returns the first failure (or ok) and the keys whose registrations verify
    (the walk goes on past a failure, so note signatures can still be checked)."""
    ring = KeyRing()
    started = False
    checked = 0
    first: AuditCheck | None = None
    rows = db.execute(
        "SELECT id, actor, action, detail, hash, user_id, signature FROM audit_log ORDER BY id"
    )
    for entry_id, actor, action, detail, digest, user_id, signature in rows:
        message = bytes.fromhex(digest) if len(digest or "") == 64 else b""
        reg = _registration(detail) if action in REGISTERING else None
        problem = None
        if reg is not None:
            self_signed = user_id == reg["user"]
            if not started or action == "recover":
                # The first key of the practice, or emergency access: signed by the new key.
                if not self_signed or not ring.verifies(reg["key"], signature, message):
                    problem = "the key registration is not signed by the key it registers"
            elif not ring.admins.get(user_id) or not ring.verifies(
                ring.current(user_id), signature, message
            ):
                problem = f"the key of {reg['name']} was not registered by an admin's signature"
            if problem is None:
                ring.register(reg["user"], reg["name"], reg["key"], reg["admin"])
                started = True
        elif started:
            if user_id not in ring.names:
                problem = "it names no registered user"
            elif actor != ring.names[user_id] or not ring.verifies(
                ring.current(user_id), signature, message
            ):
                problem = f"its signature does not verify with the key of {ring.names[user_id]}"
        if problem is not None and first is None:
            first = AuditCheck(
                False, checked, entry_id, f"audit trail broken at entry {entry_id}: {problem}."
            )
        checked += 1
    if first is not None:
        return first, ring
    return AuditCheck(True, checked, None, f"{checked} entries signed as they should be"), ring


def check_anchor(db: Database, anchor: dict[str, Any] | None, required: bool) -> AuditCheck:
    """The anchor kept outside the database must name an entry of the chain, unchanged."""
    if not anchor:
        if required:
            return AuditCheck(
                False, 0, None,
                "audit trail cannot be vouched for: the anchor in the key file is missing.",
            )  # fmt: skip
        return AuditCheck(True, 0, None, "no anchor")
    try:
        anchor_id, anchor_hash = int(anchor["id"]), str(anchor["hash"])
    except (KeyError, TypeError, ValueError):
        return AuditCheck(
            False, 0, None, "audit trail cannot be vouched for: the anchor is damaged."
        )
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [anchor_id]).fetchone()
    last = db.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    if row is None:
        return AuditCheck(
            False, 0, last + 1,
            f"audit trail broken: entry {anchor_id}, named by the anchor kept in the key file, is "
            f"missing: entries were cut off the end (the chain now ends at entry {last}).",
        )  # fmt: skip
    if row[0] != anchor_hash:
        return AuditCheck(
            False, 0, anchor_id,
            f"audit trail broken at entry {anchor_id}: it does not match the anchor kept in the "
            "key file.",
        )  # fmt: skip
    return AuditCheck(True, 0, None, f"anchored at entry {anchor_id}")
