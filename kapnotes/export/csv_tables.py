"""The CSV export's tables: one per record type, their columns, and a row builder for each.

Every table carries the ids to join on (client_id, session_id, ...). Columns whose name starts
with "derived_" are computed by KAPNotes from the stored values (total mg, mg/kg, scale
totals, flags) and are never typed by anyone; docs/CSV.md is the data dictionary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from kapnotes.domain.records import Client, Session
from kapnotes.domain.scales import SCALES, score
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.validation import validate_session
from kapnotes.domain.vitals import vital_flags, worst_level
from kapnotes.store.transfer import ClientBundle

# How dates, times and values are written: ISO dates, 24-hour "HH:MM", lists joined by "; ".
SEP = "; "


def _d(value) -> str:
    return value.isoformat() if value is not None else ""


def _t(value) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _dt(value) -> str:
    return value.isoformat(timespec="seconds") if value is not None else ""


def _b(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _n(value) -> Any:
    return "" if value is None else value


@dataclass
class Context:
    """What row builders need besides the records: settings, the de-identification plan."""

    settings: PracticeSettings
    today: date
    deid: Any = None  # csv_deidentify.Plan when de-identifying, else None

    def id(self, kind: str, value: Any) -> Any:
        """A row id as written: the database id, or in a de-identified export this export's
        own number for it (the same in every table, so joins work)."""
        return self.deid.row_id(kind, value) if self.deid else value

    def text(self, client: Client, value: str, vocab: str = "") -> str:
        """Typed text as written: scrubbed in a de-identified export (a code of the built-in
        vocabulary `vocab` is not typed text and stays)."""
        if not self.deid:
            return value
        return self.deid.code(client, vocab, value) if vocab else self.deid.text(client, value)

    def chart(self, client: Client) -> str:
        return self.deid.study_code(client) if self.deid else client.chart

    def day(self, client: Client, value: date | None) -> Any:
        """A date as written: ISO, or in a de-identified export the days since the client's
        first course or session (Safe Harbor keeps no date closer than the year)."""
        if self.deid:
            return self.deid.day(client, value)
        return _d(value)


def clients_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    c = b.client
    latest = max(c.weights, key=lambda w: w.measured_on) if c.weights else None
    positives = [s.item for s in c.screening_positives()]
    if ctx.deid:
        d = ctx.deid.client(c)  # typed fields scrubbed, as in the de-identified PDFs
        yield [ctx.id("client", c.id), ctx.chart(c), ctx.deid.birth_year(c), d.pronouns,
               d.indication, d.medications, ctx.day(c, c.consent_date), d.notes,
               _b(c.archived), _n(latest.kg if latest else None),
               SEP.join(s.item for s in d.screening_positives()), len(b.sessions)]  # fmt: skip
        return
    yield [c.id, c.chart, c.name, _d(c.dob), c.pronouns, c.indication, c.medications,
           _d(c.consent_date), c.notes, _b(c.archived), _n(latest.kg if latest else None),
           SEP.join(positives), len(b.sessions)]  # fmt: skip


def weights_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for w in sorted(b.client.weights, key=lambda w: w.measured_on):
        yield [ctx.id("client", b.client.id), w.kg, ctx.day(b.client, w.measured_on)]


def screening_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    c = b.client
    for s in (ctx.deid.client(c) if ctx.deid else c).screening:
        yield [ctx.id("client", c.id), s.item, s.answer, s.note]


def courses_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    counts = [0] * len(b.courses)
    for index in b.course_index:
        if index is not None:
            counts[index] += 1
    for course, n in zip(b.courses, counts, strict=True):
        title = ctx.deid.course(b.client, course).title if ctx.deid else course.title
        yield [ctx.id("course", course.id), ctx.id("client", b.client.id), course.purpose, title,
               ctx.day(b.client, course.start_date), course.status, _b(course.archived), n]  # fmt: skip


def _keys(ctx: Context, kind: str, row_id: int | None, s: Session, b: ClientBundle) -> list:
    """A child row's own id, its session's and its client's (renumbered when de-identified)."""
    return [ctx.id(kind, row_id), ctx.id("session", s.id), ctx.id("client", b.client.id)]


