"""Decoding a KAPNotes JSON file strictly: what the json module lets pass, the format refuses.

- A key given twice in one object ({"mg": 5, "mg": 500}) would silently keep the last value;
  it is refused, with the path of the object that holds it.
- A number with thousands of digits makes Python's int() raise ValueError deep inside json
  (the int-string conversion limit); such numbers are kept as HugeNumber, so the checker names
  the field ("too large a number") instead of a traceback.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime, time
from typing import Any

# No field of the format holds a number this long; int() of it stays well below Python's limit.
MAX_DIGITS = 40


class FormatError(ValueError):
    """A file that is not a valid KAPNotes JSON document; `problems` lists every fault found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = len(problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(problems[0] + suffix)


class HugeNumber:
    """A number in the file with more digits than any field could hold (never converted)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int):
        self.digits = digits

    def __repr__(self) -> str:
        return f"<a {self.digits}-digit number>"


class _Object(dict):
    """A decoded JSON object that remembers the keys it was given more than once."""

    __slots__ = ("duplicates",)


def _object(repeated: list[bool], pairs: list[tuple[str, Any]]) -> dict:
    """Plain dicts on the fast path; an _Object only where a key repeats (rare), so that the
    path of every repeated key can be found afterwards."""
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    marked = _Object(obj)
    seen: set[str] = set()
    dupes: list[str] = []
    for key, _value in pairs:
        if key in seen and key not in dupes:
            dupes.append(key)
        seen.add(key)
    marked.duplicates = tuple(dupes)
    repeated.append(True)
    return marked


def _int(text: str) -> int | HugeNumber:
    digits = len(text.lstrip("-"))
    return HugeNumber(digits) if digits > MAX_DIGITS else int(text)


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def duplicate_keys(data: Any) -> list[str]:
    """'path.key: given twice in one object' for every repeated key (iterative: no recursion
    limit for deeply nested files)."""
    out = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            for key in getattr(node, "duplicates", ()):
                out.append(f"{_key_path(path, key)}: given twice in one object")
            stack.extend((v, _key_path(path, k)) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, f"{path}[{i}]") for i, v in reversed(list(enumerate(node))))
    return out


def decode(raw: bytes, name: str = "") -> Any:
    """The decoded document, or FormatError with one line naming the fault (the caller names
    the file)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError(["not a UTF-8 text file"]) from None
    try:
        repeated: list[bool] = []  # per call: decoding stays thread-safe
        hook = functools.partial(_object, repeated)
        data = json.loads(text, object_pairs_hook=hook, parse_int=_int)
    except json.JSONDecodeError as exc:
        raise FormatError(
            [f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from None
    except RecursionError:
        raise FormatError(["nested too deeply to be a KAPNotes file"]) from None
    except ValueError as exc:  # anything else json's own number handling may still raise
        raise FormatError([f"not valid JSON ({str(exc)[:80]})"]) from None
    if repeated:  # walk the whole document only when some key did repeat
        raise FormatError(duplicate_keys(data)[:50])
    return data


# -- strict dates and times ---------------------------------------------------------------
def encodable(text: str) -> bool:
    """JSON's \\ud800 escapes decode to lone surrogates, which no database can store."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


FORMS = {"date": "YYYY-MM-DD", "time": "HH:MM", "datetime": "YYYY-MM-DDTHH:MM:SS"}


# Exactly the forms the format documents: fromisoformat alone also takes "20260102",
# "2026-W01-1", "T0930" and time zones, which no KAPNotes file holds.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2})?")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")


def parse_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


def parse_time(text: str) -> time:
    # Notes keep times to the minute: "HH:MM" (seconds, if given, are dropped).
    if not _TIME.fullmatch(text):
        raise ValueError(text)
    value = time.fromisoformat(text)
    if value.tzinfo is not None:
        raise ValueError(text)
    return value.replace(second=0, microsecond=0)


def parse_datetime(text: str) -> datetime:
    if not _DATETIME.fullmatch(text):
        raise ValueError(text)
    value = datetime.fromisoformat(text)
    if value.tzinfo is not None:
        raise ValueError(text)
    return value.replace(microsecond=0)
