"""The dosing and monitoring sections of a session note, each a function from records to
flowables: doses, vital signs, effects, adverse events, REMS and discharge. The written parts
(narrative, scales, findings, addenda, signature) are in note_sections.

A section with nothing recorded prints nothing, except where absence matters clinically
(a dosing session without vital signs says so).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from kapnotes.domain.formatting import (
    DASH,
    fmt_bp,
    fmt_mg,
    fmt_mg_per_kg,
    fmt_minutes,
    fmt_number,
    fmt_time,
    fmt_yes_no,
    label,
)
from kapnotes.domain.records import Client, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import intensity_label, vocabulary
from kapnotes.export import styles as st
from kapnotes.export.blocks import (
    data_table,
    fields_table,
    heading,
    note_line,
)
from kapnotes.export.text import paragraphs


def dosing_section(session: Session, client: Client | None) -> list[Flowable]:
    """Administrations, total dose, mg/kg and the per-session dosing facts."""
    d = session.dosing
    has_details = any(
        [d.lot_number, d.premedication, d.onset_min, d.peak_min, d.baseline_min, d.sl_disposition]
    )
    given = session.given()  # a planned dose was not given: it is not on the record's table
    if not given and not has_details and session.kind != "dosing":
        return []
    out: list[Flowable] = [heading("Dosing")]
    if given:
        rows = [
            [
                fmt_time(a.time),
                label("routes", a.route),
                label("medications", a.medication),
                fmt_mg(a.mg),
                a.lot or DASH,
                a.site or DASH,
                a.given_by or DASH,
                a.note or "",
            ]
            for a in given
        ]
        out.append(
            data_table(
                [
                    "Time",
                    "Route",
                    "Medication",
                    "Amount",
                    "Lot",
                    "Site / device",
                    "Given by",
                    "Note",
                ],
                rows,
                [0.6, 1.5, 1.0, 0.75, 0.75, 1.0, 1.1, 1.3],
            )
        )
    else:
        out.append(note_line("No administration recorded."))
    planned = [a for a in session.administrations if a.planned]
    if planned:
        doses = ", ".join(f"{fmt_mg(a.mg)} {label('routes', a.route)}" for a in planned)
        out.append(note_line(f"Planned, not given (not counted): {doses}."))
    kg = client.weight_on(session.date) if client else None
    per_kg = session.mg_per_kg(client)
    weight_text = f"{fmt_number(kg)} kg on file for this date" if kg else "no weight on file"
    pairs: list[tuple[str, str]] = [
        ("Total dose", fmt_mg(session.total_mg) if given else DASH),
        ("Dose by weight", f"{fmt_mg_per_kg(per_kg)} ({weight_text})"),
        # Notes from before per-dose lots keep their one lot number; newer ones list each lot.
        (
            "Lot number",
            d.lot_number
            or ", ".join(dict.fromkeys(a.lot for a in session.administrations if a.lot))
            or DASH,
        ),
        ("Pre-medication", d.premedication or DASH),
        ("Onset", _after_first(d.onset_min)),
        ("Peak", _after_first(d.peak_min)),
        ("Return to baseline", _after_first(d.baseline_min)),
    ]
    if d.infusion_end is not None or session.route == "iv":
        pairs.append(("Infusion end", fmt_time(d.infusion_end)))
    if d.sl_disposition or session.route == "sl":
        pairs.append(("Lozenge swished then", d.sl_disposition or DASH))
    out += [Spacer(1, 4), fields_table(pairs)]
    return out


def _after_first(minutes: int | None) -> str:
    return DASH if minutes is None else f"{minutes} min after first dose"


def vitals_section(session: Session, settings: PracticeSettings | None) -> list[Flowable]:
    """Vital signs over time; flagged values shaded and explained on their row."""
    from kapnotes.domain.vitals import vital_flags

    if not session.vitals:
        if session.kind == "dosing":
            return [heading("Vital signs"), note_line("No vital signs recorded.")]
        return []
    thresholds = settings.vitals if settings else None
    first = session.first_administration_time
    columns = {"systolic": 2, "diastolic": 2, "bp": 2, "heart_rate": 3, "spo2": 4, "resp_rate": 5}
    rows, shading = [], []
    for i, v in enumerate(session.vitals):
        before = v.phase == "pre" or (first is not None and v.time is not None and v.time < first)
        flags = vital_flags(v, thresholds, before_dosing=before)
        for f in flags:
            fill = st.URGENT_FILL if f.level == "urgent" else st.CAUTION_FILL
            col = columns.get(f.field.split(".")[-1])
            if col is not None:
                shading.append((col, i, fill))
        explained = "; ".join(f"{f.level.capitalize()}: {f.message}" for f in flags)
        note = "\n".join(x for x in (explained, v.note) if x)
        sedation = (
            f"{label('sedation_scales', v.sedation_scale)} {v.sedation_score}"
            if v.sedation_score is not None
            else DASH
        )
        rows.append(
            [
                fmt_time(v.time),
                label("vital_phases", v.phase),
                fmt_bp(v.systolic, v.diastolic),
                _num(v.heart_rate),
                _num(v.spo2, "%"),
                _num(v.resp_rate),
                sedation,
                note,
            ]
        )
    table = data_table(
        ["Time", "Phase", "BP mmHg", "HR bpm", "SpO2", "RR /min", "Sedation", "Flags and notes"],
        rows,
        [0.55, 1.0, 0.8, 0.6, 0.55, 0.6, 0.85, 2.6],
        shading=shading,
    )
    # The key goes above the table: below a long table it could end up alone on a page.
    out: list[Flowable] = [heading("Vital signs")]
    if shading:
        key = note_line("Shaded values: yellow = caution, red = urgent (practice thresholds).")
        key.keepWithNext = 1
        out.append(key)
    out.append(table)
    return out


def _num(value: int | None, suffix: str = "") -> str:
    return DASH if value is None else f"{value}{suffix}"


def effects_section(session: Session) -> list[Flowable]:
    if not session.effects:
        return []
    rows = [
        [label("effects", e.effect), intensity_label(e.intensity), fmt_time(e.time), e.note]
        for e in session.effects
    ]
    return [
        heading("Observed effects"),
        data_table(["Effect", "Intensity", "Onset", "Note"], rows, [2.2, 0.9, 0.6, 3.3]),
    ]


def adverse_events_section(session: Session) -> list[Flowable]:
    if not session.adverse_events:
        return []
    rows = [
        [
            fmt_time(a.time),
            a.description,
            label("severities", a.severity),
            ", ".join(label("interventions", i) for i in a.interventions) or DASH,
            a.outcome or DASH,
            a.note,
        ]
        for a in session.adverse_events
    ]
    return [
        heading("Adverse events and interventions"),
        data_table(
            ["Time", "What happened", "Severity", "Interventions", "Outcome", "Note"],
            rows,
            [0.55, 1.9, 0.75, 1.5, 1.2, 1.6],
        ),
    ]


def rems_section(session: Session) -> list[Flowable]:
    """The esketamine REMS answers kept with the note (the full form prints separately)."""
    if not session.is_esketamine:
        return []
    r = session.rems
    pairs = [
        (label("rems_concomitant", code), fmt_yes_no(r.concomitant.get(code)))
        for code in _rems_codes()
    ]
    pairs += [
        ("Vital signs acceptable before", fmt_yes_no(r.vitals_ok_before)),
        ("Vital signs acceptable at end", fmt_yes_no(r.vitals_ok_end)),
        ("Sedation", fmt_yes_no(r.sedation)),
        ("Dissociation", fmt_yes_no(r.dissociation)),
        ("Respiratory depression", fmt_yes_no(r.respiratory_depression)),
        ("Monitoring ended", fmt_time(r.monitoring_end)),
        ("Ready to leave (without 2-hour rule)", fmt_minutes(r.ready_to_leave_min)),
    ]
    # One column: the form's labels are long and must not break inside a word.
    return [heading("Esketamine monitoring (REMS)"), fields_table(pairs, columns=1)]


def _rems_codes() -> list[str]:
    return vocabulary("rems_concomitant").codes()


def discharge_section(session: Session) -> list[Flowable]:
    dc = session.discharge
    if dc.is_empty() and not dc.note and session.kind != "dosing":
        return []
    known = vocabulary("discharge_criteria")
    met = [known.label(code) for code, ok in dc.criteria.items() if ok]
    unmet = [t.label for t in known if not dc.criteria.get(t.code)]
    pairs: list[tuple[str, str]] = [
        ("Discharge time", fmt_time(dc.time)),
        ("Released to", dc.released_to or DASH),
        ("Criteria met", ", ".join(met) or "none recorded"),
        ("Not recorded as met", ", ".join(unmet) or "none"),
    ]
    out: list[Flowable] = [heading("Discharge"), fields_table(pairs, columns=1)]
    if dc.note:
        out += [Spacer(1, 3), *paragraphs(dc.note, st.styles().body)]
    return out
