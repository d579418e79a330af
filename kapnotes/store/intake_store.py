"""Intake, eligibility decisions, consent templates and consent records (a Practice mixin).

With accounts, the prescriber who decides eligibility and the clinician who witnesses a
consent sign as themselves: they type their passphrase again and the record gets their
Ed25519 signature over a canonical payload (as notes do, kapnotes/store/note_signing.py).
Without accounts (plain files) they sign by name, unsigned. Decisions never change; a consent
only ever gains a withdrawal; a template version that was used never changes (triggers of
m006 refuse it in the database itself).
"""

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
    decision_problem,
    intake_problems,
    signature_problem,
    strokes_digest,
)
from kapnotes.domain.records import Client
from kapnotes.domain.users import Role, role_for_credentials
from kapnotes.store import rows
from kapnotes.store.errors import AccountError, PracticeError, RecordNotFound

_DECISION_COLS = (
    "id, client_id, decision, precautions, note, decided_at, user_id, signer, credentials, "
    "payload, signature, public_key"
)
_CONSENT_COLS = (
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
    by_id = {c.id: c for c in clients}
    if not by_id:
        return
    one = len(by_id) == 1
    where = "WHERE client_id = ?" if one else ""
    params = [next(iter(by_id))] if one else []
    for cid, data in db.execute(f"SELECT client_id, data FROM client_intake {where}", params):
        if cid in by_id:
            by_id[cid].intake = intake_from_json(data)
    for r in db.execute(
        f"SELECT {_DECISION_COLS} FROM eligibility_decisions {where} ORDER BY id", params
    ).fetchall():
        if r[1] in by_id:
            by_id[r[1]].eligibility.append(decision_from_row(r))
    for r in db.execute(
        f"SELECT {_CONSENT_COLS} FROM consent_records {where} ORDER BY id", params
    ).fetchall():
        if r[1] in by_id:
            by_id[r[1]].consents.append(consent_from_row(r))


def _client_part(db, client_id: int) -> dict[str, Any]:
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
        "client": _client_part(db, client_id),
        "decision": decision,
        "precautions": precautions,
        "note": note,
        "time": rows.dt2s(when),
        "signer": {"id": getattr(user, "id", None), "name": who, "credentials": creds},
        "intake": json.loads(intake_row[0]) if intake_row else None,
    }
    body, signature, key = sign_payload(data, user, keys)
    cur = db.execute(
        f"INSERT INTO eligibility_decisions ({_DECISION_COLS}) VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?)",
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
        "client": _client_part(db, client_id),
        "template": {"title": template.title, "version": template.version,
                     "text_sha256": hashlib.sha256(template.text.encode()).hexdigest()},
        "signed_on": rows.d2s(signed_on),
        "client_strokes_sha256": strokes_digest(strokes),
        "witness": {"id": getattr(user, "id", None), "name": who, "credentials": creds},
        "time": rows.dt2s(when),
    }  # fmt: skip
    body, signature, key = sign_payload(data, user, keys)
    cur = db.execute(
        f"INSERT INTO consent_records ({_CONSENT_COLS}) "
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


class IntakePractice:
    """save_intake, decide_eligibility, consent templates, record/withdraw consent."""

    # -- intake ------------------------------------------------------------------------------
    def save_intake(self, client_id: int, intake: Intake) -> None:
        """Store (replace) a client's intake; audited by field name only."""
        problems = intake_problems(intake)
        if problems:
            raise IntakeError(f"Intake: {problems[0]}")
        with self.db.atomic():
            _client_part(self.db, client_id)
            self.db.execute(
                "INSERT INTO client_intake (client_id, data, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(client_id) DO UPDATE SET data = excluded.data, "
                "updated_at = excluded.updated_at",
                [client_id, intake_json(intake), rows.now_text()],
            )
            # Saved as it is typed: one audit entry a minute, like a draft note's autosave.
            if self._coalescer.needs_entry(f"intake {client_id}", {"intake"}):
                self._append(
                    "change", client_id=client_id, record=f"client {client_id}", fields=["intake"]
                )

    def get_intake(self, client_id: int) -> Intake | None:
        row = self.db.execute(
            "SELECT data FROM client_intake WHERE client_id = ?", [client_id]
        ).fetchone()
        return intake_from_json(row[0]) if row else None

    # -- eligibility -------------------------------------------------------------------------
    def _signer_for(self, passphrase: str | None, name: str | None, credentials: str, what: str):
        """(user or None, name, credentials) of who signs; the passphrase is checked."""
        if self.user is None:
            if not name or not name.strip():
                raise AccountError(f"{what} needs the name of who signs it.")
            return None, name.strip(), credentials
        user = self._confirm_signer(passphrase, name)
        return user, user.name, user.credentials

    def decide_eligibility(
        self, client_id: int, decision: str, precautions: str = "", note: str = "", *,
        passphrase: str | None = None, name: str | None = None, credentials: str = "",
        when: datetime | None = None,
    ) -> EligibilityDecision:  # fmt: skip
        """A prescriber's signed decision. A therapist or read-only user is refused (before
        the passphrase is asked for), as is a decision without its precautions."""
        problem = decision_problem(decision, precautions)
        if problem:
            raise IntakeError(problem)
        user = self.user
        if user is not None and user.role != Role.PRESCRIBER:
            raise AccountError(
                f"{user.name} is a {user.role}: an eligibility decision needs a prescriber."
            )
        if user is None and role_for_credentials(credentials) != Role.PRESCRIBER:
            raise AccountError(
                "An eligibility decision needs a prescriber (credentials such as MD, DO, NP, PA)."
            )
        user, who, creds = self._signer_for(passphrase, name, credentials, "A decision")
        when = (when or datetime.now()).replace(microsecond=0)
        with self.db.atomic():
            made = insert_decision(
                self.db, client_id, decision, precautions, note, when, who, creds, user,
                self._keys if user is not None else None,
            )  # fmt: skip
            self._append(
                "eligibility", client_id=client_id, record=f"client {client_id}",
                detail=f"{decision} signed by {who}",
            )  # fmt: skip
        return made

    def eligibility_history(self, client_id: int) -> list[EligibilityDecision]:
        return [
            decision_from_row(r)
            for r in self.db.execute(
                f"SELECT {_DECISION_COLS} FROM eligibility_decisions WHERE client_id = ? "
                "ORDER BY id",
                [client_id],
            ).fetchall()
        ]

    # -- consent templates -------------------------------------------------------------------
    def consent_templates(self) -> list[ConsentTemplate]:
        """Every version of every template, by title then version."""
        found = self.db.execute(
            "SELECT t.id, t.title, t.version, t.text, t.created_at, EXISTS (SELECT 1 FROM "
            "consent_records r WHERE r.template_title = t.title AND r.template_version = "
            "t.version) FROM consent_templates t ORDER BY t.title COLLATE NOCASE, t.version"
        ).fetchall()
        return [
            ConsentTemplate(title, version, text, rows.s2dt(at), bool(used), tid)
            for tid, title, version, text, at, used in found
        ]

    def consent_template(self, title: str, version: int) -> ConsentTemplate:
        for t in self.consent_templates():
            if t.title == title and t.version == version:
                return t
        known = [t.version for t in self.consent_templates() if t.title == title]
        hint = f" (versions: {', '.join(f'v{v}' for v in known)})" if known else ""
        raise IntakeError(f"There is no consent template {title!r} v{version}{hint}.")

    def latest_template_versions(self) -> dict[str, int]:
        return dict(
            self.db.execute(
                "SELECT title, MAX(version) FROM consent_templates GROUP BY title"
            ).fetchall()
        )

    def save_consent_template(self, title: str, text: str) -> ConsentTemplate:
        """Save a template's text: a new version when the latest was used (or none exists),
        else the unused latest version is changed in place."""
        title, text = title.strip(), text.strip()
        if not title:
            raise IntakeError("A consent template needs a title.")
        if not text:
            raise IntakeError("A consent template needs its text.")
        with self.db.atomic():
            latest = [t for t in self.consent_templates() if t.title == title]
            last = latest[-1] if latest else None
            stamp = rows.now_text()
            if last is not None and last.text == text:
                return last
            if last is not None and not last.used:
                self.db.execute(
                    "UPDATE consent_templates SET text = ?, created_at = ? WHERE id = ?",
                    [text, stamp, last.id],
                )
                version = last.version
            else:
                version = last.version + 1 if last else 1
                self.db.execute(
                    "INSERT INTO consent_templates (title, version, text, created_at) "
                    "VALUES (?, ?, ?, ?)",
                    [title, version, text, stamp],
                )
            self._append("change", record=f"consent template {title} v{version}", fields=["text"])
        return self.consent_template(title, version)

    # -- consent records ---------------------------------------------------------------------
    def record_consent(
        self, client_id: int, title: str, version: int, strokes: list, signed_on: date, *,
        passphrase: str | None = None, witness: str | None = None, credentials: str = "",
    ) -> ConsentRecord:  # fmt: skip
        """The client's consent on a template version, drawn on screen, witnessed and signed
        by the clinician. An empty signature or an unknown version is refused."""
        template = self.consent_template(title, version)
        problem = signature_problem(strokes)
        if problem:
            raise IntakeError(problem)
        user, who, creds = self._signer_for(passphrase, witness, credentials, "A consent")
        when = datetime.now().replace(microsecond=0)
        with self.db.atomic():
            consent_id = insert_consent(
                self.db, client_id, template, strokes, signed_on, when, who, creds, user,
                self._keys if user is not None else None,
            )  # fmt: skip
            self._append(
                "consent", client_id=client_id, record=f"client {client_id}",
                detail=f"{template.name} witnessed by {who}",
            )  # fmt: skip
        return self.get_consent(consent_id)

    def get_consent(self, consent_id: int) -> ConsentRecord:
        row = self.db.execute(
            f"SELECT {_CONSENT_COLS} FROM consent_records WHERE id = ?", [consent_id]
        ).fetchone()
        if row is None:
            raise RecordNotFound(f"Consent {consent_id} does not exist.")
        return consent_from_row(row)

    def consents(self, client_id: int) -> list[ConsentRecord]:
        return [
            consent_from_row(r)
            for r in self.db.execute(
                f"SELECT {_CONSENT_COLS} FROM consent_records WHERE client_id = ? ORDER BY id",
                [client_id],
            ).fetchall()
        ]

    def withdraw_consent(self, consent_id: int, on: date, note: str = "") -> ConsentRecord:
        """Record that the client withdrew a consent (once; the consent itself stays)."""
        consent = self.get_consent(consent_id)
        if consent.withdrawn:
            raise IntakeError(f"This consent was already withdrawn on {consent.withdrawn_on}.")
        if on < consent.signed_on:
            raise IntakeError("A withdrawal cannot be dated before the consent was signed.")
        client_id = self.db.execute(
            "SELECT client_id FROM consent_records WHERE id = ?", [consent_id]
        ).fetchone()[0]
        with self.db.atomic():
            self.db.execute(
                "UPDATE consent_records SET withdrawn_on = ?, withdrawal_note = ? WHERE id = ?",
                [rows.d2s(on), note, consent_id],
            )
            self._append(
                "consent-withdrawn", client_id=client_id, record=f"client {client_id}",
                detail=f"{consent.name} withdrawn",
            )  # fmt: skip
        return self.get_consent(consent_id)
