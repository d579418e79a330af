"""Records for the PDF tests (imported by the test modules): a fully filled session, hostile text, and PDF reading helpers."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import pypdf

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import ELIGIBLE, EligibilityDecision
from kapnotes.domain.records import (
    Addendum,
    Administration,
    AdverseEvent,
    Client,
    Course,
    Discharge,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    ScaleScore,
    ScreeningItem,
    Session,
    ThemeTag,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.settings import Clinician, PracticeSettings

HOSTILE = [
    "<b>&amp;\"'",
    "Zoë Ångström-Müller façade naïve",
    "Привет, мир",
    "Ελληνικά κείμενο",
    "שלום עולם",
    "مرحبا بالعالم",
    "中文病历记录",
    "日本語のメモ",
    "한국어 메모",
    "smiled 🙂 at the end",
]


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as a PDF reader extracts it."""
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]


def squash(text: str) -> str:
    """Text without whitespace: line wrapping may split words, never change characters."""
    return re.sub(r"\s+", "", text)


def make_client(name: str = "Avery Quinn-Testperson") -> Client:
    return Client(
        chart="KAP-0042",
        name=name,
        dob=date(1979, 11, 23),
        pronouns="they/them",
        weights=[WeightEntry(kg=72.5, measured_on=date(2024, 2, 1))],
        indication="trd",
        medications="sertraline 100 mg",
        screening=[ScreeningItem("hypertension", "yes", "controlled on amlodipine")],
        consent_date=date(2024, 1, 15),
        sex="other",
        eligibility=[EligibilityDecision(ELIGIBLE, datetime(2024, 1, 15, 10, 0), "Dr. Robin Lowell", "MD")],
        id=7,
    )  # fmt: skip


def make_course() -> Course:
    return Course(
        client_id=7, purpose="induction", start_date=date(2024, 2, 1), title="Spring series", id=3
    )


def make_session(**overrides) -> Session:
    """A dosing session with every field filled."""
    s = Session(
        client_id=7,
        course_id=3,
        date=date(2024, 3, 5),
        kind="dosing",
        number=4,
        start_time=time(9, 30),
        setting="office",
        clinicians=["Dr. Robin Lowell", "Sam Ortega RN"],
        intention="To meet the grief about my father with kindness",
        template="soap",
        narrative={
            "Subjective": "Reports low mood easing since last session",
            "Objective": "Calm, engaged, eyes closed during peak",
            "Assessment": "Tolerated dose well; meaningful grief work",
            "Plan": "Integration session Thursday; repeat PHQ-9",
        },
        administrations=[
            Administration(
                time(10, 0),
                "im",
                40.0,
                "racemic",
                "left deltoid",
                "Sam Ortega RN",
                "first injection",
            ),
            Administration(
                time(10, 20),
                "im",
                15.5,
                "racemic",
                "right deltoid",
                "Sam Ortega RN",
                "booster given",
            ),
        ],
        vitals=[
            VitalSign(time(9, 45), 146, 92, 78, 98, 14, "moaas", 5, "pre", "anxious before start"),
            VitalSign(time(10, 40), 128, 80, 115, 93, 12, "moaas", 4, "during", "settling"),
            VitalSign(time(11, 50), 121, 76, 72, 97, 14, "moaas", 5, "post", "steady"),
        ],
        effects=[
            EffectObservation("dissociation", 2, time(10, 8), "floating sensation"),
            EffectObservation("nausea", 1, time(10, 25), "brief queasiness"),
        ],
        adverse_events=[
            AdverseEvent(
                "Transient nausea",
                "mild",
                time(10, 26),
                ["ondansetron", "grounding"],
                "resolved in 10 min",
                "no vomiting",
            )
        ],
        themes=[
            ThemeTag("grief", "father's illness"),
            ThemeTag("self_compassion", "softer inner voice"),
        ],
        scales=[
            ScaleScore("phq9", [2, 2, 1, 1, 2, 1, 1, 0, 1]),
            ScaleScore("gad7", [1, 1, 2, 1, 0, 1, 1]),
        ],
        addenda=[
            Addendum(
                "Client called next day feeling well",
                "Dr. Robin Lowell",
                datetime(2024, 3, 6, 14, 5),
            )
        ],
        checklist=PreDoseChecklist(
            fasting_hours=6,
            transport_arranged=True,
            transport_by="partner Jordan",
            no_driving_acknowledged=True,
            vitals_in_range=True,
            pregnancy_test="not_applicable",
            intention_set=True,
            consent_current=True,
            eligibility_signed=True,
        ),  # fmt: skip
        dosing=DosingDetails("LOT-77A1", "ondansetron 4 mg", 6, 18, 70, "", None),
        discharge=Discharge(
            time(12, 0),
            {
                "vitals_baseline": True,
                "alert_oriented": True,
                "steady_gait": True,
                "adult_present": True,
                "no_driving": True,
            },
            "partner Jordan",
            "left with partner",
        ),
        signed_at=datetime(2024, 3, 5, 13, 15),
        signed_by="Dr. Robin Lowell",
        signed_credentials="MD",
        id=11,
    )
    for key, value in overrides.items():
        setattr(s, key, value)
    return s


