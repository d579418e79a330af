"""What live mode writes into a session, and the timeline it reads back (plain Python, no Qt).

One-line notes are appended to the narrative as "[HH:MM] text" lines in the section where
observations belong (Note, Objective, Data or Behaviour): the narrative is what the session note
PDF prints, in order, and the clinician can go on editing those lines in the editor.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from kapnotes.domain.records import Administration, EffectObservation, Session, VitalSign
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vitals import vital_flags, worst_level
from kapnotes.domain.vocab import (
    INTENSITY_LABELS,
    intensity_label,
    routes,
    template_sections,
    vocabulary,
)
from kapnotes.ui.live.reminders import dose_start, minutes_after_dose
from kapnotes.ui.live.vitals_line import describe_vitals, format_vitals, parse_vitals_line

NOTE_LINE = re.compile(r"^\[(\d{1,2}):(\d{2})\] (.*)$")
NOTE_SECTIONS = ("Note", "Objective", "Data", "Behaviour")
MAX_INTENSITY = 3
KINDS = {"dose": "Dose", "vitals": "Vitals", "effect": "Effect", "note": "Note"}


@dataclass(frozen=True)
class Ref:
    """Which record a timeline row stands for: kind plus child id, or note line number."""

    kind: str
    key: int


@dataclass(frozen=True)
class TimelineEntry:
    """One captured thing, for the timeline: time, words, and any flag level."""

    ref: Ref
    time: time | None
    minutes: int | None
    what: str
    detail: str
    flag: str = ""
    level: str | None = None  # caution / urgent for flagged vitals


def note_section(session: Session) -> str:
    """The narrative section live notes go to for the session's template."""
    sections = template_sections(session.template)
    return next((s for s in NOTE_SECTIONS if s in sections), sections[0])


def _hhmm(when: time) -> str:
    return f"{when:%H:%M}"


def _note_lines(session: Session) -> list[str]:
    return session.narrative.get(note_section(session), "").split("\n")


def _set_note_lines(session: Session, lines: list[str]) -> None:
    session.narrative[note_section(session)] = "\n".join(lines).strip("\n")


def phase_at(session: Session, when: time) -> str:
    """pre before the first administration, during after it (or when a dose has no time)."""
    if not session.given():
        return "pre"
    first = dose_start(session)
    return "during" if first is None or when >= first else "pre"


def effect_labeller(settings: PracticeSettings) -> Callable[[str], str]:
    """Effect code to label, the clinic's own effects included (built once, used per entry)."""
    return vocabulary("effects").extended(settings.extra_effects).label


# -- capture ---------------------------------------------------------------------------------
def add_effect(session: Session, code: str, when: time) -> EffectObservation:
    """A new observation of an effect at `when`, intensity mild."""
    obs = EffectObservation(effect=code, intensity=1, time=when)
    session.effects.append(obs)
    return obs


def raise_effect(session: Session, effect_id: int) -> EffectObservation | None:
    """One step more intense (capped at severe: wrapping would silently erase a severe)."""
    obs = next((e for e in session.effects if e.id == effect_id), None)
    if obs is not None:
        obs.intensity = min(MAX_INTENSITY, obs.intensity + 1)
    return obs


def add_note(session: Session, text: str, when: time) -> int:
    """Append a time-stamped line to the narrative; returns its line number."""
    lines = [ln for ln in _note_lines(session)]
    if lines == [""]:
        lines = []
    lines.append(f"[{_hhmm(when)}] {' '.join(text.split())}")
    _set_note_lines(session, lines)
    return len(lines) - 1


def add_vitals(session: Session, line: str, when: time, settings: PracticeSettings) -> VitalSign:
    """Parse a vitals line (VitalsLineError on bad input) and add the reading at `when`."""
    parsed = parse_vitals_line(line, settings.vitals)
    vital = parsed.to_vital(when, phase_at(session, when))
    session.vitals.append(vital)
    return vital


def give_dose(session: Session, adm: Administration) -> None:
    """Record a dose given now. Giving a planned dose confirms the plan: the first planned row
    becomes this dose (a plan counts toward nothing until given)."""
    plan = next((i for i, a in enumerate(session.administrations) if a.planned), None)
    if plan is None:
        session.administrations.append(adm)
    else:
        session.administrations[plan] = adm


