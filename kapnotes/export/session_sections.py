"""The sections of a session note, each a function from records to flowables.

A section with nothing recorded prints nothing, except where absence matters clinically
(a dosing session without vital signs says so).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from kapnotes.domain.formatting import (
    DASH,
    fmt_bp,
    fmt_datetime,
    fmt_mg,
    fmt_mg_per_kg,
    fmt_minutes,
    fmt_number,
    fmt_time,
    fmt_yes_no,
    label,
    theme_labeller,
)
from kapnotes.domain.records import Client, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.signatures import AWAITING_COSIGN, IMPORTED, awaits_cosign
from kapnotes.domain.vocab import intensity_label, vocabulary
from kapnotes.export import styles as st
from kapnotes.export.blocks import (
    block_heading,
    data_table,
    fields_table,
    heading,
    note_line,
    sub_heading,
)
from kapnotes.export.text import para, paragraphs


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


def themes_section(session: Session, settings: PracticeSettings | None) -> list[Flowable]:
    if not session.themes:
        return []
    theme_label = theme_labeller(settings)
    rows = [[theme_label(t.theme), t.note] for t in session.themes]
    return [heading("Integration themes"), data_table(["Theme", "Note"], rows, [2.0, 5.0])]


def narrative_section(session: Session) -> list[Flowable]:
    """The note in its template's sections; long text flows on across pages."""
    s = st.styles()
    sections = session.narrative_sections()
    if not any(text.strip() for _, text in sections):
        return [heading("Note"), note_line("No narrative written.")]
    out: list[Flowable] = [heading(f"Note ({label('templates', session.template)})")]
    single = len(sections) == 1
    for name, text in sections:
        if not single:
            out.append(sub_heading(name))
        if text.strip():
            out += paragraphs(text, s.body)
        else:
            out.append(note_line("Not written."))
    return out


def scales_section(session: Session) -> list[Flowable]:
    """Each rating scale with its total, band, items and any safety flag."""
    from kapnotes.domain.scales import SCALES, score

    if not session.scales:
        return []
    rows, shading = [], []
    for i, sc in enumerate(session.scales):
        result = score(sc)
        scale_def = SCALES.get(sc.scale)
        name = scale_def.label if scale_def else sc.scale
        items = ", ".join(DASH if x is None else str(x) for x in sc.items) if sc.items else DASH
        notes = []
        if result.missing:
            notes.append("Missing item(s): " + ", ".join(str(m + 1) for m in result.missing))
        for sub, value in (result.subscales or {}).items():
            notes.append(f"{sub}: {fmt_number(value, 2)}")
        if result.safety_flag:
            notes.append(f"Safety flag: {result.safety_flag}")
            shading.append((4, i, st.URGENT_FILL))
        rows.append(
            [name, fmt_number(result.total, 2), result.band or DASH, items, "\n".join(notes)]
        )
    return [
        heading("Rating scales"),
        data_table(
            ["Scale", "Score", "Band", "Items as entered", "Notes"],
            rows,
            [1.0, 0.6, 1.2, 2.4, 2.3],
            shading=shading,
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


def findings_section(
    session: Session, client: Client | None, settings, scrub=None
) -> list[Flowable]:
    """Open checks (soft warnings) so a reader sees what the clinician was warned about."""
    from kapnotes.domain.findings import by_severity
    from kapnotes.domain.validation import validate_session

    findings = by_severity(validate_session(session, client, settings))
    if not findings:
        return []
    # The same finding on many readings (a long session) prints once, with its count.
    counted: dict[tuple[str, str], int] = {}
    for f in findings:
        counted[(f.shown_severity, f.message)] = counted.get((f.shown_severity, f.message), 0) + 1
    fills = {"error": st.URGENT_FILL, "urgent": st.URGENT_FILL, "warning": st.CAUTION_FILL}
    # De-identified, messages go through the scrubber too (a weight date, an addendum time).
    shown = scrub or (lambda text: text)
    rows = [[sev.capitalize(), shown(msg) + (f" (×{n})" if n > 1 else "")] for (sev, msg), n in counted.items()]  # fmt: skip
    shading = [(0, i, fills[sev]) for i, (sev, _m) in enumerate(counted) if sev in fills]
    return [
        heading("Checks"),
        data_table(["Severity", "Finding"], rows, [0.8, 6.2], shading=shading),
    ]


def addenda_section(session: Session) -> list[Flowable]:
    """Addenda after the signature, each with its own signature line."""
    s = st.styles()
    if not session.addenda:
        return []
    out: list[Flowable] = [heading("Addenda", keep=False)]
    signed = {sig.addendum_id: sig for sig in session.signatures if sig.addendum_id is not None}
    for a in session.addenda:
        body = paragraphs(a.text, s.body)
        # The title never ends a page (its first lines come with it, a long text still splits);
        # the signature line stays with the end of the text.
        out.append(sub_heading(f"Addendum {fmt_datetime(a.time)} by {a.author}"))
        out += body[:-1]
        tail = [*body[-1:]]
        if a.id in signed:
            tail.append(note_line(signed[a.id].line(fmt_datetime(signed[a.id].signed_at))))
        else:
            tail.append(para(f"Addendum signed by {a.author} on {fmt_datetime(a.time)}.", s.muted))
        out.append(KeepTogether(tail))
    return out


def signature_section(session: Session, settings: PracticeSettings | None = None) -> list[Flowable]:
    """The signature block, kept in one piece (never a heading alone at a page foot), with the
    typed reason and the acknowledgement the signer gave."""
    s = st.styles()
    out: list[Flowable] = [block_heading("Signature")]
    notes = [sig for sig in session.signatures if sig.addendum_id is None]
    if session.is_signed and notes:
        # Signatures made here (name, credentials, time, key fingerprint), or marks saying
        # the note was signed elsewhere / before accounts: never shown as a local signature.
        for sig in notes:
            style = s.flag if sig.kind == IMPORTED else s.body
            out.append(para(sig.line(fmt_datetime(sig.signed_at)), style))
        if awaits_cosign(session, bool(settings and settings.require_cosign)):
            out.append(para(AWAITING_COSIGN, s.flag))
    elif session.is_signed:
        who = session.signed_by + (
            f", {session.signed_credentials}" if session.signed_credentials else ""
        )
        out.append(
            para(f"Electronically signed by {who} on {fmt_datetime(session.signed_at)}.", s.body)
        )
    if session.is_signed:
        if session.units_reason.strip():
            out.append(para(f"Dose above \"check the units\" — the signer's reason: {session.units_reason}", s.body))  # fmt: skip
        if session.incomplete_ack.strip():
            out.append(para(session.incomplete_ack, s.body))
        out.append(
            note_line(
                "A signed note is not changed; corrections follow as addenda."
                if session.addenda
                else "A signed note is not changed; corrections are added as addenda."
            )
        )
    else:
        out.append(para("DRAFT — not signed. This note may still change.", s.flag))
        if session.units_reason.strip():
            out.append(para(f"Reason given for the dose: {session.units_reason}", s.body))
    return [KeepTogether(out)]
