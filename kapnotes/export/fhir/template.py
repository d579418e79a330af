"""JSON templates: a resource's constant parts encoded once, only its values filled in.

A bundle of 20,000 sessions holds some 340,000 resources whose codings, profiles and systems
are the same from one resource to the next. Building each as a dict and encoding it again
spends most of the export's time re-encoding those constants. A template is the resource's
shape written once as the dict it stands for, with a Slot where a value goes; it is encoded
once, and each resource is then one join of those parts and its values, each encoded on its own
exactly as the json encoder would have encoded it in place (tests/export/test_fhir_template.py
checks that the two agree for quotes, control characters, non-BMP text, absent values ...).

Slots, by what their value is:
- "text" (the default): a str, escaped as JSON escapes it;
- "code": a FHIR code, id, date, dateTime or instant made by the export (status codes, refs.Ids
  ids, refs.when times): those types admit no quote, backslash or control character, so the
  text goes between the quotes as it is; the only kind a constant string may hold inside it,
  as in f"urn:uuid:{Slot('patient', 'code')}";
- "number": an int or float, written as json writes it (NaN and infinities refused);
- "json": anything else JSON holds (a dict, a list, a bool), through the encoder;
- "raw": JSON text the caller has made (another template's output, a joined list).
A key written "?key" makes an optional member: left out when its value is None, "" or []
(never written as null); it must follow another member of its object. A required value that
is None is refused (ValueError), never written as null.
"""

from __future__ import annotations

import json
import keyword
import math
import re
from collections.abc import Callable
from typing import Any

# The C function the encoder itself uses (json.dumps(ensure_ascii=False) writes the same).
_escape: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_EMPTY = (None, "", [])


# FHIR strings admit no character below U+0020 but tab, CR and LF: the others (a pasted
# control character the notes may hold) are left out of the bundle, never sent.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same in encoded JSON text: the encoder writes them \u00XX, \b or \f (an escaped
# backslash is kept as it is).
_FORBIDDEN_ESCAPED = re.compile(r"\\(\\|u00(?:0[0-8bcef]|1[0-9a-f])|[bf])")


def fhir_string(v: str) -> str:
    """A text as FHIR admits it (isprintable() first: it is true for nearly every value)."""
    return v if v.isprintable() else _FORBIDDEN.sub("", v)


def _clean_encoded(text: str) -> str:
    if "\\" not in text:
        return text
    return _FORBIDDEN_ESCAPED.sub(lambda m: m[0] if m[1] == "\\" else "", text)


def _text(v: str) -> str:
    if type(v) is not str:
        raise ValueError(f"a text slot takes a str, not {v!r}")
    return _escape(fhir_string(v))


def _number(v: int | float) -> str:
    if type(v) is int:
        return int.__repr__(v)
    if type(v) is float and math.isfinite(v):
        return float.__repr__(v)
    raise ValueError(f"not a JSON number: {v!r}")


def _json(v: Any) -> str:
    if v is None:
        raise ValueError("a required template value is None")
    return _clean_encoded(_encode(v))


def _code(v: str) -> str:
    return '"' + v + '"'


_WHOLE: dict[str, Callable[[Any], str] | None] = {
    "text": _text, "code": None, "number": _number, "json": _json, "raw": None,
}  # fmt: skip


def value(v: Any) -> str:
    """Any JSON value as the templates' compact encoding writes it (for a raw slot)."""
    return _escape(fhir_string(v)) if type(v) is str else _json(v)


class Slot:
    """Where a value goes in a template's shape (see the module's docstring for kinds)."""

    def __init__(self, name: str, kind: str = "text"):
        if not name.isidentifier() or keyword.iskeyword(name) or kind not in _WHOLE:
            raise ValueError(f"a slot is an identifier and a kind: {name!r}, {kind!r}")
        self.name = name
        self.kind = kind

    def __str__(self) -> str:
        # The marker the shape's encoding carries (NUL is escaped as \u0000 by the encoder;
        # no constant of a resource holds one).
        return f"\x00{self.name}\x00"


# In the encoded shape: an optional member (,"?key":"<marker>"), a whole value ("<marker>"),
# or a marker inside a constant string.
_MARKER = re.compile(
    r'(?P<member>,"\?(?P<key>[^"\\]+)":)?(?<!\\)"\\u0000(?P<name>\w+)\\u0000"'
    r'|\\u0000(?P<inline>\w+)\\u0000'
)  # fmt: skip