def template_administration(session: Session, previous: Session | None) -> Administration:
    """What a booster is pre-filled with: the session's last dose, else the last session's."""
    plan = [a for a in session.administrations if a.planned]
    if plan:  # the plan pre-filled from the last session is what is given next
        return dataclasses.replace(plan[0], time=None, planned=False, id=None)
    for source in (session, previous):
        if source is not None and source.given():
            last = source.given()[-1]
            # The same lot as this session's last dose (a booster comes from the same vial).
            return Administration(
                time=None, route=last.route, mg=last.mg, medication=last.medication, site=last.site,
                lot=last.lot if source is session else "",
            )  # fmt: skip
    return Administration(time=None, route="im", mg=0.0, medication="racemic")


def dose_warnings(session: Session, settings: PracticeSettings, client=None) -> dict[int, list]:
    """The rule set's dose findings by administration index, for the timeline and the banner:
    a dose on an urgent BP on its own row, the route's tiers on the route's last dose."""
    from kapnotes.domain.dose_tiers import dose_findings
    from kapnotes.domain.session_safety import dose_on_urgent_bp

    out: dict[int, list] = {}
    for f in dose_on_urgent_bp(session, settings):
        index = int(f.field.split("[")[1].split("]")[0])
        out.setdefault(index, []).append(f)
    tiers = [f for f in dose_findings(session, client, settings) if f.code not in ("no_weight", "weight_old")]  # fmt: skip
    if tiers and session.administrations:
        out.setdefault(len(session.administrations) - 1, []).extend(tiers)
    return out


def rise_messages(session: Session, settings: PracticeSettings) -> dict[int, list[str]]:
    """The rule set's BP-rise cautions (from the session's own baseline) by vitals index."""
    from kapnotes.domain.session_safety import bp_rise_findings

    out: dict[int, list[str]] = {}
    for f in bp_rise_findings(session, settings):
        index = int(f.field.split("[")[1].split("]")[0])
        out.setdefault(index, []).append(f.message)
    return out


# -- timeline ------------------------------------------------------------------------------
def timeline(session: Session, settings: PracticeSettings, client=None) -> list[TimelineEntry]:
    """Everything captured, oldest first (untimed entries last); `client` gives mg/kg tiers."""
    out: list[TimelineEntry] = []
    route_names = routes()
    effect_label = effect_labeller(settings)
    dose_flags = dose_warnings(session, settings, client)
    for i, a in enumerate(session.administrations):
        route = route_names[a.route].label if a.route in route_names else a.route
        detail = f"{a.mg:g} mg · {route}" + (f" · {a.site}" if a.site else "")
        detail += f" · lot {a.lot}" if a.lot else ""
        if a.planned:  # shown, but not given: B gives it, Delete drops it
            out.append(_entry(session, Ref("dose", a.id or 0), None, "Planned dose", detail + " · not given (B gives it)"))  # fmt: skip
            continue
        flags = dose_flags.get(i, [])
        level = "urgent" if any(f.is_urgent for f in flags) else ("caution" if flags else None)
        out.append(
            _entry(session, Ref("dose", a.id or 0), a.time, "Dose", detail,
                   "; ".join(f.message for f in flags), level)
        )  # fmt: skip
    rises = rise_messages(session, settings)
    for i, v in enumerate(session.vitals):
        flags = vital_flags(v, settings.vitals)
        messages = [f.message for f in flags] + rises.get(i, [])
        level = worst_level(flags) or ("caution" if rises.get(i) else None)
        out.append(
            _entry(
                session,
                Ref("vitals", v.id or 0),
                v.time,
                "Vitals" + (" (before dosing)" if v.phase == "pre" else ""),
                describe_vitals(v),
                "; ".join(messages),
                level,
            )
        )
    for e in session.effects:
        out.append(
            _entry(
                session,
                Ref("effect", e.id or 0),
                e.time,
                effect_label(e.effect),
                intensity_label(e.intensity),
            )
        )
    for n, line in enumerate(_note_lines(session)):
        m = NOTE_LINE.match(line)
        if m and 0 <= int(m.group(1)) < 24 and int(m.group(2)) < 60:
            when = time(int(m.group(1)), int(m.group(2)))
            out.append(_entry(session, Ref("note", n), when, "Note", m.group(3)))
    return sorted(out, key=lambda x: (x.time is None, x.time or time.min))


