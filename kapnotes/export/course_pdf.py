"""The course summary PDF: every session of a course in one table, the charts and the outcome.

All numbers (scores, bands, doses, response and remission) come from
kapnotes.domain.progress.course_progress, the same function the client page uses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from kapnotes.domain.formatting import (
    DASH,
    course_line,
    days_from,
    fmt_date,
    fmt_mg,
    fmt_mg_per_kg,
    fmt_number,
    fmt_yes_no,
    label,
    theme_labeller,
)
from kapnotes.domain.progress import chart_max, course_progress, scale_bands, scored_as_mean
from kapnotes.domain.records import Client, Course, Session, day_order
from kapnotes.domain.scales import SCALES, score
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.signatures import client_as_signed
from kapnotes.domain.vocab import intensity_label
from kapnotes.export import charts
from kapnotes.export import styles as st
from kapnotes.export.blocks import data_table, fields_table, heading, note_line
from kapnotes.export.course_safety import safety_section
from kapnotes.export.deidentify import (
    DEIDENTIFIED_NOTE,
    Deidentification,
    day_zero_of,
    deidentify_client,
    deidentify_course,
    deidentify_session,
)
from kapnotes.export.identity import identity
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.text import para

MAIN_EFFECTS = 3


def _bands(code: str) -> list[charts.Band]:
    """The severity bands the Progress tab shades (none for the C-SSRS risk level)."""
    return [charts.Band(low, high, name) for low, high, name in scale_bands(code)]


def _session_rows(
    sessions: list[Session], client: Client, theme_label: Callable[[str], str]
) -> list[list[str]]:
    rows = []
    for s in sessions:
        effects = sorted(s.effects, key=lambda e: -e.intensity)
        # "Dissociation / depersonalisation" -> "Dissociation": the table is narrow.
        main = [
            f"{label('effects', e.effect).split(' / ')[0]} ({intensity_label(e.intensity)})"
            for e in effects[:MAIN_EFFECTS]
            if e.intensity > 0
        ]
        dosing = bool(s.given())
        rows.append(
            [
                str(s.number) if s.number else DASH,
                fmt_date(s.date),
                "signed" if s.is_signed else "draft",
                label("session_kinds", s.kind),
                label("routes", s.route) if dosing else DASH,
                fmt_mg(s.total_mg) if dosing else DASH,
                fmt_mg_per_kg(s.mg_per_kg(client_as_signed(client, s)), unit=False)
                if dosing
                else DASH,
                intensity_label(s.peak_intensity("dissociation")) if dosing else DASH,
                _phq9(s),
                "; ".join(main) or DASH,
                ", ".join(dict.fromkeys(theme_label(t.theme) for t in s.themes)) or DASH,
            ]
        )
    return rows


def _phq9(session: Session) -> str:
    """The session's PHQ-9 total; a total from partial items says so."""
    entered = session.scale("phq9")
    if entered is None:
        return DASH
    result = score(entered)
    if result.total is None:
        return DASH
    return fmt_number(result.total) + ("" if result.complete else " (partial)")


def _outcome(progress) -> list[Flowable]:
    s = st.styles()
    if progress.phq9_baseline is None:
        return [
            heading("Outcome"),
            note_line("No PHQ-9 entered in this course: outcome not assessed."),
        ]
    change = progress.phq9_change_pct
    # One complete PHQ-9 is a baseline, not an outcome: say so rather than print "No".
    pending = "not yet: one complete PHQ-9 so far"
    change_text = (
        DASH
        if change is None or progress.response is None
        else (f"{abs(change):.0f} % {'lower' if change >= 0 else 'higher'}")
    )
    pairs = [
        ("PHQ-9 at baseline", fmt_number(progress.phq9_baseline)),
        ("PHQ-9 latest", fmt_number(progress.phq9_latest)),
        ("Change from baseline", change_text),
        ("Response", pending if progress.response is None else fmt_yes_no(progress.response)),
        ("Remission", pending if progress.remission is None else fmt_yes_no(progress.remission)),
    ]
    return [
        heading("Outcome"),
        fields_table(pairs, columns=1),
        Spacer(1, 2),
        para(
            "Response: PHQ-9 at least 50 % lower than the course's first complete PHQ-9. "
            "Remission: latest PHQ-9 below 5.",
            s.muted,
        ),
    ]


def course_story(
    client: Client,
    course: Course | None,
    sessions: list[Session],
    *,
    settings: PracticeSettings | None = None,
    deidentified: bool = False,
    today: date | None = None,
    deid: Deidentification | None = None,
) -> list[Flowable]:
    """The flowables of a course summary (sessions oldest first)."""
    if deidentified and deid is None:
        deid = Deidentification.make(client, day_zero_of(course, sessions), sessions=sessions)
    with days_from(deid.day_zero if deid else None):
        return _course_story(client, course, sessions, settings, today or date.today(), deid)


