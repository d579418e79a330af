"""The dosing part of a demo session: administrations, vitals, effects, adverse events, REMS.

Doses are mostly inside the route's soft range (DOMAIN.md) and now and then outside it; vitals
rise after dosing and are sometimes flagged; a few sessions have an adverse event and what was
done about it. All of it is invented, seeded by the demo's random generator.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kapnotes.domain.records import (
    Administration,
    AdverseEvent,
    Discharge,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    Session,
    VitalSign,
)
from kapnotes.domain.rems import proposed_answers
from kapnotes.domain.vocab import vocabulary
from kapnotes.store.demo_text import effect_note

ROUTE_WEIGHTS = (("im", 30), ("iv", 20), ("sl", 20), ("in_esk", 15), ("in", 10), ("po", 5))
EFFECT_WEIGHTS = (
    ("visual", 60), ("time_distortion", 55), ("emotional_release", 40), ("euphoria", 25),
    ("numbness", 25), ("dizziness", 25), ("nausea", 20), ("anxiety", 20), ("sedation", 20),
    ("blurred_vision", 15), ("auditory", 15), ("derealisation", 15), ("headache", 8),
    ("slurred_speech", 6), ("raised_bp", 5), ("confusion", 3),
)  # fmt: skip
ADVERSE = (
    ("Nausea with one episode of vomiting", "mild", ["ondansetron"], "Resolved in 20 minutes."),
    ("Acute anxiety at onset", "moderate", ["grounding", "environment"], "Settled; continued."),
    ("Blood pressure rose at 40 minutes", "moderate", ["dose_held"], "Near baseline by discharge."),
    ("Emergence agitation on return", "moderate", ["grounding", "benzodiazepine"], "Calm, home."),
    ("Dizziness on standing", "mild", ["other"], "Rested 15 minutes; walked steadily."),
)
DISCHARGE_CRITERIA = tuple(t.code for t in vocabulary("discharge_criteria"))
SITES = {"im": ("left deltoid", "right deltoid"), "iv": ("left antecubital", "right forearm")}


@dataclass
class ClientPlan:
    """What stays the same across a client's dosing sessions."""

    route: str
    kg: float
    systolic: int
    diastolic: int
    heart_rate: int
    medications: str


def pick_route(rng: random.Random) -> str:
    """A route, weighted roughly as clinics use them."""
    codes, weights = zip(*ROUTE_WEIGHTS, strict=True)
    return rng.choices(codes, weights)[0]


def _at(day: date, start: time, minutes: int) -> time:
    return (datetime.combine(day, start) + timedelta(minutes=minutes)).time().replace(second=0)


def _dose(rng: random.Random, plan: ClientPlan, step: int) -> list[tuple[int, float, str]]:
    """(minutes after first dose, mg, site) for each administration of one session."""
    outside = rng.random() < 0.05
    route = plan.route
    if route in ("im", "iv"):
        low, high = (0.4, 1.0) if route == "im" else (0.4, 0.8)
        mgkg = min(high, low + 0.1 * step) if not outside else rng.uniform(1.6, 1.9)
        mg = round(plan.kg * mgkg / 5) * 5
        site = rng.choice(SITES[route])
        doses = [(0, float(mg), site)]
        if route == "im" and rng.random() < 0.3:
            doses.append((20, float(round(plan.kg * rng.uniform(0.2, 0.4) / 5) * 5), site))
        return doses
    if route == "in_esk":
        devices = rng.choice((2, 3, 3)) if not outside else 4
        return [(5 * i, 28.0, f"device {i + 1}") for i in range(devices)]
    if route == "in":
        sprays = rng.randint(1, 3) if not outside else 4
        each = rng.choice((20, 25, 30)) if not outside else 30
        return [(5 * i, float(each), "both nostrils") for i in range(sprays)]
    mg = rng.choice((100, 150, 200, 250, 300, 400)) if not outside else rng.choice((700, 800))
    return [(0, float(mg), "troche" if route == "sl" else "oral solution")]


