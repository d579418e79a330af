"""Checking a decoded KAPNotes JSON document: every record built from its fields, every problem
collected with its path (`clients[3].sessions[2].administrations[0].mg: not a number`), so
that one import attempt names everything at fault (at most MAX_PROBLEMS of it)."""

from __future__ import annotations

import math
from dataclasses import MISSING, fields
from datetime import datetime
from typing import Any

from kapnotes.domain.limits import possible_range, scale_problems
from kapnotes.domain.records import (
    SCREENING_ANSWERS,
    Administration,
    Client,
    EffectObservation,
    RemsSubmission,
    ScaleScore,
    ScreeningItem,
    Session,
    WeightEntry,
)
from kapnotes.export.json_decode import (
    FORMS,
    HugeNumber,
    encodable,
    parse_date,
    parse_datetime,
    parse_time,
)
from kapnotes.export.json_intake import intake_value_problems
from kapnotes.export.json_specs import RECORDS, REQUIRED, SPECS, strip_optional
from kapnotes.store.transfer import ClientBundle

MAX_PROBLEMS = 50


class DocumentChecker:
    """Walks a decoded document, building records and collecting problems with their paths."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{path}: {message}")

    def value(self, data: Any, kind: str, path: str) -> Any:
        bare = strip_optional(kind)
        if data is None:
            if bare != kind:
                return None
            self.fail(path, "must not be null")
            return None
        kind = bare
        if kind.startswith("list:"):
            if not isinstance(data, list):
                return self.fail(path, "not a list")
            return [self.value(v, kind[5:], f"{path}[{i}]") for i, v in enumerate(data)]
        if kind.startswith("map:"):
            if not isinstance(data, dict):
                return self.fail(path, "not an object")
            for key in data:
                if not encodable(key):
                    self.fail(path, "a name that is not valid text (lone surrogate)")
                elif "\x00" in key:
                    self.fail(path, "a name that holds a NUL character (\\u0000)")
            return {k: self.value(v, kind[4:], f"{path}.{k}") for k, v in data.items()}
        if kind in RECORDS:
            return self.record(RECORDS[kind], data, path)
        return self.scalar(data, kind, path)

    def scalar(self, data: Any, kind: str, path: str) -> Any:
        if isinstance(data, HugeNumber):
            return self.fail(path, f"too large a number ({data.digits} digits)")
        if kind == "str":
            if not isinstance(data, str):
                return self.fail(path, "not a text")
            if "\x00" in data:
                return self.fail(path, "holds a NUL character (\\u0000)")
            return data if encodable(data) else self.fail(path, "not valid text (lone surrogate)")
        if kind == "bool":
            return data if isinstance(data, bool) else self.fail(path, "not true or false")
        if kind in ("int", "float"):
            if isinstance(data, bool) or not isinstance(data, int | float):
                return self.fail(path, "not a number")
            if not math.isfinite(data):
                return self.fail(path, "not a finite number")
            if kind == "float":
                return float(data)
            if isinstance(data, float) and not data.is_integer():
                return self.fail(path, "not a whole number")
            if not -(2**63) <= data < 2**63:  # what SQLite can store as an integer
                return self.fail(path, "too large a number")
            return int(data)
        parse = {"date": parse_date, "time": parse_time, "datetime": parse_datetime}
        if not isinstance(data, str):
            return self.fail(path, f"not a {kind} ({FORMS[kind]})")
        try:
            return parse[kind](data)
        except ValueError:
            return self.fail(path, f"not a {kind} ({FORMS[kind]})")

    def record(self, cls: type, data: Any, path: str, extra: set[str] = frozenset()) -> Any:
        if not isinstance(data, dict):
            return self.fail(path, "not an object")
        spec = SPECS[cls]
        for key in data:
            if key not in spec and key not in extra:
                self.fail(f"{path}.{key}", "unknown field")
        for key in REQUIRED.get(cls, ()):
            if key not in data:
                self.fail(f"{path}.{key}", "missing")
        kwargs = {}
        for f in fields(cls):
            if f.name in data and f.name in spec:
                kwargs[f.name] = self.value(data[f.name], spec[f.name], f"{path}.{f.name}")
            elif f.default is MISSING and f.default_factory is MISSING:
                kwargs[f.name] = None  # optional in the file, no default in the record
        self.check_values(cls, kwargs, path)
        self.check_ranges(cls, kwargs, path)
        try:
            return cls(**kwargs)
        except TypeError:
            return None  # a required field was missing: already reported

    def check_ranges(self, cls: type, v: dict[str, Any], path: str) -> None:
        """Every number within the bounds of the possible (domain.limits), and scale scores
        as a form could have entered them; a field already reported is not reported again."""
        reported = {p.split(": ", 1)[0] for p in self.problems}
        if cls is ScaleScore:
            items = v.get("items", [])  # left out of the file: none entered
            if isinstance(v.get("scale"), str) and isinstance(items, list):
                for name, reason in scale_problems(v["scale"], items, v.get("total")):
                    if f"{path}.{name}" not in reported:
                        self.fail(f"{path}.{name}", reason)
            return
        for name, value in v.items():
            bounds = possible_range(cls.__name__, name)
            if bounds is None or isinstance(value, bool) or not isinstance(value, int | float):
                continue
            if not bounds[0] <= value <= bounds[1] and f"{path}.{name}" not in reported:
                self.fail(
                    f"{path}.{name}", f"{value:g} is out of range ({bounds[0]:g}–{bounds[1]:g})"
                )

    def check_values(self, cls: type, v: dict[str, Any], path: str) -> None:
        """Value rules the store or the domain relies on (types are already checked)."""
        if cls is Client:
            for key in ("chart", "name"):
                if isinstance(v.get(key), str) and not v[key].strip():
                    self.fail(f"{path}.{key}", "must not be empty")
            seen: set[str] = set()
            for i, item in enumerate(v.get("screening") or []):
                if item is None:
                    continue
                if item.item in seen:
                    self.fail(f"{path}.screening[{i}].item", f"{item.item!r} appears twice")
                seen.add(item.item)
        elif cls is ScreeningItem and v.get("answer") not in (None, *SCREENING_ANSWERS):
            self.fail(f"{path}.answer", "not one of " + ", ".join(SCREENING_ANSWERS))
        elif cls is Administration and isinstance(v.get("mg"), float) and v["mg"] < 0:
            self.fail(f"{path}.mg", "must not be negative")
        elif cls is WeightEntry and isinstance(v.get("kg"), float) and v["kg"] <= 0:
            self.fail(f"{path}.kg", "must be more than 0")
        elif cls is EffectObservation and v.get("intensity") not in (None, 0, 1, 2, 3):
            self.fail(f"{path}.intensity", "must be 0 (none) to 3 (severe)")
        elif cls is RemsSubmission and v.get("method") not in (None, "online", "fax"):
            self.fail(f"{path}.method", "not one of online, fax")
        elif cls is Session:
            self.check_order(v, path)
        # Intake, decisions, consents and the checklist (and a checklist's session kind).
        for where, message in intake_value_problems(cls, v):
            self.fail(f"{path}.{where}", message)

    def check_order(self, v: dict[str, Any], path: str) -> None:
        """Times out of order are errors at import as at entry (domain.session_safety)."""
        discharge = v.get("discharge")
        left = getattr(discharge, "time", None)
        for i, vital in enumerate(v.get("vitals") or []):
            when = getattr(vital, "time", None)
            if left is not None and when is not None and when > left:
                self.fail(f"{path}.vitals[{i}].time", f"{when:%H:%M} is after discharge ({left:%H:%M})")  # fmt: skip
        signed = v.get("signed_at")
        for i, a in enumerate(v.get("addenda") or []):
            when = getattr(a, "time", None)
            if isinstance(signed, datetime) and isinstance(when, datetime) and when < signed:
                self.fail(f"{path}.addenda[{i}].time", "is before the signature")

    def client(self, data: Any, path: str) -> ClientBundle | None:
        client = self.record(Client, data, path, extra={"courses", "sessions"})
        if not isinstance(data, dict):
            return None
        courses = self.value(data.get("courses", []), "list:Course", f"{path}.courses") or []
        raw_sessions = data.get("sessions", [])
        if not isinstance(raw_sessions, list):
            self.fail(f"{path}.sessions", "not a list")
            raw_sessions = []
        sessions, index = [], []
        for i, item in enumerate(raw_sessions):
            spath = f"{path}.sessions[{i}]"
            session = self.record(Session, item, spath, extra={"course"})
            course = item.get("course") if isinstance(item, dict) else None
            if course is not None:
                if isinstance(course, bool) or not isinstance(course, int):
                    self.fail(f"{spath}.course", "not a course index (a whole number or null)")
                    course = None
                elif not 0 <= course < len(courses):
                    self.fail(f"{spath}.course", f"no course {course} in {path}.courses")
                    course = None
            sessions.append(session)
            index.append(course)
        if client is None or None in courses or None in sessions:
            return None
        return ClientBundle(client, courses, sessions, index)