def _sessions(b: ClientBundle, ctx: Context) -> Iterator[tuple[Session, int | None]]:
    for s, index in zip(b.sessions, b.course_index, strict=True):
        yield (ctx.deid.session(b.client, s) if ctx.deid else s), index


def sessions_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    c = b.client
    for s, index in _sessions(b, ctx):
        course_id = ctx.id("course", b.courses[index].id) if index is not None else ""
        findings = validate_session(s, c, ctx.settings, ctx.today)
        flags = [r.safety_flag for sc in s.scales if (r := score(sc)).safety_flag]
        yield [
            ctx.id("session", s.id), ctx.id("client", c.id), course_id, ctx.day(c, s.date),
            _t(s.start_time), _n(s.number), s.kind, s.setting, SEP.join(s.clinicians),
            s.intention, ctx.text(c, s.template, "templates"), s.narrative_text(),
            s.dosing.lot_number, s.dosing.premedication, _n(s.dosing.onset_min),
            _n(s.dosing.peak_min), _n(s.dosing.baseline_min), ctx.text(c, s.dosing.sl_disposition),
            _t(s.dosing.infusion_end), _t(s.discharge.time),
            SEP.join(k for k, v in s.discharge.criteria.items() if v), s.discharge.released_to,
            s.discharge.note, SEP.join(k for k, v in s.rems.concomitant.items() if v),
            _b(s.rems.vitals_ok_before), _b(s.rems.vitals_ok_end), _b(s.rems.sedation),
            _b(s.rems.dissociation), _b(s.rems.respiratory_depression),
            _n(s.rems.ready_to_leave_min), _t(s.rems.monitoring_end),
            _b(s.is_signed), ctx.day(c, s.signed_at.date()) if s.signed_at else "",
            _t(s.signed_at.time()) if s.signed_at else "", s.signed_by, s.signed_credentials,
            s.total_mg if s.given() else "", _n(s.mg_per_kg(c)),
            _n(c.weight_on(s.date)), s.route, _b(s.is_esketamine),
            SEP.join(flags), SEP.join(sorted({f.code for f in findings if not f.is_error})),
            SEP.join(sorted({f.code for f in findings if f.is_error})), len(s.addenda),
        ]  # fmt: skip


def administrations_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s, _i in _sessions(b, ctx):
        for pos, a in enumerate(s.given(), start=1):
            yield [*_keys(ctx, "administration", a.id, s, b), pos, _t(a.time), a.route,
                   a.medication, a.mg, a.site, a.given_by, a.lot, a.note,
                   _n(s.minutes_after_first_dose(a.time))]  # fmt: skip


def vitals_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    thresholds = ctx.settings.vitals
    for s, _i in _sessions(b, ctx):
        for pos, v in enumerate(s.vitals, start=1):
            flags = vital_flags(v, thresholds)
            yield [*_keys(ctx, "vital", v.id, s, b), pos, _t(v.time), _n(v.systolic),
                   _n(v.diastolic), _n(v.heart_rate), _n(v.spo2), _n(v.resp_rate),
                   v.sedation_scale, _n(v.sedation_score), v.phase, v.note,
                   worst_level(flags) or "", SEP.join(f.message for f in flags)]  # fmt: skip


def effects_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s, _i in _sessions(b, ctx):
        for pos, e in enumerate(s.effects, start=1):
            yield [*_keys(ctx, "effect", e.id, s, b), pos, e.effect, e.intensity, _t(e.time), e.note]  # fmt: skip


def adverse_events_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s, _i in _sessions(b, ctx):
        for pos, ae in enumerate(s.adverse_events, start=1):
            yield [*_keys(ctx, "adverse_event", ae.id, s, b), pos, ae.description, ae.severity,
                   _t(ae.time), SEP.join(ae.interventions), ae.outcome, ae.note]  # fmt: skip


def themes_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s, _i in _sessions(b, ctx):
        for pos, t in enumerate(s.themes, start=1):
            yield [*_keys(ctx, "theme", t.id, s, b), pos, t.theme, t.note]


def scale_items_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s in b.sessions:
        for sc in s.scales:
            scale = SCALES.get(sc.scale)
            for i, value in enumerate(sc.items, start=1):
                labels = scale.item_labels if scale else ()
                yield [*_keys(ctx, "scale", sc.id, s, b), sc.scale, i,
                       labels[i - 1] if i <= len(labels) else "", _n(value)]  # fmt: skip


