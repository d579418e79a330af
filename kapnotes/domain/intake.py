"""Before the first dose: the intake, the prescriber's eligibility decision and consent.

Plain dataclasses and rules, no Qt and no SQL. The contraindications follow DOMAIN.md
("Intake and eligibility"): each is absolute or relative and answered yes / no / not
assessed with a note. An eligibility decision is signed by a prescriber with their own key; a
consent record holds the template version it was given on, the client's signature drawn on
screen (vector strokes) and the witnessing clinician's signature.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

ABSOLUTE = "absolute"
RELATIVE = "relative"
ANSWERS = ("yes", "no", "not_assessed")

# (code, kind, label): DOMAIN.md's list, in its order.
CONTRAINDICATIONS: tuple[tuple[str, str, str], ...] = (
    ("uncontrolled_hypertension", ABSOLUTE, "Uncontrolled hypertension"),
    ("vascular_aneurysm_avm", ABSOLUTE, "Aneurysmal vascular disease or AVM"),
    ("intracerebral_haemorrhage", ABSOLUTE, "History of intracerebral haemorrhage"),
    ("pregnancy", ABSOLUTE, "Pregnancy"),
    ("active_psychosis_mania", ABSOLUTE, "Active psychosis or mania"),
    ("ketamine_hypersensitivity", ABSOLUTE, "Known hypersensitivity to ketamine"),
    ("controlled_hypertension", RELATIVE, "Controlled hypertension"),
    ("cardiovascular_disease", RELATIVE, "Cardiovascular disease"),
    ("psychosis_mania_history", RELATIVE, "History of psychosis or mania"),
    ("substance_use_disorder", RELATIVE, "Substance use disorder (ketamine or other)"),
    ("raised_icp_iop", RELATIVE, "Raised intracranial or intraocular pressure"),
    ("severe_liver_disease", RELATIVE, "Severe liver disease"),
    ("bladder_symptoms", RELATIVE, "Interstitial cystitis / bladder symptoms"),
    ("breastfeeding", RELATIVE, "Breastfeeding"),
    ("current_suicidality", RELATIVE, "Current suicidality (C-SSRS)"),
)
CONTRAINDICATION_KIND = {code: kind for code, kind, _label in CONTRAINDICATIONS}
CONTRAINDICATION_LABEL = {code: label for code, _kind, label in CONTRAINDICATIONS}

ELIGIBLE = "eligible"
WITH_PRECAUTIONS = "eligible_with_precautions"
NOT_ELIGIBLE = "not_eligible"
DECISIONS = {
    ELIGIBLE: "Eligible",
    WITH_PRECAUTIONS: "Eligible with precautions",
    NOT_ELIGIBLE: "Not eligible",
}
SEXES = ("", "female", "male", "intersex", "not_stated")
CONSENT_VALID_DAYS = 365  # default: consent older than this is due for renewal
MIN_SIGNATURE_POINTS = 5  # fewer points is a tap, not a signature

Point = tuple[float, float]
Stroke = list[Point]


@dataclass
class IntakeItem:
    """One contraindication: absolute or relative, answered yes / no / not assessed."""

    item: str
    kind: str = RELATIVE
    answer: str = "not_assessed"
    note: str = ""

    @property
    def label(self) -> str:
        return CONTRAINDICATION_LABEL.get(self.item, self.item.replace("_", " ").capitalize())


@dataclass
class Intake:
    """The structured intake of a client (one per client, edited until a decision is made)."""

    items: list[IntakeItem] = field(default_factory=list)
    medical_history: str = ""
    psychiatric_history: str = ""
    prior_experience: str = ""  # earlier ketamine or psychedelic experience
    sex: str = ""
    emergency_contact: str = ""  # name and phone
    responsible_adult: str = ""  # who takes the client home after a dose
    baseline_scales: str = ""  # e.g. "PHQ-9 19, GAD-7 14 on 2026-01-05"
    completed_on: date | None = None

    def item(self, code: str) -> IntakeItem | None:
        return next((i for i in self.items if i.item == code), None)

    def positives(self, kind: str | None = None) -> list[IntakeItem]:
        """Items answered "yes" (of one kind, or all)."""
        return [i for i in self.items if i.answer == "yes" and (kind is None or i.kind == kind)]

    def not_assessed(self) -> list[IntakeItem]:
        return [i for i in self.items if i.answer == "not_assessed"]


def blank_intake() -> Intake:
    """An intake with every contraindication of DOMAIN.md, not yet assessed."""
    return Intake(items=[IntakeItem(code, kind) for code, kind, _label in CONTRAINDICATIONS])


def intake_problems(intake: Intake) -> list[str]:
    """Why an intake cannot be stored as given ([] when it can)."""
    out, seen = [], set()
    for i, item in enumerate(intake.items):
        if item.answer not in ANSWERS:
            out.append(f"items[{i}].answer: not one of {', '.join(ANSWERS)}")
        if item.kind not in (ABSOLUTE, RELATIVE):
            out.append(f"items[{i}].kind: must be absolute or relative")
        if item.item in seen:
            out.append(f"items[{i}].item: {item.item!r} appears twice")
        seen.add(item.item)
    if intake.sex not in SEXES:
        out.append(f"sex: not one of {', '.join(s for s in SEXES if s)}")
    return out


@dataclass
class EligibilityDecision:
    """A prescriber's signed decision: eligible, eligible with precautions (text), not eligible.

    Decisions are never changed: a new one supersedes the last. `signature` is the signer's
    Ed25519 signature (hex) over the SHA-256 of `payload`; "" for a decision imported from
    elsewhere or made in a practice without accounts.
    """

    decision: str
    decided_at: datetime
    signer: str
    credentials: str = ""
    precautions: str = ""
    note: str = ""
    public_key: str = ""  # hex
    signature: str = ""  # hex
    payload: str = ""
    id: int | None = None

    @property
    def label(self) -> str:
        text = DECISIONS.get(self.decision, self.decision)
        if self.decision == WITH_PRECAUTIONS and self.precautions:
            text += f": {self.precautions}"
        return text

    @property
    def allows_dosing(self) -> bool:
        return self.decision in (ELIGIBLE, WITH_PRECAUTIONS)

    def who(self) -> str:
        return f"{self.signer}, {self.credentials}" if self.credentials else self.signer


def decision_problem(decision: str, precautions: str) -> str | None:
    """Why a decision cannot be made as given, or None."""
    if decision not in DECISIONS:
        return f"A decision is one of: {', '.join(DECISIONS.values())}."
    if decision == WITH_PRECAUTIONS and not precautions.strip():
        return "Eligible with precautions needs the precautions written out."
    return None


@dataclass
class ConsentTemplate:
    """One version of a consent text. A version that was used is never changed."""

    title: str
    version: int
    text: str
    created_at: datetime | None = None
    used: bool = False
    id: int | None = None

    @property
    def name(self) -> str:
        return f"{self.title} v{self.version}"


@dataclass
class ConsentRecord:
    """A client's consent on one template version, witnessed by a clinician; maybe withdrawn."""

    template_title: str
    template_version: int
    signed_on: date
    client_strokes: list[Stroke]
    witness: str
    witness_credentials: str = ""
    text: str = ""  # the full text the client signed (a copy of the template version)
    witnessed_at: datetime | None = None
    witness_key: str = ""  # hex
    witness_signature: str = ""  # hex
    payload: str = ""
    withdrawn_on: date | None = None
    withdrawal_note: str = ""
    id: int | None = None

    @property
    def name(self) -> str:
        return f"{self.template_title} v{self.template_version}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None

    def active_on(self, day: date) -> bool:
        return self.signed_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


