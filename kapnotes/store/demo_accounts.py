"""The demo practice's users: a prescriber admin, therapists and a read-only user, with
passphrases named in the README (fictional data only), and its signed notes really signed."""

from __future__ import annotations

from kapnotes.domain.signatures import IMPORTED, SIGNED
from kapnotes.domain.users import Role
from kapnotes.store import audit, note_signing, rows, seal
from kapnotes.store.accounts import find_user, unlock_slot
from kapnotes.store.note_signing import add_mark

# name, role, credentials, passphrase (each at least 10 characters; see README.md)
DEMO_USERS = (
    ("Jonas Lindberg", Role.THERAPIST, "LMFT", "lindberg-demo"),
    ("Aroha Ngata", Role.THERAPIST, "PsyD", "ngata-demo-1"),
    ("Sofía Ramírez", Role.THERAPIST, "RN", "ramirez-demo"),
    ("Front Desk", Role.READ_ONLY, "", "frontdesk-demo"),
)
DEMO_ADMIN = "Dr. Maya Okonkwo"
PASSPHRASES = {name: passphrase for name, _r, _c, passphrase in DEMO_USERS}


def add_demo_users(practice) -> None:
    """The demo's other users (the signed-in admin made the practice)."""
    admin = practice.user
    if admin.name == DEMO_ADMIN and not admin.credentials:
        practice.update_user(admin.name, credentials="MD", role=Role.PRESCRIBER)
    for name, role, credentials, passphrase in DEMO_USERS:
        if find_user(practice.db, name) is None:
            practice.add_user(name, role, passphrase, credentials=credentials, temporary=False)


def sign_demo_notes(practice, session_ids: list[int]) -> list[int]:
    """Sign each signed demo note with its signer's own key (their slot opened with the demo
    passphrase); a signer without a known passphrase leaves the note marked as imported.
    Returns the ids of the notes really signed here (only those post to the ledger)."""
    signed: list[int] = []
    keys_by_name = {practice.user.name: practice._keys}
    db = practice.db
    with db.atomic():
        for sid in session_ids:
            name, credentials, signed_at = db.execute(
                "SELECT signed_by, signed_credentials, signed_at FROM sessions WHERE id = ?",
                [sid],
            ).fetchone()
            user = find_user(db, name)
            if user is not None and name not in keys_by_name and name in PASSPHRASES:
                keys_by_name[name] = unlock_slot(practice.path, name, PASSPHRASES[name])[1]
            keys = keys_by_name.get(name)
            when = rows.s2dt(signed_at)
            if user is None or keys is None:
                add_mark(db, sid, IMPORTED, name, credentials, when)
                continue
            digest = note_signing.add_signature(db, sid, SIGNED, user, keys, when)
            signed.append(sid)
            client_id = db.execute("SELECT client_id FROM sessions WHERE id = ?", [sid]).fetchone()
            audit.append(
                db, user.name, "sign", client_id=client_id[0], session_id=sid,
                record=f"session {sid}", user_id=user.id, sign=keys.signing.sign,
                detail=seal.seal_detail(
                    f"{user.name}; signed payload sha256:{digest}", seal.seal(db, sid)
                ),
            )  # fmt: skip
    practice._flush_anchor()
    return signed
