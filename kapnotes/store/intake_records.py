"""Rows of the intake tables: intake JSON, decisions and consents to and from rows, the
signed payloads (canonical JSON; Ed25519 over its SHA-256, as notes are signed) and the check
that finds a signed decision or consent changed behind the app's back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from kapnotes.domain.intake import (
    ConsentRecord,
    ConsentTemplate,
    EligibilityDecision,
    Intake,
    IntakeItem,
    strokes_digest,
)
from kapnotes.domain.records import Client
from kapnotes.store import rows
from kapnotes.store.errors import PracticeError, RecordNotFound

DECISION_COLS = (
    "id, client_id, decision, precautions, note, decided_at, user_id, signer, credentials, "
    "payload, signature, public_key"
)
CONSENT_COLS = (
    "id, client_id, template_title, template_version, text, signed_on, client_strokes, "
    "witness_user_id, witness, witness_credentials, witnessed_at, payload, witness_signature, "
    "witness_key, withdrawn_on, withdrawal_note"
)


class IntakeError(PracticeError):
    """Bad input for intake, eligibility or consent: the message says what to change."""


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def intake_json(intake: Intake) -> str:
    data = asdict(intake)
    data["completed_on"] = rows.d2s(intake.completed_on)
    return json.dumps(data, ensure_ascii=False)


def intake_from_json(text: str) -> Intake:
    data = json.loads(text or "{}")
    items = [IntakeItem(**i) for i in data.pop("items", [])]
    data["completed_on"] = rows.s2d(data.get("completed_on"))
    known = set(Intake.__dataclass_fields__)
    return Intake(items=items, **{k: v for k, v in data.items() if k in known and k != "items"})


def decision_from_row(r: tuple) -> EligibilityDecision:
    return EligibilityDecision(
        id=r[0], decision=r[2], precautions=r[3], note=r[4], decided_at=rows.s2dt(r[5]),
        signer=r[7], credentials=r[8], payload=r[9], signature=r[10], public_key=r[11],
    )  # fmt: skip


def consent_from_row(r: tuple) -> ConsentRecord:
    return ConsentRecord(
        id=r[0], template_title=r[2], template_version=r[3], text=r[4],
        signed_on=rows.s2d(r[5]), client_strokes=json.loads(r[6]), witness=r[8],
        witness_credentials=r[9], witnessed_at=rows.s2dt(r[10]), payload=r[11],
        witness_signature=r[12], witness_key=r[13], withdrawn_on=rows.s2d(r[14]),
        withdrawal_note=r[15],
    )  # fmt: skip


def attach_intake(db, clients: list[Client]) -> None:
    """Fill intake, eligibility history and consents of loaded clients (oldest first)."""
    for client, (data,) in rows.rows_of_clients(db, clients, "data", "client_intake"):
        client.intake = intake_from_json(data)
    decisions = rows.rows_of_clients(db, clients, DECISION_COLS, "eligibility_decisions", "ORDER BY id")  # fmt: skip
    for client, r in decisions:
        client.eligibility.append(decision_from_row(r))
    consents = rows.rows_of_clients(db, clients, CONSENT_COLS, "consent_records", "ORDER BY id")
    for client, r in consents:
        client.consents.append(consent_from_row(r))


def client_part(db, client_id: int) -> dict[str, Any]:
    row = db.execute("SELECT chart, name, dob FROM clients WHERE id = ?", [client_id]).fetchone()
    if row is None:
        raise RecordNotFound(f"Client {client_id} does not exist.")
    return {"id": client_id, "chart": row[0], "name": row[1], "dob": row[2]}


def sign_payload(data: dict[str, Any], user, keys) -> tuple[str, str, str]:
    """(payload text, Ed25519 signature hex, public key hex); unsigned without a key."""
    body = canonical(data)
    if user is None or keys is None:
        return body.decode(), "", ""
    digest = hashlib.sha256(body).digest()
    return body.decode(), keys.signing.sign(digest).hex(), keys.signing_public.hex()


def insert_decision(
    db, client_id: int, decision: str, precautions: str, note: str, when: datetime,
    who: str, creds: str, user=None, keys=None,
) -> EligibilityDecision:  # fmt: skip
    """Sign (when a key is given) and store a decision; the caller audits it."""
    intake_row = db.execute(
        "SELECT data FROM client_intake WHERE client_id = ?", [client_id]
    ).fetchone()
    data = {
        "kind": "eligibility",
        "client": client_part(db, client_id),
        "decision": decision,
        "precautions": precautions,
        "note": note,
        "time": rows.dt2s(when),
        "signer": {"id": getattr(user, "id", None), "name": who, "credentials": creds},
        "intake": json.loads(intake_row[0]) if intake_row else None,
    }
    body, signature, key = sign_payload(data, user, keys)
    cur = db.execute(
        f"INSERT INTO eligibility_decisions ({DECISION_COLS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?)",
        [client_id, decision, precautions, note, rows.dt2s(when), getattr(user, "id", None),
         who, creds, body, signature, key],
    )  # fmt: skip
    return EligibilityDecision(
        decision, when, who, creds, precautions, note, key, signature, body, cur.lastrowid
    )


def insert_consent(
    db, client_id: int, template: ConsentTemplate, strokes: list, signed_on: date,
    when: datetime, who: str, creds: str, user=None, keys=None,
) -> int:  # fmt: skip
    """Sign (when a key is given) and store a consent; returns its id. The caller audits."""
    strokes = [[[float(x), float(y)] for x, y in s] for s in strokes]
    data = {
        "kind": "consent",
        "client": client_part(db, client_id),
        "template": {"title": template.title, "version": template.version,
                     "text_sha256": hashlib.sha256(template.text.encode()).hexdigest()},
        "signed_on": rows.d2s(signed_on),
        "client_strokes_sha256": strokes_digest(strokes),
        "witness": {"id": getattr(user, "id", None), "name": who, "credentials": creds},
        "time": rows.dt2s(when),
    }  # fmt: skip
    body, signature, key = sign_payload(data, user, keys)
    cur = db.execute(
        f"INSERT INTO consent_records ({CONSENT_COLS}) "
        "VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,'')",
        [client_id, template.title, template.version, template.text, rows.d2s(signed_on),
         json.dumps(strokes), getattr(user, "id", None), who, creds, rows.dt2s(when),
         body, signature, key],
    )  # fmt: skip
    return cur.lastrowid


def broken_intake_signatures(db, ring) -> list[str]:
    """One line per signed decision or consent whose signature does not verify with a key the
    audit trail registered for its signer, or that no longer matches what it signed."""
    problems = []
    checks = (
        ("eligibility decision", "SELECT id, user_id, payload, signature, public_key, decision, "
         "precautions FROM eligibility_decisions WHERE signature != ''"),
        ("consent", "SELECT id, witness_user_id, payload, witness_signature, witness_key, "
         "client_strokes, text FROM consent_records WHERE witness_signature != ''"),
    )  # fmt: skip
    for what, sql in checks:
        for rid, user_id, payload, signature, key_hex, a, b in db.execute(sql).fetchall():
            key = bytes.fromhex(key_hex) if key_hex else b""
            label = f"{what} {rid}"
            digest = hashlib.sha256(payload.encode()).digest()
            if key not in ring.keys.get(user_id, []):
                problems.append(f"{label}: the key is not one the audit trail registered for its signer")  # fmt: skip
            elif not ring.verifies(key, signature, digest):
                problems.append(f"{label}: the signature does not verify")
            else:
                data = json.loads(payload)
                if what == "consent":
                    strokes = json.loads(a)
                    same = data.get("client_strokes_sha256") == strokes_digest(strokes) and data[
                        "template"]["text_sha256"] == hashlib.sha256(b.encode()).hexdigest()  # fmt: skip
                else:
                    same = data.get("decision") == a and data.get("precautions") == b
                if not same:
                    problems.append(f"{label}: it was changed after it was signed")
    return problems