def signature_problem(strokes: object) -> str | None:
    """Why drawn strokes are not a signature (empty, a tap, not numbers), or None."""
    if not isinstance(strokes, list) or not strokes:
        return "The client's signature is empty: ask the client to sign in the box."
    points = 0
    for stroke in strokes:
        if not isinstance(stroke, list | tuple):
            return "The signature is not a list of strokes."
        for p in stroke:
            if not (isinstance(p, list | tuple) and len(p) == 2):
                return "The signature holds a point that is not (x, y)."
            if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in p):
                return "The signature holds a point that is not a number."
            points += 1
    if points < MIN_SIGNATURE_POINTS:
        return "The signature is too short (a tap or a dot): ask the client to sign again."
    return None


def strokes_digest(strokes: list[Stroke]) -> str:
    """SHA-256 of the strokes as compact JSON: what the witness's signature covers."""
    body = json.dumps([[[round(x, 1), round(y, 1)] for x, y in s] for s in strokes])
    return hashlib.sha256(body.encode()).hexdigest()


def current_consent(
    consents: list[ConsentRecord], day: date, valid_days: int = CONSENT_VALID_DAYS
) -> ConsentRecord | None:
    """The newest consent in force on `day` and not older than `valid_days`, or None."""
    live = [c for c in consents if c.active_on(day) and (day - c.signed_on).days <= valid_days]
    return max(live, key=lambda c: (c.signed_on, c.id or 0), default=None)


def latest_decision(decisions: list[EligibilityDecision]) -> EligibilityDecision | None:
    return max(decisions, key=lambda d: (d.decided_at, d.id or 0), default=None)


def decision_on(decisions: list[EligibilityDecision], day: date) -> EligibilityDecision | None:
    """The decision in force on `day`: the latest one made on or before it."""
    made = [d for d in decisions if d.decided_at.date() <= day]
    return latest_decision(made)


def consent_reminders(
    consents: list[ConsentRecord],
    latest_versions: dict[str, int],
    today: date,
    valid_days: int = CONSENT_VALID_DAYS,
) -> list[str]:
    """Reminders for the client page: no consent, consent due for renewal, newer version."""
    active = [c for c in consents if not c.withdrawn]
    if not active:
        if consents:
            return ["Consent was withdrawn: no dosing until the client consents again."]
        return ["No informed consent on file."]
    newest = max(active, key=lambda c: (c.signed_on, c.id or 0))
    out = []
    age = (today - newest.signed_on).days
    if age > valid_days:
        out.append(f"Consent is {age} days old (renew after {valid_days} days).")
    elif age > valid_days - 30:
        due = newest.signed_on + timedelta(days=valid_days)
        out.append(f"Consent is due for renewal by {due.isoformat()}.")
    latest = latest_versions.get(newest.template_title)
    if latest is not None and latest > newest.template_version:
        out.append(
            f"{newest.template_title} has a newer version (v{latest}); "
            f"the client signed v{newest.template_version}."
        )
    return out
