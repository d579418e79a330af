"""Ids, references and times of the bundle's resources.

Every resource gets a UUID as its id and "urn:uuid:<id>" as its entry's fullUrl; references
name that URN, so each one resolves inside the bundle whatever server receives it. The UUIDs
are deterministic: a per-practice, per-kind prefix (from the practice's first audit hash) and
the record's own id in the last group, so a second export names the same records the same way.
"""

from __future__ import annotations

import functools
import uuid
from datetime import date, datetime, time
from typing import Any

from kapnotes.domain import formatting

# Vocabulary labels are looked up for every resource: built once per code, not per call.
label = functools.cache(formatting.label)


class Ids:
    """UUIDs for (kind, number) pairs: "Patient"/client id, "vital-bp"/vitals row id, ..."""

    def __init__(self, fingerprint: str):
        self._namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:kapnotes:practice:{fingerprint}")
        self._prefix: dict[str, str] = {}

    def id(self, kind: str, number: int) -> str:
        try:
            return self._prefix[kind] + format(number, "012x")
        except KeyError:
            # The first four groups of a name-based UUID; the record number fills the fifth.
            self._prefix[kind] = str(uuid.uuid5(self._namespace, kind))[:24]
            return self.id(kind, number)

    def named(self, kind: str, key: str) -> str:
        """The UUID of a record known by a name (a practitioner): the same in every export of
        the practice, whoever else the export names."""
        return str(uuid.uuid5(self._namespace, f"{kind}:{key}"))

    def ref(self, kind: str, number: int, display: str = "") -> dict[str, Any]:
        out = {"reference": f"urn:uuid:{self.id(kind, number)}"}
        if display:
            out["display"] = display
        return out


_LAST = time(23, 59, 59)


@functools.lru_cache(maxsize=4096)
def _zone_of_day(day: date) -> str | None:
    """The computer's UTC offset through a whole day, as isoformat writes it ("+02:00"); None
    on a day it changes (a daylight-saving switch), whose times are converted one by one."""
    points = [datetime.combine(day, t).astimezone() for t in (time(0), time(12), _LAST)]
    if len({p.utcoffset() for p in points}) != 1:
        return None
    return points[0].isoformat(timespec="seconds")[19:]


def when(day: date, at: time | None = None) -> str:
    """A FHIR dateTime: the date alone, or date and time in the computer's time zone (FHIR
    needs a zone with a time; notes keep local times). The zone is looked up once per day (a
    conversion per time was a tenth of the export)."""
    if at is None:
        return day.isoformat()
    zone = _zone_of_day(day)
    if zone is None or at.tzinfo is not None:
        return datetime.combine(day, at).astimezone().isoformat(timespec="seconds")
    return f"{day.isoformat()}T{at.isoformat(timespec='seconds')}{zone}"


def instant(value: datetime) -> str:
    """A FHIR instant (seconds and zone) from a local timestamp."""
    return value.astimezone().isoformat(timespec="seconds")