def scale_totals_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s in b.sessions:
        for sc in s.scales:
            r = score(sc)
            yield [*_keys(ctx, "scale", sc.id, s, b), sc.scale, _n(sc.total), _n(r.total),
                   r.band or "", _b(r.complete), len(r.missing), r.safety_flag or ""]  # fmt: skip


def addenda_rows(b: ClientBundle, ctx: Context) -> Iterator[list]:
    for s, _i in _sessions(b, ctx):
        for a in s.addenda:
            yield [*_keys(ctx, "addendum", a.id, s, b), ctx.day(b.client, a.time.date()),
                   _t(a.time), a.author, a.text]  # fmt: skip


Rows = Callable[[ClientBundle, Context], Iterator[list]]
_CLIENT_PLAIN = (
    "client_id chart name dob pronouns indication medications consent_date notes archived"
)
_CLIENT_DEID = "client_id study_code birth_year pronouns indication medications consent_day notes archived"  # fmt: skip
_CLIENT_DERIVED = " derived_latest_weight_kg derived_screening_yes derived_sessions"
# file name -> (columns, plain columns when de-identified differ, row builder)
TABLES: dict[str, tuple[str, str | None, Rows]] = {
    "clients": (_CLIENT_PLAIN + _CLIENT_DERIVED, _CLIENT_DEID + _CLIENT_DERIVED, clients_rows),
    "weights": ("client_id kg measured_on", "client_id kg measured_day", weights_rows),
    "screening": ("client_id item answer note", None, screening_rows),
    "courses": (
        "course_id client_id purpose title start_date status archived derived_sessions",
        "course_id client_id purpose title start_day status archived derived_sessions",
        courses_rows,
    ),  # fmt: skip
    "sessions": (
        "session_id client_id course_id date start_time number kind setting clinicians intention "
        "template narrative lot_number premedication onset_min peak_min baseline_min "
        "sl_disposition infusion_end discharge_time discharge_criteria_met released_to "
        "discharge_note rems_concomitant_yes rems_vitals_ok_before rems_vitals_ok_end "
        "rems_sedation rems_dissociation rems_respiratory_depression rems_ready_to_leave_min "
        "rems_monitoring_end signed signed_date signed_time signed_by signed_credentials "
        "derived_total_mg derived_mg_per_kg derived_weight_kg derived_route "
        "derived_esketamine derived_safety_flags derived_warnings derived_errors "
        "derived_addenda",
        "DEID",
        sessions_rows,
    ),
    "administrations": (
        "administration_id session_id client_id position time route "
        "medication mg site given_by lot note derived_minutes_after_first_dose",
        None,
        administrations_rows,
    ),  # fmt: skip
    "vitals": (
        "vital_id session_id client_id position time systolic diastolic heart_rate spo2 "
        "resp_rate sedation_scale sedation_score phase note derived_flag_level "
        "derived_flags",
        None,
        vitals_rows,
    ),  # fmt: skip
    "effects": (
        "effect_id session_id client_id position effect intensity time note",
        None,
        effects_rows,
    ),  # fmt: skip
    "adverse_events": (
        "adverse_event_id session_id client_id position description severity "
        "time interventions outcome note",
        None,
        adverse_events_rows,
    ),  # fmt: skip
    "themes": ("theme_id session_id client_id position theme note", None, themes_rows),
    "scale_items": (
        "scale_id session_id client_id scale item item_label value",
        None,
        scale_items_rows,
    ),  # fmt: skip
    "scale_totals": (
        "scale_id session_id client_id scale entered_total derived_total "
        "derived_band derived_complete derived_missing_items "
        "derived_safety_flag",
        None,
        scale_totals_rows,
    ),  # fmt: skip
    "addenda": (
        "addendum_id session_id client_id date time author text",
        "addendum_id session_id client_id day time author text",
        addenda_rows,
    ),
}


def columns(name: str, deidentified: bool) -> list[str]:
    """The header of a table (de-identified exports rename the date columns to days)."""
    plain, deid, _rows = TABLES[name]
    if deidentified and deid == "DEID":
        return [{"date": "day", "signed_date": "signed_day"}.get(c, c) for c in plain.split()]
    return (deid if deidentified and deid else plain).split()