def _entry(session, ref, when, what, detail, flag="", level=None) -> TimelineEntry:
    minutes = minutes_after_dose(session, when)
    return TimelineEntry(
        ref, when, None if minutes is None else int(minutes // 1), what, detail, flag, level
    )


# -- corrections -----------------------------------------------------------------------------
def _child(session: Session, ref: Ref):
    items: dict[str, list[Administration] | list[VitalSign] | list[EffectObservation]] = {
        "dose": session.administrations,
        "vitals": session.vitals,
        "effect": session.effects,
    }
    found = next((x for x in items[ref.kind] if x.id == ref.key), None)
    if found is None:
        raise LookupError("That entry is no longer in the session.")
    return items[ref.kind], found


def remove_entry(session: Session, ref: Ref) -> None:
    """Delete what a timeline row stands for."""
    if ref.kind == "note":
        lines = _note_lines(session)
        if ref.key < len(lines):
            del lines[ref.key]
            _set_note_lines(session, lines)
        return
    items, found = _child(session, ref)
    items.remove(found)


def parse_time(text: str) -> time:
    """HH:MM (or H.MM) as a time; ValueError with a short message otherwise."""
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("Type the time as HH:MM, e.g. 14:05.")
    return time(int(m.group(1)), int(m.group(2)))


def _rewrite_note_line(session: Session, ref: Ref, new_line: Callable[[re.Match], str]) -> None:
    """Replace one "[HH:MM] text" note line with new_line(its match)."""
    lines = _note_lines(session)
    m = NOTE_LINE.match(lines[ref.key]) if ref.key < len(lines) else None
    if m is None:
        raise LookupError("That note is no longer in the narrative.")
    lines[ref.key] = new_line(m)
    _set_note_lines(session, lines)


def set_entry_time(session: Session, ref: Ref, when: time) -> None:
    """Correct the time of an entry."""
    if ref.kind == "note":
        _rewrite_note_line(session, ref, lambda m: f"[{_hhmm(when)}] {m.group(3)}")
        return
    _items, found = _child(session, ref)
    found.time = when


def set_entry_detail(session: Session, ref: Ref, text: str, settings: PracticeSettings) -> None:
    """Correct what an entry says: intensity, vitals line, mg, or note text."""
    if ref.kind == "note":
        words = " ".join(text.split())
        _rewrite_note_line(session, ref, lambda m: f"[{m.group(1)}:{m.group(2)}] {words}")
        return
    _items, found = _child(session, ref)
    word = text.strip().lower()
    if ref.kind == "effect":
        levels = {label: i for i, label in enumerate(INTENSITY_LABELS)}
        if word.isdigit() and 0 <= int(word) <= MAX_INTENSITY:
            found.intensity = int(word)
        elif word in levels:
            found.intensity = levels[word]
        else:
            raise ValueError("Intensity is none, mild, moderate or severe (or 0–3).")
    elif ref.kind == "vitals":
        parsed = parse_vitals_line(text, settings.vitals)
        fixed = parsed.to_vital(found.time, found.phase)
        fixed.id, fixed.note = found.id, found.note
        for name in ("systolic", "diastolic", "heart_rate", "spo2", "resp_rate"):
            setattr(found, name, getattr(fixed, name))
        found.sedation_scale, found.sedation_score = fixed.sedation_scale, fixed.sedation_score
        found.phase = fixed.phase
    elif ref.kind == "dose":
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(mg)?", word)
        if not m or float(m.group(1).replace(",", ".")) <= 0:
            raise ValueError("Type the dose in mg, e.g. 50.")
        found.mg = float(m.group(1).replace(",", "."))


def edit_text(session: Session, ref: Ref) -> str:
    """The text a correction starts from (what set_entry_detail accepts)."""
    if ref.kind == "note":
        m = NOTE_LINE.match(_note_lines(session)[ref.key])
        return m.group(3) if m else ""
    _items, found = _child(session, ref)
    if ref.kind == "effect":
        return intensity_label(found.intensity)
    if ref.kind == "vitals":
        return format_vitals(found)
    return f"{found.mg:g}"


def now_time(now: datetime) -> time:
    """A capture time: to the second is more than a note needs, so whole seconds dropped."""
    return now.time().replace(second=0, microsecond=0)
