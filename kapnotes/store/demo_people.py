"""Fictional clients and clinicians for the demo practice (names from many languages).

Every person here is invented; chart numbers start with "DEMO-" so demo records are never
mistaken for real ones.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from kapnotes.domain.records import Client, ScreeningItem, WeightEntry
from kapnotes.domain.settings import Clinician
from kapnotes.domain.vocab import vocabulary

FIRST_NAMES = (
    "Maya", "Jonas", "Zoë", "José", "Siobhán", "Łukasz", "Amara", "Mateo", "Ingrid", "Kwame",
    "Chloé", "Rafael", "Anaïs", "Dmitri", "Leilani", "Tomás", "Priya", "Björn", "Fatima",
    "Noah", "Aiyana", "Hannah", "Oluwaseun", "Élodie", "Sebastián", "Grace", "Mehmet", "Nora",
    "Ravi", "Camille", "Thabo", "Marta", "Ewan", "Yasmin", "Renée", "Kai", "Søren", "Lucía",
    "Daniel", "Aroha", "Ahmed", "Ruth", "Iñaki", "Freya", "Emeka", "Joanna", "Tariq", "Elif",
)  # fmt: skip
LAST_NAMES = (
    "Okafor", "Lindqvist", "Müller", "Álvarez", "O'Connor", "Wójcik", "Nguyen", "Rossi",
    "Haugland", "Mensah", "Dubois", "Ferreira", "Lefèvre", "Ivanov", "Kahale", "García",
    "Raghunathan", "Jónsson", "Al-Sayed", "Cohen", "Begay", "Schmidt", "Adeyemi", "Moreau",
    "Castillo", "Kim", "Yılmaz", "Brennan", "Patel", "Fontaine", "Nkosi", "Kowalska", "Murray",
    "Haddad", "Côté", "Tanaka", "Kierkegaard", "Peña", "Whitfield", "Ngata", "Hassan", "Levi",
    "Etxeberria", "Thorsdottir", "Eze", "Nowak", "Rahman", "Demir",
)  # fmt: skip
# Whole names written in other scripts (Greek, Cyrillic, Japanese, Korean, Arabic, Hebrew,
# Vietnamese, Chinese): the app must show, search and print them as typed.
OTHER_SCRIPT_NAMES = (
    ("Αλέξανδρος Παπαδόπουλος", "he/him", "Αλέξανδρος"),
    ("Ольга Смирнова", "she/her", "Ольга"),
    ("山田 花子", "she/her", "花子"),
    ("김민준", "he/him", "민준"),
    ("فاطمة الزهراء", "she/her", "فاطمة"),
    ("נועה לוי", "they/them", "נועה"),
    ("Nguyễn Thị Lan", "she/her", "Lan"),
    ("王伟", "he/him", "伟"),
)
PRONOUNS = ("she/her", "he/him", "they/them")
INDICATIONS = ("trd", "trd", "trd", "trd", "ptsd", "ptsd", "anxiety", "sud", "ocd", "other")
MEDICATIONS = (
    "sertraline 100 mg daily",
    "escitalopram 20 mg daily",
    "bupropion XL 300 mg daily",
    "venlafaxine 150 mg daily",
    "lamotrigine 200 mg daily (may blunt response)",
    "lorazepam 0.5 mg as needed (held 24 h before dosing)",
    "clonazepam 0.5 mg at night (benzodiazepine)",
    "lisdexamfetamine 30 mg (stimulant, raises BP)",
    "phenelzine 45 mg (MAOI: BP watch)",
    "quetiapine 50 mg at night",
    "lisinopril 10 mg daily",
    "levothyroxine 75 mcg daily",
)
NO_MEDICATIONS = "no regular medications"
# A prescriber would never see these beside an MAOI (serotonin syndrome, hypertensive crisis).
NOT_WITH_MAOI = ("sertraline", "escitalopram", "venlafaxine", "bupropion", "lisdexamfetamine")


def pick_medications(rng: random.Random) -> list[str]:
    """One to three plausible regular medications (or none), never an MAOI with its clashes."""
    if rng.random() < 0.08:
        return [NO_MEDICATIONS]
    meds = rng.sample(MEDICATIONS, rng.choice((1, 1, 2, 2, 3)))
    if any(m.startswith(NOT_WITH_MAOI) for m in meds):
        meds = [m for m in meds if not m.startswith("phenelzine")]
    return meds


SCREENING_YES_NOTES = {
    "hypertension": "Treated; BP checked before each dosing session.",
    "cardiovascular": "Mild mitral valve prolapse; cardiology letter on file.",
    "psychosis": "Single brief episode at 19, none since; discussed with psychiatrist.",
    "substance_use": "Alcohol use disorder, 14 months in remission.",
    "prior_reaction": "Emergence agitation after surgical anaesthesia in 2015.",
    "suicidality": "Passive ideation without plan; C-SSRS each visit; safety plan agreed.",
}
# Fictional contacts (555-01xx numbers and example.org are reserved for fiction and docs).
CLINICIANS = (
    Clinician("Dr. Maya Okonkwo", "MD", "555-0140", "maya.okonkwo@riverside.example.org"),
    Clinician("Jonas Lindberg", "LMFT", "555-0141", "jonas.lindberg@riverside.example.org"),
    Clinician("Aroha Ngata", "PsyD", "555-0142", "aroha.ngata@riverside.example.org"),
    Clinician("Sofía Ramírez", "RN", "555-0143", "sofia.ramirez@riverside.example.org"),
)
DEMO_SETTING = {
    "practice_address": "100 Riverside Walk, Suite 2",
    "practice_city": "Springfield",
    "practice_state": "OR",
    "practice_zip": "97477",
    "practice_phone": "555-0100",
}
SEX_BY_PRONOUNS = {"she/her": "female", "he/him": "male"}
RELEASED_TO = ("partner", "friend", "spouse", "adult daughter", "sister", "taxi booked by clinic")


def demo_clinicians() -> list[Clinician]:
    """The demo practice's clinicians (prescriber, therapists, nurse)."""
    return [Clinician(c.name, c.credentials, c.phone, c.email) for c in CLINICIANS]