def _hole(name: str) -> str:
    # Where a value goes in the compiled text: \x01 cannot be in the encoder's output (it
    # escapes every control character), so it splits the text into constants and names.
    return f"\x01{name}\x01"


def _optional(key: str, kind: str) -> Callable[[Any], str]:
    head = "," + _escape(key) + ":"
    if kind == "raw":  # JSON text or None: the common case, kept short
        return lambda v: head + v if v else ""
    inner = _WHOLE[kind] or _code

    def member(v: Any) -> str:
        if v in _EMPTY:
            return ""
        return head + inner(v)

    return member


Render = Callable[..., str]  # a compiled template: its slots' values by name -> JSON text


def template(shape: dict[str, Any] | list[dict[str, Any]]) -> Render:
    """Compile a shape (a dict, or a list of entries written one after another) into a
    function of its slots' values (by name) giving the JSON text; see the module docstring."""
    slots: dict[str, Slot] = {}

    def mark(obj: Any) -> str:
        if not isinstance(obj, Slot):
            raise TypeError(f"not JSON and not a Slot: {obj!r}")
        if slots.setdefault(obj.name, obj).kind != obj.kind:
            raise ValueError(f"slot {obj.name} with two kinds")
        return str(obj)

    text = json.dumps(shape, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                      default=mark)  # fmt: skip
    if isinstance(shape, list):  # several array items (entries), without the brackets
        text = text[1:-1]
    convert: dict[str, Callable[[Any], str]] = {}  # slot -> how its value becomes text
    seen: set[tuple[bool, str]] = set()

    def place(m: re.Match) -> str:
        name = m["inline"] or m["name"]
        slot = slots.get(name)
        if m["inline"] or slot.kind == "code":  # the text as it is, quoted by the shape
            if m["inline"] and name in slots and slots[name].kind != "code":
                raise ValueError(f"only a code slot goes inside a string: {name}")
            if m["member"]:
                convert[name] = _optional(m["key"], "code")
                return _hole(name)
            return _hole(name) if m["inline"] else f'"{_hole(name)}"'
        placed = (bool(m["member"]), name)
        if placed in seen:  # the same value twice (a title, a time): converted once
            return _hole(name)
        if (not placed[0], name) in seen:
            raise ValueError(f"slot {name} both optional and required")
        seen.add(placed)
        how = _optional(m["key"], slot.kind) if m["member"] else _WHOLE[slot.kind]
        if how is not None:
            convert[name] = how
        return _hole(name)

    text = _MARKER.sub(place, text)
    if "\\u0000" in text:
        raise ValueError("a slot the template could not place")
    if re.search(r'[{\[]"\?', text):
        raise ValueError("an optional member first in its object")
    return _compile(text.split("\x01"), convert)


def _compile(parts: list[str], convert: dict[str, Callable[[Any], str]]) -> Render:
    """The function joining the constant parts (even places) and the values of the slots
    named at odd places, each converted first where it needs it. It is generated as Python
    source, as dataclasses generate __init__: the constants are repr()s and the names
    identifiers, nothing else goes in; a call is then one join (three times a %-format's
    speed, and a bundle makes some 250,000 calls)."""
    names = sorted(set(parts[1::2]))
    # Values of slots a template lacks are ignored (a caller fills several combinations).
    params = f"*, {', '.join(names)}, **_others" if names else "**_others"
    lines = [f"def render({params}):"]
    lines += [f"    {name} = _convert_{name}({name})" for name in convert]
    items = [repr(p) if i % 2 == 0 else p for i, p in enumerate(parts) if p]
    lines.append(f"    return ''.join(({', '.join(items)},))")
    namespace = {f"_convert_{name}": how for name, how in convert.items()}
    exec("\n".join(lines), namespace)  # noqa: S102 (source made above from constants)
    render = namespace["render"]
    render.names = frozenset(names)
    return render


def entry_shape(resource: dict[str, Any], id_slot: str = "id") -> dict[str, Any]:
    """A Bundle entry: fullUrl urn:uuid:<the resource's id>, then the resource (whose "id" is
    Slot(id_slot, "code"))."""
    return {"fullUrl": f"urn:uuid:{Slot(id_slot, 'code')}", "resource": resource}


def entry(resource: dict[str, Any]) -> Render:
    """A Bundle entry's template."""
    return template(entry_shape(resource))


def join(parts: list[str]) -> str:
    """JSON texts as a JSON array's text."""
    return "[" + ",".join(parts) + "]"