def make_esketamine_session(**overrides) -> Session:
    s = make_session(
        administrations=[
            Administration(time(10, 0), "in_esk", 28.0, "esketamine", "device 1", "Sam Ortega RN"),
            Administration(time(10, 5), "in_esk", 28.0, "esketamine", "device 2", "Sam Ortega RN"),
        ],
        vitals=[
            VitalSign(time(9, 50), 132, 84, 74, 98, None, "moaas", 5, "pre"),
            VitalSign(time(10, 41), 150, 95, 88, 97, None, "moaas", 4, "during"),
            VitalSign(time(11, 58), 126, 80, 70, 98, None, "moaas", 5, "post"),
        ],
        rems=RemsDetails(
            concomitant={
                "benzodiazepines": False,
                "sedative_hypnotics": False,
                "psychostimulants": True,
                "maois": False,
            },
            vitals_ok_before=True,
            vitals_ok_end=True,
            sedation=True,  # MOAA/S 4 at 10:41: the record says sedation
            dissociation=True,
            respiratory_depression=False,
            ready_to_leave_min=75,
            monitoring_end=time(12, 5),
        ),
    )
    for key, value in overrides.items():
        setattr(s, key, value)
    return s


def make_settings() -> PracticeSettings:
    return PracticeSettings(
        practice_name="Harbour Light Ketamine Clinic",
        clinicians=[
            Clinician("Dr. Robin Lowell", "MD", phone="555-010-2000", email="rlowell@harbour.test")
        ],
        practice_address="12 Quay Road",
        practice_city="Harbourtown",
        practice_state="ME",
        practice_zip="04101",
        practice_phone="555-010-1000",
    )


def make_course_sessions(n: int) -> list[Session]:
    """A course of n sessions: preparation, then dosing and integration in turn, PHQ-9 falling."""
    from datetime import timedelta

    themes = ["grief", "self_compassion", "insight", "relationships", "meaning", "body_awareness"]
    out = []
    start = date(2023, 1, 9)
    for i in range(n):
        kind = "preparation" if i == 0 else ("dosing" if i % 2 else "integration")
        s = Session(
            client_id=7,
            course_id=3,
            date=start + timedelta(days=3 * i),
            kind=kind,
            number=i + 1,
            id=100 + i,
            narrative={"Note": f"Session {i + 1} note"},
            signed_at=datetime(2023, 1, 1),
            signed_by="Dr. Robin Lowell",
        )
        if kind == "dosing":
            s.administrations = [Administration(time(10, 0), "im", 35.0 + (i % 5) * 2.5, "racemic")]
            s.effects = [
                EffectObservation("dissociation", 1 + i % 3),
                EffectObservation("nausea", i % 2),
                EffectObservation("visual", 2),
            ]
            if i % 7 == 1:
                s.adverse_events = [
                    AdverseEvent(
                        f"Nausea after dose {i + 1}",
                        "mild",
                        time(10, 30),
                        ["ondansetron"],
                        "resolved",
                    )
                ]
        if kind != "preparation":
            s.themes = [ThemeTag(themes[i % len(themes)]), ThemeTag(themes[(i * 3) % len(themes)])]
        if i % 2 == 0:
            phq = max(22 - i, 2)
            items = [min(3, phq // 9 + (1 if k < phq % 9 else 0)) for k in range(9)]
            items[8] = 0
            s.scales = [
                ScaleScore("phq9", items),
                ScaleScore("gad7", [min(3, max(0, 2 - i // 6))] * 7),
            ]
        out.append(s)
    return out
