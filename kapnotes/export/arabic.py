"""Arabic letters joined as they are written: contextual forms without a shaping engine.

A PDF shows glyphs, not letters: without shaping, Arabic prints as separate isolated letters.
Each letter is swapped (in typed, logical order) for its initial, medial, final or isolated
presentation form, which the embedded DejaVu Sans has. The fonts' ToUnicode map sends those
forms back to the typed letters, so copying or searching the PDF still finds the text.
Lam-alef ligatures are left out: a ligature is one glyph for two letters, which PDF readers
would put back in the wrong order inside a right-to-left run.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_FORMS = ("isolated", "final", "initial", "medial")
_TATWEEL = "\u0640"
_ZWJ = "\u200d"


@cache
def _table() -> dict[str, dict[str, str]]:
    """Base letter -> {form name: presentation character}, from the Unicode database."""
    table: dict[str, dict[str, str]] = {}
    for code in (*range(0xFB50, 0xFC00), *range(0xFE70, 0xFEFD)):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) != 2 or parts[0].strip("<>") not in _FORMS:
            continue  # ligatures (more than one letter) and other compatibility forms
        base = chr(int(parts[1], 16))
        if unicodedata.bidirectional(base) != "AL":
            continue
        table.setdefault(base, {}).setdefault(parts[0].strip("<>"), chr(code))
    return table


@cache
def presentation_forms() -> frozenset[str]:
    """Every presentation character shape() may produce."""
    return frozenset(ch for forms in _table().values() for ch in forms.values())


def _joins_both_sides(ch: str) -> bool:
    forms = _table().get(ch)
    return ch in (_TATWEEL, _ZWJ) or bool(forms and "medial" in forms)


def _joins_right(ch: str) -> bool:
    forms = _table().get(ch)
    return ch in (_TATWEEL, _ZWJ) or bool(forms and "final" in forms)


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character that is not a vowel mark (marks do not break joining)."""
    i += step
    while 0 <= i < len(text) and unicodedata.category(text[i]) == "Mn":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def shape(text: str, available: frozenset[int] | None = None) -> str:
    """Text (logical order) with Arabic letters in their joined forms.

    `available`: code points the font has; a form it lacks keeps the plain letter.
    """
    table = _table()
    if not any(ch in table for ch in text):
        return text
    out = []
    for i, ch in enumerate(text):
        forms = table.get(ch)
        if not forms:
            out.append(ch)
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        joins_before = bool(before) and _joins_both_sides(before) and "final" in forms
        joins_after = bool(after) and _joins_right(after) and "medial" in forms
        form = {
            (True, True): "medial",
            (True, False): "final",
            (False, True): "initial",
            (False, False): "isolated",
        }[(joins_before, joins_after)]
        shaped = forms.get(form) or forms.get("isolated") or ch
        if available is not None and ord(shaped) not in available:
            shaped = ch
        out.append(shaped)
    return "".join(out)


def unshape(ch: str) -> str:
    """The typed letter behind a presentation form (for the PDF's ToUnicode map)."""
    if ch in presentation_forms():
        return unicodedata.normalize("NFKC", ch)
    return ch
