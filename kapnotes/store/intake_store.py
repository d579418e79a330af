"""Intake, eligibility decisions, consent templates and consent records (a Practice mixin).

With accounts, the prescriber who decides eligibility and the clinician who witnesses a
consent sign as themselves: they type their passphrase again and the record gets their
Ed25519 signature over a canonical payload (as notes do, kapnotes/store/note_signing.py).
Without accounts (plain files) they sign by name, unsigned. Decisions never change; a consent
only ever gains a withdrawal; a template version that was used never changes (triggers of
m009 refuse it in the database itself).
"""

from __future__ import annotations

from datetime import date, datetime

from kapnotes.domain.intake import (
    ConsentRecord,
    ConsentTemplate,
    EligibilityDecision,
    Intake,
    decision_problem,
    intake_problems,
    signature_problem,
)
from kapnotes.domain.users import Role, role_for_credentials
from kapnotes.store import rows
from kapnotes.store.errors import AccountError, RecordNotFound
from kapnotes.store.intake_records import (
    CONSENT_COLS,
    DECISION_COLS,
    IntakeError,
    client_part,
    consent_from_row,
    decision_from_row,
    insert_consent,
    insert_decision,
    intake_from_json,
    intake_json,
)


class IntakePractice:
    """save_intake, decide_eligibility, consent templates, record/withdraw consent."""

    # -- intake ------------------------------------------------------------------------------
    def save_intake(self, client_id: int, intake: Intake) -> None:
        """Store (replace) a client's intake; audited by field name only."""
        problems = intake_problems(intake)
        if problems:
            raise IntakeError(f"Intake: {problems[0]}")
        with self.db.atomic():
            client_part(self.db, client_id)
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
                f"SELECT {DECISION_COLS} FROM eligibility_decisions WHERE client_id = ? "
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
            f"SELECT {CONSENT_COLS} FROM consent_records WHERE id = ?", [consent_id]
        ).fetchone()
        if row is None:
            raise RecordNotFound(f"Consent {consent_id} does not exist.")
        return consent_from_row(row)

    def consents(self, client_id: int) -> list[ConsentRecord]:
        return [
            consent_from_row(r)
            for r in self.db.execute(
                f"SELECT {CONSENT_COLS} FROM consent_records WHERE client_id = ? ORDER BY id",
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