def make_client(
    rng: random.Random, chart: str, first_visit: date, last_visit: date
) -> tuple[Client, str]:
    """A fictional client seen from `first_visit` to `last_visit`; returns it and a first name."""
    if rng.random() < 0.08:
        name, pronouns, first = rng.choice(OTHER_SCRIPT_NAMES)
    else:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        name, pronouns = f"{first} {last}", rng.choice(PRONOUNS)
    age_days = rng.randint(21 * 365, 74 * 365)
    kg = round(rng.uniform(48, 118), 1)
    weights = [WeightEntry(kg, first_visit - timedelta(days=rng.randint(0, 20)))]
    if rng.random() < 0.5 and (last_visit - first_visit).days > 60:
        later = first_visit + timedelta(days=rng.randint(60, (last_visit - first_visit).days))
        weights.append(WeightEntry(round(kg + rng.uniform(-4, 3), 1), later))
    screening = []
    for term in vocabulary("screening"):
        answer = "no" if rng.random() < 0.93 else "not_assessed"
        screening.append(ScreeningItem(term.code, answer, ""))
    if rng.random() < 0.12:
        item = screening[rng.choice([0, 1, 2, 3, 7, 8])]
        item.answer, item.note = "yes", SCREENING_YES_NOTES.get(item.item, "")
    meds = pick_medications(rng)
    client = Client(
        chart=chart,
        name=name,
        dob=first_visit - timedelta(days=age_days),
        pronouns=pronouns,
        weights=weights,
        indication=rng.choice(INDICATIONS),
        medications="; ".join(meds),
        screening=screening,
        consent_date=first_visit - timedelta(days=rng.randint(0, 10)),
        notes="Fictional demo client." if rng.random() < 0.3 else "",
        sex=SEX_BY_PRONOUNS.get(pronouns, ""),  # no draw from rng: the demo stays as it was
    )
    return client, first
