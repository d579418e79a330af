"""The demo practice's intakes, eligibility decisions, consents and pre-dose checklists.

Each client gets its own random generator seeded by the chart number, so adding these never
changes the rest of the (deterministic) demo. With accounts the prescriber's decisions and
the therapists' witness signatures are really signed with their keys.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import (
    ELIGIBLE,
    WITH_PRECAUTIONS,
    ConsentRecord,
    ConsentTemplate,
    EligibilityDecision,
    blank_intake,
)
from kapnotes.store import audit
from kapnotes.store.accounts import find_user, unlock_slot
from kapnotes.store.demo_accounts import PASSPHRASES
from kapnotes.store.intake_records import insert_consent, insert_decision
from kapnotes.store.transfer import ClientBundle

CONSENT_TITLE = "KAP informed consent"
CONSENT_V1 = """\
Ketamine-assisted psychotherapy (KAP) combines psychotherapy with ketamine given by a \
prescriber. Ketamine is approved as an anaesthetic; its use for depression, PTSD and anxiety \
is off-label, except esketamine nasal spray for treatment-resistant depression.

During a dosing session you may feel dissociation, changes in perception, nausea, dizziness \
and a rise in blood pressure and heart rate. These usually pass within two hours. Rare risks \
include breathing difficulty, bladder irritation with frequent use, and misuse.

You agree to fast for at least 4 hours before each dosing session, to be taken home by a \
responsible adult, and not to drive or operate machinery until the next day. You will tell us \
about every medication you take, including benzodiazepines, lamotrigine, opioids and \
stimulants.

You may ask questions at any time and may withdraw this consent at any time, without effect \
on your other care."""
CONSENT_V2_EXTRA = """

Since 12/2024 respiratory depression is a named risk of esketamine: a prescriber and a pulse \
oximeter are on site for every dosing session."""
PRECAUTIONS = (
    "BP before dosing and every 15 min; hold if above 160/100.",
    "Start at the low end of the dose range; C-SSRS at each visit.",
    "Ondansetron 4 mg available; bladder symptoms asked at each integration session.",
)
HISTORY = (
    "No significant medical history.",
    "Hypothyroidism, on levothyroxine. Migraine without aura.",
    "Treated hypertension (lisinopril). Type 2 diabetes, diet-controlled.",
    "Asthma in childhood. Appendectomy 2011.",
)
PSYCH = (
    "Recurrent major depression since age 20; three adequate antidepressant trials.",
    "PTSD after a road accident; prolonged exposure therapy with partial response.",
    "Generalised anxiety with panic; sertraline and CBT, partial response.",
    "Depression and alcohol use disorder, 14 months in remission.",
)
EXPERIENCE = (
    "None.",
    "Psilocybin twice in a retreat setting (2019), described as meaningful.",
    "Ketamine once as surgical anaesthesia; no other psychedelic use.",
    "MDMA once at a festival (2015); no problems reported.",
)
ADULTS = ("partner", "sister", "spouse", "friend", "adult son", "mother")


def demo_signature(rng: random.Random) -> list[list[tuple[float, float]]]:
    """A handwriting-like signature in the pad's 600 x 200 box: loops and a flourish."""
    strokes, x = [], 40.0 + rng.uniform(0, 30)
    for _word in range(rng.randint(2, 3)):
        stroke, letters = [], rng.randint(4, 7)
        amp, freq = rng.uniform(22, 38), rng.uniform(0.35, 0.55)
        for i in range(letters * 8):
            t = i / 8
            stroke.append((x + t * 22 + 6 * math.sin(t * 6.3), 110 - amp * math.sin(t * 6.3 * freq + 0.4) - 10 * math.cos(t * 3.1)))  # fmt: skip
        strokes.append(stroke)
        x = stroke[-1][0] + rng.uniform(18, 34)
    strokes.append([(60 + i * 12, 160 - 8 * math.sin(i / 3)) for i in range(int((x - 60) / 12))])
    return [[(round(a, 1), round(b, 1)) for a, b in s] for s in strokes]


def _template(version: int) -> ConsentTemplate:
    text = CONSENT_V1 + (CONSENT_V2_EXTRA if version == 2 else "")
    return ConsentTemplate(CONSENT_TITLE, version, text, datetime(2024, 1, 1), True)


