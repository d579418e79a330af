"""The KAPNotes JSON format (docs/FORMAT.md): records to plain dicts and back, checked.

`document()` turns client bundles into `{"format": "kapnotes", "version": 1, ...}`;
`parse_document()` checks a whole decoded file and returns bundles, or raises FormatError naming
every record and field at fault (`clients[3].sessions[2].administrations[0].mg: not a number`).
Nothing here touches the database: kapnotes.store.transfer reads and writes bundles.
"""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, fields
from datetime import datetime
from typing import Any

from kapnotes.domain.limits import possible_range, scale_problems
from kapnotes.domain.records import (
    SCREENING_ANSWERS,
    Addendum,
    Administration,
    AdverseEvent,
    Client,
    Course,
    Discharge,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    RemsSubmission,
    ScaleScore,
    ScreeningItem,
    Session,
    ThemeTag,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.settings import PracticeSettings, SettingsError, check_settings
from kapnotes.export.json_decode import (
    FORMS,
    FormatError,
    HugeNumber,
    decode,
    encodable,
    parse_date,
    parse_datetime,
    parse_time,
)
from kapnotes.export.json_intake import INTAKE_REQUIRED, INTAKE_SPECS, intake_value_problems
from kapnotes.store.transfer import ClientBundle

FORMAT = "kapnotes"
VERSION = 1
MAX_PROBLEMS = 50
TOP_LEVEL = {"format", "version", "exported_at", "settings", "clients"}

# Field kinds: "str", "int", "float", "bool", "date", "time", "datetime"; a trailing "?" allows
# null; "list:K" and "map:K" (string keys) hold kinds; a record class name is a nested object.
# A field in REQUIRED must be present; any other missing field takes the record's default.
# SPECS leave out the records' database ids and links (id, client_id, course_id): the nesting
# already says them (a client holds its courses and sessions; "course" is an index).
# Signatures stay in the practice that can check them (notes' as well as the Ed25519
# signatures of eligibility decisions and consent witnesses): an imported decision or consent
# names its signer and prints as signed elsewhere.


def _spec(text: str) -> dict[str, str]:
    """Parse "name=kind name=kind ..." into {name: kind}, in the order the format writes them."""
    return dict(item.split("=", 1) for item in text.split())


SPECS: dict[type, dict[str, str]] = {
    WeightEntry: _spec("kg=float measured_on=date"),
    ScreeningItem: _spec("item=str answer=str note=str"),
    Client: _spec(
        "chart=str name=str dob=date? pronouns=str weights=list:WeightEntry indication=str "
        "medications=str screening=list:ScreeningItem consent_date=date? notes=str archived=bool "
        "sex=str redact_names=str "
        "intake=Intake? eligibility=list:EligibilityDecision consents=list:ConsentRecord"
    ),
    **INTAKE_SPECS,
    Course: _spec("purpose=str title=str start_date=date? status=str archived=bool"),
    Administration: _spec(
        "time=time? route=str mg=float medication=str site=str given_by=str note=str planned=bool "
        "lot=str"
    ),
    VitalSign: _spec(
        "time=time? systolic=int? diastolic=int? heart_rate=int? spo2=int? resp_rate=int? "
        "sedation_scale=str sedation_score=int? phase=str note=str"
    ),
    EffectObservation: _spec("effect=str intensity=int time=time? note=str"),
    AdverseEvent: _spec(
        "description=str severity=str time=time? interventions=list:str outcome=str note=str"
    ),
    ThemeTag: _spec("theme=str note=str"),
    ScaleScore: _spec("scale=str items=list:int? total=float?"),
    Addendum: _spec("text=str author=str time=datetime"),
    RemsSubmission: _spec(
        "submitted_on=date method=str confirmation=str recorded_at=datetime? recorded_by=str"
    ),
    DosingDetails: _spec(
        "lot_number=str premedication=str onset_min=int? peak_min=int? baseline_min=int? "
        "sl_disposition=str infusion_end=time?"
    ),
    Discharge: _spec("time=time? criteria=map:bool released_to=str note=str"),
    RemsDetails: _spec(
        "concomitant=map:bool? vitals_ok_before=bool? vitals_ok_end=bool? sedation=bool? "
        "dissociation=bool? respiratory_depression=bool? ready_to_leave_min=int? "
        "monitoring_end=time? monitoring_clinician=str"
    ),
    Session: _spec(
        "date=date kind=str number=int? start_time=time? setting=str clinicians=list:str "
        "intention=str template=str narrative=map:str administrations=list:Administration "
        "vitals=list:VitalSign effects=list:EffectObservation adverse_events=list:AdverseEvent "
        "themes=list:ThemeTag scales=list:ScaleScore addenda=list:Addendum dosing=DosingDetails "
        "discharge=Discharge rems=RemsDetails signed_at=datetime? signed_by=str "
        "signed_credentials=str units_reason=str incomplete_ack=str updated_at=datetime? "
        "rems_submissions=list:RemsSubmission checklist=PreDoseChecklist?"
    ),
}
REQUIRED: dict[type, set[str]] = {
    WeightEntry: {"kg", "measured_on"},
    ScreeningItem: {"item"},
    Client: {"chart", "name"},
    Administration: {"route", "mg"},
    EffectObservation: {"effect"},
    AdverseEvent: {"description"},
    ThemeTag: {"theme"},
    ScaleScore: {"scale"},
    Addendum: {"text", "author", "time"},
    RemsSubmission: {"submitted_on", "method"},
    Session: {"date"},
    **INTAKE_REQUIRED,
}
RECORDS = {cls.__name__: cls for cls in SPECS}
__all__ = ["FormatError", "decode", "document", "dumps", "parse_document", "record_dict"]


def _strip_optional(kind: str) -> str:
    """The kind without its "may be null" mark ("list:int?" is a list of optional ints)."""
    return kind if kind.startswith(("list:", "map:")) else kind.rstrip("?")


# -- records to JSON ----------------------------------------------------------------------
def dump_value(value: Any, kind: str) -> Any:
    """A value of the format's `kind` as JSON-ready data (records as dicts, dates as ISO)."""
    if value is None:
        return None
    kind = _strip_optional(kind)
    if kind.startswith("list:"):
        return [dump_value(v, kind[5:]) for v in value]
    if kind.startswith("map:"):
        return {str(k): dump_value(v, kind[4:]) for k, v in value.items()}
    if kind in RECORDS:
        return record_dict(value)
    if kind == "time":
        return value.strftime("%H:%M")
    if kind == "datetime":
        return value.isoformat(timespec="seconds")
    if kind == "date":
        return value.isoformat()
    if kind == "float":
        return float(value)
    return value


def record_dict(record: Any) -> dict[str, Any]:
    """One record as a JSON-ready dict (every field of the format, ids left out)."""
    spec = SPECS[type(record)]
    return {name: dump_value(getattr(record, name), kind) for name, kind in spec.items()}


def client_dict(bundle: ClientBundle) -> dict[str, Any]:
    """A client with its courses and sessions; a session names its course by index."""
    out = record_dict(bundle.client)
    out["courses"] = [record_dict(c) for c in bundle.courses]
    sessions = []
    for session, course_index in zip(bundle.sessions, bundle.course_index, strict=True):
        item = {"course": course_index}
        item.update(record_dict(session))
        sessions.append(item)
    out["sessions"] = sessions
    return out


def document(
    bundles: list[ClientBundle],
    settings: PracticeSettings | None = None,
    exported_at: datetime | None = None,
) -> dict[str, Any]:
    """A whole KAPNotes JSON document (settings only when a whole practice is exported)."""
    doc: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if exported_at is not None:
        doc["exported_at"] = exported_at.isoformat(timespec="seconds")
    if settings is not None:
        doc["settings"] = settings.to_dict()
    doc["clients"] = [client_dict(b) for b in bundles]
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """The document as text: one client per line (readable, diffable, and fast to write)."""
    head = {k: v for k, v in doc.items() if k != "clients"}
    text = json.dumps(head, ensure_ascii=False, allow_nan=False)[:-1]
    clients = ",\n".join(
        json.dumps(c, ensure_ascii=False, allow_nan=False) for c in doc.get("clients", [])
    )
    return f'{text}, "clients": [\n{clients}\n]}}\n' if clients else f'{text}, "clients": []}}\n'


# -- JSON to records, checked ---------------------------------------------------------------
class _Checker:
    """Walks a decoded document, building records and collecting problems with their paths."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{path}: {message}")

    def value(self, data: Any, kind: str, path: str) -> Any:
        bare = _strip_optional(kind)
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


def parse_document(data: Any) -> tuple[list[ClientBundle], PracticeSettings | None]:
    """Check a whole decoded document and return its bundles and settings, or raise FormatError."""
    if not isinstance(data, dict):
        raise FormatError(
            ["the file does not hold a JSON object (a KAPNotes export starts with {)"]
        )
    if data.get("format") != FORMAT:
        raise FormatError(['format: not "kapnotes" (this is not a KAPNotes JSON file)'])
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatError(["version: not a whole number"])
    if version > VERSION:
        raise FormatError([f"version: {version} is newer than this KAPNotes reads ({VERSION})"])
    if version < 1:
        raise FormatError([f"version: {version} is not a KAPNotes format version"])
    checker = _Checker()
    for key in data:
        if key not in TOP_LEVEL:
            checker.fail(key, "unknown field")
    settings = None
    if data.get("settings") is not None:
        if isinstance(data["settings"], dict):
            try:
                settings = check_settings(data["settings"])
            except SettingsError as exc:
                for problem in exc.problems:
                    path, _sep, reason = problem.partition(": ")
                    checker.fail(path, reason)
        else:
            checker.fail("settings", "not an object")
    clients = data.get("clients")
    if not isinstance(clients, list):
        checker.fail("clients", "missing" if clients is None else "not a list")
        clients = []
    bundles = [checker.client(item, f"clients[{i}]") for i, item in enumerate(clients)]
    charts: dict[str, int] = {}
    for i, bundle in enumerate(bundles):
        if bundle is None:
            continue
        first = charts.setdefault(bundle.client.chart, i)
        if first != i:
            checker.fail(f"clients[{i}].chart", f"the same chart number as clients[{first}]")
    if checker.problems:
        raise FormatError(checker.problems)
    return [b for b in bundles if b is not None], settings
