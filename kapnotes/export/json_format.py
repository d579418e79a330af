"""The KAPNotes JSON format (docs/FORMAT.md): records to plain dicts and back, checked.

`document()` turns client bundles into `{"format": "kapnotes", "version": 1, ...}`;
`parse_document()` checks a whole decoded file and returns bundles, or raises FormatError naming
every record and field at fault (`clients[3].sessions[2].administrations[0].mg: not a number`).
Nothing here touches the database: kapnotes.store.transfer reads and writes bundles. What each
record holds is in json_specs; the checking of a decoded file, in json_check.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from kapnotes.domain.settings import PracticeSettings, SettingsError, check_settings
from kapnotes.export.json_check import DocumentChecker
from kapnotes.export.json_decode import FormatError, decode
from kapnotes.export.json_specs import FORMAT, RECORDS, SPECS, VERSION, strip_optional
from kapnotes.store.transfer import ClientBundle

TOP_LEVEL = {"format", "version", "exported_at", "settings", "clients"}
# FORMAT, VERSION, SPECS and decode are read from here too (json_stream, the CLI, the tests).
__all__ = [
    "FORMAT",
    "SPECS",
    "VERSION",
    "FormatError",
    "decode",
    "document",
    "dump_value",
    "dumps",
    "parse_document",
    "record_dict",
]


# -- records to JSON ----------------------------------------------------------------------
def dump_value(value: Any, kind: str) -> Any:
    """A value of the format's `kind` as JSON-ready data (records as dicts, dates as ISO)."""
    if value is None:
        return None
    kind = strip_optional(kind)
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
    checker = DocumentChecker()
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