def _course_story(client, course, sessions, settings, today, deid) -> list[Flowable]:
    s = st.styles()
    deidentified = deid is not None
    if deid:
        sessions = [deidentify_session(x, client, deid.scrub) for x in sessions]
        course = deidentify_course(course, client, deid.scrub)
        client = deidentify_client(client, deid.scrub)
    sessions = sorted(sessions, key=day_order)
    progress = course_progress(sessions, client)
    who = identity(
        client, today, deidentified=deidentified, study_code=deid.study_code if deid else ""
    )
    title = "Course summary" + (" (de-identified)" if deidentified else "")
    story: list[Flowable] = [para(title, s.title)]
    if settings and settings.practice_name and not deidentified:
        story.append(para(settings.practice_name, s.subtitle))
    if deidentified:
        story.append(para(DEIDENTIFIED_NOTE, s.muted))
    story.append(Spacer(1, 6))
    span = f"{fmt_date(sessions[0].date)} to {fmt_date(sessions[-1].date)}" if sessions else DASH
    course_text = course_line(course, status=True, start=True)
    kg = client.weight_on(sessions[-1].date) if sessions else None
    story.append(
        fields_table(
            [
                ("Client", who.heading),
                ("Chart number" if not deidentified else "Study code", who.chart),
                ("Date of birth" if not deidentified else "Age", who.dob_line),
                (
                    "Indication",
                    label("indications", client.indication) if client.indication else DASH,
                ),
                ("Course", course_text),
                # The Progress tab's counts: a dosing session counts even before its doses.
                ("Sessions", f"{progress.sessions} ({progress.dosing_sessions} with dosing)"),
                ("Dates", span),
                ("Latest weight", f"{fmt_number(kg)} kg" if kg else "not on file"),
            ]
        )
    )
    story += _outcome(progress)
    story += safety_section(sessions, client, settings, deid.scrub if deid else None)
    story += [heading("Charts")]
    codes = progress.ordered_scales()
    for code in codes:
        scored = [p for p in progress.scale_series[code] if p.total is not None]
        points = [(p.date, p.total) for p in scored]
        if not points:
            continue
        name = SCALES[code].label if code in SCALES else code
        mean = scored_as_mean(code)
        story += [
            KeepTogether(
                [
                    charts.line_chart(
                        f"{name}{' (mean of items)' if mean else ''} across the course",
                        points,
                        y_max=chart_max(code, [v for _, v in points]),
                        bands=_bands(code),
                        y_title="mean of items" if mean else "total score",
                        partial=[not p.complete for p in scored],
                    ),
                    *(
                        [
                            note_line(
                                "Hollow points: totals from partial items (an item missing); not used for response or remission."
                            )
                        ]  # fmt: skip
                        if any(not p.complete for p in scored)
                        else []
                    ),
                ]
            ),
            Spacer(1, 8),
        ]
    if not codes:
        story.append(note_line("No rating scales entered in this course."))
    dose_points = [(d, v) for d, _sid, v in progress.dose_points if v is not None]
    dose_chart: list[Flowable] = [
        charts.bar_chart("Dose in mg/kg per dosing session", dose_points, y_title="mg/kg")
    ]
    unweighed = len(progress.dose_points) - len(dose_points)
    if unweighed:
        dose_chart.append(
            note_line(
                f"{unweighed} dosing session(s) not shown: no weight on file for the date, "
                "so no mg/kg (their total mg is in the table below)."
            )
        )
    theme_label = theme_labeller(settings)
    story += [
        KeepTogether(dose_chart),
        Spacer(1, 8),
        KeepTogether(
            charts.horizontal_bars(
                "Integration themes: how often each came up",
                [(theme_label(code), count) for code, _name, count in progress.theme_counts[:15]],
            )
        ),
    ]
    story += [CondPageBreak(90), heading("Sessions", keep=False)]
    if sessions:
        story.append(
            data_table(
                [
                    "#",
                    "Date",
                    "Note",
                    "Kind",
                    "Route",
                    "Total",
                    "mg/kg",
                    "Peak dissoc.",
                    "PHQ-9",
                    "Main effects",
                    "Themes",
                ],
                _session_rows(sessions, client, theme_label),
                [0.3, 0.9, 0.55, 0.85, 0.85, 0.55, 0.62, 0.75, 0.6, 1.28, 1.15],
                style=st.styles().cell_small,
            )
        )
    else:
        story.append(note_line("No sessions in this course yet."))
    story += _adverse_events(progress)
    return story


def _adverse_events(progress) -> list[Flowable]:
    out: list[Flowable] = [heading("Adverse events")]
    if not progress.adverse_events:
        return [*out, note_line("No adverse events recorded in this course.")]
    rows = [
        [
            fmt_date(day),
            a.description,
            label("severities", a.severity),
            ", ".join(label("interventions", i) for i in a.interventions) or DASH,
            a.outcome or DASH,
        ]
        for day, _sid, a in progress.adverse_events
    ]
    out.append(
        data_table(
            ["Date", "What happened", "Severity", "Interventions", "Outcome"],
            rows,
            [0.85, 2.3, 0.8, 1.8, 1.6],
        )
    )
    return out


def export_course_pdf(
    client: Client,
    course: Course | None,
    sessions: list[Session],
    out: Path | str | BinaryIO,
    *,
    settings: PracticeSettings | None = None,
    deidentified: bool = False,
    printed: datetime | None = None,
    study_code: str | None = None,
    shared_names: tuple[str, ...] = (),
) -> ExportedPdf:
    """Write the course summary of a client's course (or of all their sessions)."""
    printed = printed or datetime.now()
    zero = day_zero_of(course, sessions)
    deid = (
        Deidentification.make(client, zero, study_code, sessions=sessions, shared_names=shared_names)
        if deidentified
        else None
    )  # fmt: skip
    who = identity(client, printed.date(), deidentified=deidentified)
    name = "" if deidentified else f" · {who.heading}"  # last: a long name is shortened
    header = f"Course summary · chart {who.chart}{name}"
    title = f"Course summary, chart {client.chart}"
    if deid is not None:
        header = title = f"Course summary (de-identified) · study {deid.study_code}"
    info = PageInfo(running_header=header, printed=printed, draft=False, deidentified=deidentified)
    story = course_story(
        client, course, sessions, settings=settings, today=printed.date(), deid=deid
    )
    return build_pdf(
        out,
        story,
        info,
        title=title,
        author=settings.practice_name if settings and not deid else "",
        study_code=deid.study_code if deid else "",
    )
