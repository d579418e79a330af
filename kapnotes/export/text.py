"""User text into reportlab Paragraph markup that prints exactly what was typed.

Paragraph markup is XML-like, so `<`, `>`, `&` and quotes are escaped; each character is put
in a font that has its glyph; right-to-left runs (Hebrew, Arabic) are laid out in visual order,
which is also the order PDF readers turn back into the typed text; newlines are kept.
"""

from __future__ import annotations

import unicodedata

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer

from kapnotes.export.arabic import shape
from kapnotes.export.fonts import BODY, coverage, font_runs

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_RTL = {"R", "AL"}
_NUMBER = {"EN", "AN"}


def escape(text: str) -> str:
    """Escape the characters Paragraph markup gives a meaning to."""
    return text.translate(_ESCAPES)


def _direction(ch: str) -> str:
    return unicodedata.bidirectional(ch)


def _reverse_keeping_numbers(run: str) -> str:
    """Reverse an RTL run, but numbers inside it still read left to right."""
    pieces: list[str] = []
    i = 0
    while i < len(run):
        j = i + 1
        if _direction(run[i]) in _NUMBER:
            while j < len(run) and (
                _direction(run[j]) in _NUMBER
                or (run[j] in ".,:" and j + 1 < len(run) and _direction(run[j + 1]) in _NUMBER)
            ):
                j += 1
        pieces.append(run[i:j])
        i = j
    return "".join(reversed(pieces))


def visual_order(line: str) -> str:
    """Lay out right-to-left runs of a left-to-right line in the order they are seen.

    A simplified bidi: a run starts and ends with a strong RTL character and takes in the
    spaces, punctuation and numbers between; it never contains a strong LTR character.
    """
    if not any(_direction(ch) in _RTL for ch in line):
        return line
    line = shape(line, coverage(BODY))  # joined Arabic letters, chosen in typed order
    out: list[str] = []
    i = 0
    n = len(line)
    while i < n:
        if _direction(line[i]) not in _RTL:
            out.append(line[i])
            i += 1
            continue
        end = i  # index of the last strong RTL character of this run
        j = i + 1
        while j < n and _direction(line[j]) != "L":
            if _direction(line[j]) in _RTL:
                end = j
            j += 1
        out.append(_reverse_keeping_numbers(line[i : end + 1]))
        i = end + 1
    return "".join(out)


def markup(text: str, base_font: str = BODY) -> str:
    """Typed text as Paragraph markup: escaped, font runs, newlines as <br/>."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(_line_markup(visual_order(line), base_font) for line in lines)


# Emoji skin-tone modifiers (Fitzpatrick 1-2 .. 6). The embedded emoji font is monochrome and
# draws each modifier as a swatch beside the emoji: printed in its tone's colour the swatch
# says which tone was typed, and the text still copies as typed.
SKIN_TONES = {
    "\U0001f3fb": "#f2d3bd",
    "\U0001f3fc": "#dcb48c",
    "\U0001f3fd": "#b98563",
    "\U0001f3fe": "#8d5a37",
    "\U0001f3ff": "#5a3e2b",
}


def _tinted(run: str) -> str:
    """Escaped run with each skin-tone modifier coloured as its tone."""
    if not any(ch in SKIN_TONES for ch in run):
        return escape(run)
    return "".join(
        f'<font color="{SKIN_TONES[ch]}">{ch}</font>' if ch in SKIN_TONES else escape(ch)
        for ch in run
    )


def _line_markup(line: str, base_font: str) -> str:
    parts = []
    for font, run in font_runs(line, base_font):
        if font == base_font:
            parts.append(_tinted(run))
        else:
            parts.append(f'<font name="{font}">{_tinted(run)}</font>')
    return "".join(parts)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """One Paragraph showing typed text exactly (short texts: names, table cells)."""
    return Paragraph(markup(text, style.fontName), style)


def paragraphs(text: str, style: ParagraphStyle, gap: float = 4) -> list:
    """Long typed text as one Paragraph per line, so it flows and splits across pages cheaply.

    Blank lines become a small space; nothing is dropped or cut off.
    """
    out: list = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            out.append(Paragraph(_line_markup(visual_order(line), style.fontName), style))
        else:
            out.append(Spacer(1, gap))
    return out
