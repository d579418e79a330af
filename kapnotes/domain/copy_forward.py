"""Copy forward from the last session: intention, plan and themes, chosen field by field.

Only on an explicit action, and marked where copied: copied text starts with a marker naming
the session it came from, copied themes say so in their note. Nothing is overwritten: text is
added after what the new note already holds, a theme already tagged is left as it is.
"""

from __future__ import annotations

import copy
from datetime import date

from kapnotes.domain.records import Session, ThemeTag
from kapnotes.domain.vocab import template_sections

FIELDS = {"intention": "Intention", "plan": "Plan", "themes": "Themes"}
PLAN_SECTIONS = ("Plan", "Note")


def marker(day: date) -> str:
    return f"[copied from the session of {day.isoformat()}]"


def plan_text(session: Session) -> str:
    """The plan of a note: its Plan section (SOAP, DAP, BIRP), else nothing."""
    return session.narrative.get("Plan", "").strip()


def source_session(sessions: list[Session], target: Session) -> Session | None:
    """The latest other session of the client on or before the target's date that has
    something to copy (dosing or not: a plan is usually written at integration)."""
    earlier = [
        s for s in sessions
        if s.id != target.id and s.date <= target.date
        and (s.intention.strip() or plan_text(s) or s.themes)
    ]  # fmt: skip
    return max(earlier, key=lambda s: (s.date, s.start_time or s.date, s.id or 0), default=None)


def available(source: Session) -> dict[str, str]:
    """What each field would copy, as a preview ("" when the source has nothing)."""
    return {
        "intention": source.intention.strip(),
        "plan": plan_text(source),
        "themes": ", ".join(t.theme for t in source.themes),
    }


def _append(existing: str, text: str, day: date) -> str:
    block = f"{marker(day)} {text}"
    return f"{existing.rstrip()}\n\n{block}" if existing.strip() else block


def copy_forward(source: Session, target: Session, fields: set[str]) -> list[str]:
    """Copy the chosen fields into `target` (changed in place); returns the fields copied."""
    done = []
    day = source.date
    if "intention" in fields and source.intention.strip():
        target.intention = _append(target.intention, source.intention.strip(), day)
        done.append("intention")
    plan = plan_text(source)
    if "plan" in fields and plan:
        sections = template_sections(target.template)
        name = next((n for n in PLAN_SECTIONS if n in sections), sections[-1])
        target.narrative = dict(target.narrative)
        target.narrative[name] = _append(target.narrative.get(name, ""), f"Plan: {plan}" if name != "Plan" else plan, day)  # fmt: skip
        done.append("plan")
    if "themes" in fields and source.themes:
        have = {t.theme for t in target.themes}
        for t in source.themes:
            if t.theme not in have:
                note = f"{marker(day)} {t.note}".strip()
                target.themes.append(ThemeTag(copy.copy(t.theme), note))
        done.append("themes")
    return done