def _vitals(rng: random.Random, plan: ClientPlan, day, start, first, end) -> list[VitalSign]:
    pre_sys = plan.systolic + rng.randint(-6, 8)
    pre_dia = plan.diastolic + rng.randint(-5, 6)
    hr = plan.heart_rate + rng.randint(-5, 6)
    peak_sys, peak_dia = pre_sys + rng.randint(8, 28), pre_dia + rng.randint(4, 15)
    peak_hr = hr + rng.randint(3, 22)
    if rng.random() < 0.01:
        peak_sys, peak_dia = rng.randint(181, 190), rng.randint(111, 116)  # urgent flag
    spo2 = rng.choice((96, 97, 98, 98, 99))
    low_spo2 = 93 if rng.random() < 0.03 else spo2 - rng.randint(0, 2)
    return [
        VitalSign(_at(day, start, first - 10), pre_sys, pre_dia, hr, spo2, 14, "moaas", 5, "pre"),
        VitalSign(
            _at(day, start, first + 40),
            peak_sys,
            peak_dia,
            peak_hr,
            low_spo2,
            rng.randint(12, 18),
            "moaas",
            rng.choice((3, 4, 4, 5)),
            "during",
            "post-dose check" if rng.random() < 0.1 else "",
        ),
        VitalSign(
            _at(day, start, end - 5),
            pre_sys + rng.randint(0, 8),
            pre_dia + rng.randint(0, 5),
            hr + rng.randint(0, 6),
            spo2,
            14,
            "moaas",
            5,
            "post",
        ),
    ]


def _effects(rng: random.Random, day, start, first, strong: bool) -> list[EffectObservation]:
    codes, weights = zip(*EFFECT_WEIGHTS, strict=True)
    chosen = ["dissociation"] if rng.random() < 0.9 else []
    for code in rng.choices(codes, weights, k=rng.randint(2, 5)):
        if code not in chosen:
            chosen.append(code)
    out = []
    for code in chosen:
        top = 3 if strong else 2
        intensity = rng.randint(2, top) if code == "dissociation" else rng.randint(1, top)
        when = _at(day, start, first + rng.randint(2, 35))
        out.append(EffectObservation(code, intensity, when, effect_note(rng)))
    return out


def add_dosing(rng: random.Random, s: Session, plan: ClientPlan, step: int, clinicians) -> None:
    """Fill a dosing session: doses, vitals, effects, maybe an adverse event, discharge, REMS."""
    day, start = s.date, s.start_time
    first = 20  # minutes from session start to the first administration
    doses = _dose(rng, plan, step)
    esk = plan.route == "in_esk"
    given_by = clinicians[0].name
    for minutes, mg, site in doses:
        s.administrations.append(
            Administration(
                _at(day, start, first + minutes),
                plan.route,
                mg,
                "esketamine" if esk else "racemic",
                site,
                given_by,
                "booster" if minutes and plan.route == "im" else "",
            )
        )
    end = first + (rng.randint(125, 140) if esk else rng.randint(90, 150))
    s.vitals = _vitals(rng, plan, day, start, first, end)
    strong = sum(mg for _, mg, _ in doses) / plan.kg > 0.7 or len(doses) > 2
    s.effects = _effects(rng, day, start, first, strong)
    if rng.random() < 0.07:
        what, severity, interventions, outcome = rng.choice(ADVERSE)
        when = _at(day, start, first + rng.randint(10, 45))
        s.adverse_events.append(
            AdverseEvent(what, severity, when, list(interventions), outcome, "")
        )
        if what.startswith("Blood pressure"):
            s.vitals[1].systolic, s.vitals[1].diastolic = 176, 104
    onset = rng.randint(2, 6) if plan.route in ("im", "iv") else rng.randint(8, 25)
    s.dosing = DosingDetails(
        lot_number=f"{'SPR' if esk else 'KT'}{rng.randint(10000, 99999)}",
        premedication="ondansetron 4 mg ODT" if rng.random() < 0.3 else "",
        onset_min=onset,
        peak_min=onset + rng.randint(8, 25),
        baseline_min=rng.randint(60, 110),
        sl_disposition=rng.choice(("spat", "swallowed")) if plan.route == "sl" else "",
        infusion_end=_at(day, start, first + 40) if plan.route == "iv" else None,
    )
    criteria = {code: True for code in DISCHARGE_CRITERIA}
    released = rng.choice(("partner", "friend", "spouse", "sister", "adult son"))
    if rng.random() < 0.05:
        criteria["adult_present"] = False
        released = "taxi booked by the clinic"
    s.discharge = Discharge(_at(day, start, end), criteria, released, "")
    if esk:
        meds = plan.medications.lower()
        implied = proposed_answers(s)
        s.rems = RemsDetails(
            concomitant={
                "benzodiazepines": "benzodiazepine" in meds or "lorazepam" in meds,
                "sedative_hypnotics": False,
                "psychostimulants": "stimulant" in meds,
                "maois": "maoi" in meds,
            },
            vitals_ok_before=s.vitals[0].systolic < 140,
            vitals_ok_end=True,
            # What the record says (MOAA/S, effects, SpO2, RR): the demo never contradicts it.
            sedation=implied["sedation"],
            dissociation=implied["dissociation"],
            respiratory_depression=implied["respiratory_depression"],
            ready_to_leave_min=rng.randint(60, 110),
            monitoring_end=_at(day, start, end),
        )
