"""Text drawn as outlines: the DRAFT watermark is shapes, not characters.

Drawn as text, the diagonal watermark comes out of every text extractor (pdftotext, copy and
paste, screen readers) spliced into the lines of the note it crosses. As outlines it looks the
same on paper and is not text at all, so what a reader copies is what was typed.
"""

from __future__ import annotations

from functools import cache

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from reportlab.pdfgen.canvas import Canvas

from kapnotes.config import resource_path


class _PathPen(BasePen):
    """Collects glyph outlines as a reportlab path (quadratic curves become cubic)."""

    def __init__(self, glyph_set, path, scale: float, dx: float):
        super().__init__(glyph_set)
        self.path, self.scale, self.dx = path, scale, dx

    def _pt(self, p):
        return self.dx + p[0] * self.scale, p[1] * self.scale

    def _moveTo(self, p):  # noqa: N802 (fontTools' names)
        self.path.moveTo(*self._pt(p))

    def _lineTo(self, p):  # noqa: N802
        self.path.lineTo(*self._pt(p))

    def _curveToOne(self, p1, p2, p3):  # noqa: N802
        self.path.curveTo(*self._pt(p1), *self._pt(p2), *self._pt(p3))

    def _closePath(self):  # noqa: N802
        self.path.close()


@cache
def _font(filename: str) -> TTFont:
    return TTFont(str(resource_path(f"fonts/{filename}")), lazy=True)


def text_width(text: str, size: float, filename: str = "DejaVuSans-Bold.ttf") -> float:
    """The advance width of `text` at `size` points in the font file."""
    font = _font(filename)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    scale = size / font["head"].unitsPerEm
    return sum(metrics[cmap.get(ord(ch), ".notdef")][0] for ch in text) * scale


def draw_outlined(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    filename: str = "DejaVuSans-Bold.ttf",
) -> None:
    """Fill `text` as outlines with the current fill colour, its baseline starting at (x, y)."""
    font = _font(filename)
    glyphs = font.getGlyphSet()
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    scale = size / font["head"].unitsPerEm
    path = canvas.beginPath()
    dx = 0.0
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        glyphs[name].draw(_PathPen(glyphs, path, scale, dx))
        dx += metrics[name][0] * scale
    canvas.saveState()
    canvas.translate(x, y)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)  # non-zero winding: counters stay open
    canvas.restoreState()