def add_demo_intake(bundle: ClientBundle, clinicians) -> None:
    """Intake, decision, consents and a checklist on each dosing session of one demo client."""
    rng = random.Random(f"intake-{bundle.client.chart}")
    client = bundle.client
    first = min((s.date for s in bundle.sessions), default=client.consent_date or date.today())
    intake = blank_intake()
    yes = {i.item for i in client.screening_positives()}
    mapping = {"hypertension": "controlled_hypertension", "cardiovascular": "cardiovascular_disease",
               "psychosis": "psychosis_mania_history", "substance_use": "substance_use_disorder",
               "suicidality": "current_suicidality"}  # fmt: skip
    notes = {s.item: s.note for s in client.screening}
    for item in intake.items:
        item.answer = "no"
        for old, new in mapping.items():
            if new == item.item and old in yes:
                item.answer, item.note = "yes", notes.get(old, "")
    adult = f"{rng.choice(('Sam', 'Alex', 'Robin', 'Kim', 'Jordan'))} ({rng.choice(ADULTS)})"
    intake.medical_history = rng.choice(HISTORY)
    intake.psychiatric_history = rng.choice(PSYCH)
    intake.prior_experience = rng.choice(EXPERIENCE)
    intake.sex = {"she/her": "female", "he/him": "male"}.get(client.pronouns, "not_stated")
    intake.emergency_contact = f"{adult}, 555-01{rng.randint(10, 99)}"
    intake.responsible_adult = adult
    intake.baseline_scales = f"PHQ-9 {rng.randint(14, 24)}, GAD-7 {rng.randint(8, 18)}"
    intake.completed_on = first
    client.intake = intake
    prescriber, witness = clinicians[0], clinicians[1 + rng.randrange(len(clinicians) - 1)]
    decided = datetime.combine(first, time(17, rng.randint(0, 59)))
    precautions = rng.choice(PRECAUTIONS) if yes else ""
    client.eligibility = [
        EligibilityDecision(
            WITH_PRECAUTIONS if yes else ELIGIBLE, decided, prescriber.name,
            prescriber.credentials, precautions,
        )
    ]  # fmt: skip
    version = 1 if first < date(2025, 1, 1) else 2
    signed_on = client.consent_date or first
    client.consents = [
        ConsentRecord(
            CONSENT_TITLE, version, signed_on, demo_signature(rng), witness.name,
            witness.credentials, _template(version).text,
            datetime.combine(signed_on, time(rng.randint(9, 16), rng.randint(0, 59))),
        )
    ]  # fmt: skip
    for s in bundle.sessions:
        if s.kind != "dosing":
            continue
        checklist = PreDoseChecklist(
            fasting_hours=rng.choice((4, 5, 6, 6, 8, 10, 12, 3.5)),
            transport_arranged=True, transport_by=adult, no_driving_acknowledged=True,
            vitals_in_range=rng.random() < 0.95, pregnancy_test=rng.choice(("negative", "not_applicable")) if intake.sex != "male" else "not_applicable",  # fmt: skip
            intention_set=True, consent_current=True, eligibility_signed=True,
        )  # fmt: skip
        if "lamotrigine" in client.medications.lower():
            checklist.medications_today["lamotrigine"] = True
        if rng.random() < 0.08:
            checklist.no_driving_acknowledged = False  # a gap the findings show
        s.checklist = checklist


def sign_demo_intake(practice, bundles: list[ClientBundle]) -> None:
    """With accounts: decisions and consents signed by their signers' own keys (their slots
    opened with the demo passphrases), with audit entries; the bundles' copies are dropped."""
    db = practice.db
    keys_by_name = {practice.user.name: practice._keys}
    with db.atomic():
        for b in bundles:
            for d in b.client.eligibility:
                user, keys = _signer(practice, keys_by_name, d.signer)
                insert_decision(db, b.client.id, d.decision, d.precautions, d.note, d.decided_at, d.signer, d.credentials, user, keys)  # fmt: skip
                _audit(practice, user, keys, "eligibility", b.client.id, f"{d.decision} signed by {d.signer}")  # fmt: skip
            for c in b.client.consents:
                template = _template(c.template_version)
                db.execute(
                    "INSERT OR IGNORE INTO consent_templates (title, version, text, created_at) "
                    "VALUES (?, ?, ?, '2024-01-01T00:00:00')",
                    [template.title, template.version, template.text],
                )
                user, keys = _signer(practice, keys_by_name, c.witness)
                insert_consent(db, b.client.id, template, c.client_strokes, c.signed_on, c.witnessed_at, c.witness, c.witness_credentials, user, keys)  # fmt: skip
                _audit(practice, user, keys, "consent", b.client.id, f"{template.name} witnessed by {c.witness}")  # fmt: skip
    practice._flush_anchor()


def _signer(practice, keys_by_name: dict, name: str):
    user = find_user(practice.db, name)
    if user is not None and name not in keys_by_name and name in PASSPHRASES:
        keys_by_name[name] = unlock_slot(practice.path, name, PASSPHRASES[name])[1]
    keys = keys_by_name.get(name)
    return (user, keys) if user is not None and keys is not None else (None, None)


def _audit(practice, user, keys, action: str, client_id: int, detail: str) -> None:
    # A signer who is not a user here (unsigned record): the signed-in user records it.
    if user is None:
        user, keys = practice.user, practice._keys
    audit.append(
        practice.db, user.name, action, client_id=client_id,
        record=f"client {client_id}", user_id=user.id,
        sign=keys.signing.sign if keys else None, detail=detail,
    )  # fmt: skip


__all__ = ["add_demo_intake", "demo_signature", "sign_demo_intake"]
