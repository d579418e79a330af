"""Before the first dose: a client's intake, the prescriber's eligibility decision, consents and
the practice's consent templates. Each action writes and audits through the store (which signs
decisions and witnessed consents with the signer's own key), then announces what changed.
"""

from __future__ import annotations

from datetime import date, datetime

from kapnotes.domain.intake import ConsentRecord, ConsentTemplate, EligibilityDecision, Intake
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext


def _client_changed(ctx: ServiceContext, client_id: int, origin: object = None) -> None:
    ctx.publish(Changes(clients=frozenset({client_id}), origin=origin))


def save_intake(
    ctx: ServiceContext, client_id: int, intake: Intake, *, origin: object = None
) -> None:
    """Store a client's structured intake as typed (IntakeError names the first problem)."""
    ctx.practice.save_intake(client_id, intake)
    _client_changed(ctx, client_id, origin)


def decide_eligibility(
    ctx: ServiceContext, client_id: int, decision: str, precautions: str = "", note: str = "",
    *, passphrase: str | None = None, name: str | None = None, credentials: str = "",
    when: datetime | None = None,
) -> EligibilityDecision:  # fmt: skip
    """A prescriber's signed eligibility decision; audited "eligibility"."""
    made = ctx.practice.decide_eligibility(
        client_id, decision, precautions, note, passphrase=passphrase, name=name,
        credentials=credentials, when=when,
    )  # fmt: skip
    _client_changed(ctx, client_id)
    return made


def record_consent(
    ctx: ServiceContext, client_id: int, title: str, version: int, strokes: list,
    signed_on: date, *, passphrase: str | None = None, witness: str | None = None,
    credentials: str = "",
) -> ConsentRecord:  # fmt: skip
    """A consent signed on screen by the client and witnessed by a clinician; audited."""
    made = ctx.practice.record_consent(
        client_id, title, version, strokes, signed_on, passphrase=passphrase, witness=witness,
        credentials=credentials,
    )  # fmt: skip
    _client_changed(ctx, client_id)
    return made


def withdraw_consent(
    ctx: ServiceContext, consent_id: int, on: date, note: str = ""
) -> ConsentRecord:
    """Record a withdrawal (the consent itself stays); audited "consent-withdrawn"."""
    withdrawn = ctx.practice.withdraw_consent(consent_id, on, note)
    row = ctx.practice.db.execute(
        "SELECT client_id FROM consent_records WHERE id = ?", [consent_id]
    ).fetchone()
    if row is not None:
        _client_changed(ctx, row[0])
    return withdrawn


def save_consent_template(ctx: ServiceContext, title: str, text: str) -> ConsentTemplate:
    """Save a consent template's text: a used version is never changed (the next is made)."""
    saved = ctx.practice.save_consent_template(title, text)
    ctx.publish(Changes(settings=True))
    return saved
