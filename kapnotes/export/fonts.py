"""The fonts embedded in every PDF, and per-character fallback between them.

DejaVu Sans covers Latin, Greek, Cyrillic, Arabic and Hebrew; Droid Sans Fallback covers CJK;
Symbola covers emoji (monochrome). Text is split into runs by which font has the glyph, so a
note typed in any of these scripts prints, and reads back, as typed. Licences sit beside the
font files in resources/fonts/.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from kapnotes.config import resource_path
from kapnotes.export.arabic import unshape

BODY = "KAPSans"
BOLD = "KAPSans-Bold"
ITALIC = "KAPSans-Oblique"
CJK = "KAPFallbackCJK"
SYMBOLS = "KAPSymbols"

_FILES = {
    BODY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    CJK: "DroidSansFallback.ttf",
    SYMBOLS: "Symbola.ttf",
}
_FALLBACKS = (CJK, SYMBOLS)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, but with characters beyond U+FFFF written as UTF-16.

    reportlab writes them as 5 hex digits (<1F642>), which PDF readers reject, so an emoji
    would print but not copy or search. The PDF spec wants the UTF-16BE surrogate pair.
    """

    def hex_utf16(code: int) -> str:
        # A joined Arabic form copies as the letter that was typed (see export/arabic.py).
        return unshape(chr(code)).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{hex_utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


@cache
def register_fonts() -> None:
    """Register the embedded fonts with reportlab once per process (idempotent)."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path(f"fonts/{filename}"))))
    # <b> and <i> inside paragraph markup resolve through these mappings.
    addMapping(BODY, 0, 0, BODY)
    addMapping(BODY, 1, 0, BOLD)
    addMapping(BODY, 0, 1, ITALIC)
    addMapping(BODY, 1, 1, BOLD)
    for name in (BOLD, ITALIC, *_FALLBACKS):
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)


@cache
def coverage(font_name: str) -> frozenset[int]:
    """The code points a registered font has glyphs for."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _is_attached(ch: str) -> bool:
    """Marks and joiners print with the character before them, in its font."""
    cat = unicodedata.category(ch)
    return cat in ("Mn", "Me", "Cf") or 0xFE00 <= ord(ch) <= 0xFE0F


def font_for(ch: str, base: str = BODY) -> str:
    """The first font, base then fallbacks, with a glyph for this character."""
    code = ord(ch)
    if code < 0x250 or code in coverage(base):
        return base
    for name in _FALLBACKS:
        if code in coverage(name):
            return name
    return base


def font_runs(text: str, base: str = BODY) -> list[tuple[str, str]]:
    """Split text into (font name, run) pairs so each character uses a font that has it."""
    runs: list[tuple[str, str]] = []
    current_font = base
    current: list[str] = []
    for ch in text:
        font = current_font if (current and _is_attached(ch)) else font_for(ch, base)
        if font != current_font and current:
            runs.append((current_font, "".join(current)))
            current = []
        current_font = font
        current.append(ch)
    if current:
        runs.append((current_font, "".join(current)))
    return runs
