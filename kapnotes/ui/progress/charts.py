"""Course charts painted with QPainter (QtCharts lives in the large Addons wheel).

Colours come from the widget's palette, and severity bands are translucent, so the same
charts read on the light and the dark theme.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kapnotes.domain.formatting import fmt_plain_number

# Translucent so the window colour shows through: green (mild) to red (severe).
BAND_COLOURS = ("#43a047", "#c0ca33", "#fdd835", "#fb8c00", "#e53935", "#b71c1c")
BAND_ALPHA = 60


def label_ticks(n: int, wanted: int = 8) -> list[int]:
    """Indexes of x labels to draw: all when few, else evenly spaced with the last."""
    if n <= wanted:
        return list(range(n))
    step = -(-(n - 1) // (wanted - 1))
    picks = list(range(0, n, step))
    # The last label replaces the last regular pick: appending it could put it one point
    # after that pick ("#5 09 Nov#7 15 Nov" printed over each other in a narrow chart).
    picks[-1] = n - 1
    return picks


def nice_step(top: float, most: int = 5) -> float:
    """A round step for y ticks so that at most `most` steps reach `top`."""
    for step in (0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if top / step <= most:
            return step
    return top / most


class Chart(QWidget):
    """Common frame: title, plot area, axis colours from the palette, accessible summary."""

    left, right, top, bottom = 44, 16, 28, 30

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(520, self.minimumHeight())

    def colour(self, role: QPalette.ColorRole) -> QColor:
        return self.palette().color(role)

    def plot_rect(self) -> QRectF:
        return QRectF(
            self.left,
            self.top,
            max(10, self.width() - self.left - self.right),
            max(10, self.height() - self.top - self.bottom),
        )

    def begin(self) -> QPainter:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.colour(QPalette.ColorRole.Base))
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        p.setPen(self.colour(QPalette.ColorRole.Text))
        p.drawText(QRectF(8, 4, self.width() - 16, 20), Qt.AlignmentFlag.AlignLeft, self.title)
        p.setFont(self.font())
        return p

    def muted_pen(self) -> QPen:
        c = QColor(self.colour(QPalette.ColorRole.Text))
        c.setAlpha(150)
        return QPen(c, 1)

    def y_axis(
        self,
        p: QPainter,
        r: QRectF,
        y_max: float,
        labels: Callable[[float], str] = fmt_plain_number,
    ):
        step = nice_step(y_max)
        p.setPen(self.muted_pen())
        p.drawRect(r)
        v = 0.0
        while v <= y_max + 1e-9:
            y = r.bottom() - r.height() * v / y_max
            grid = QColor(self.colour(QPalette.ColorRole.Text))
            grid.setAlpha(30)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.setPen(self.muted_pen())
            p.drawText(QRectF(0, y - 8, self.left - 6, 16), Qt.AlignmentFlag.AlignRight, labels(v))
            v += step

    def x_labels(self, p: QPainter, r: QRectF, labels: Sequence[str]) -> None:
        n = len(labels)
        p.setPen(self.muted_pen())
        for i in label_ticks(n, max(2, int(r.width() // 70))):
            x = r.left() + r.width() * (i + 0.5) / n
            p.drawText(
                QRectF(x - 40, r.bottom() + 4, 80, 18), Qt.AlignmentFlag.AlignHCenter, labels[i]
            )

    def empty(self, p: QPainter, r: QRectF, text: str) -> None:
        p.setPen(self.muted_pen())
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, text)


class LineChart(Chart):
    """A score per session across the course, severity bands shaded behind."""

    def __init__(self, title, points, y_max, bands=(), partial=(), parent=None):
        super().__init__(title, parent)
        self.points: list[tuple[str, float]] = list(points)
        # Indexes of points with items missing: drawn hollow and starred, never as a total.
        self.partial: set[int] = set(partial)
        self.y_max = float(y_max) or 1.0
        self.bands: list[tuple[float, float, str]] = list(bands)
        if self.bands:
            self.right = 150
        self.setMinimumHeight(210)
        self.setAccessibleDescription(
            ", ".join(f"{label}: {fmt_plain_number(v)}" for label, v in self.points) or "no scores"
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = self.begin()
        r = self.plot_rect()
        ypos = lambda v: r.bottom() - r.height() * min(max(v, 0), self.y_max) / self.y_max  # noqa: E731
        for i, (low, high, name) in enumerate(self.bands):
            top = min(high + (1 if i < len(self.bands) - 1 else 0), self.y_max)
            band = QRectF(r.left(), ypos(top), r.width(), ypos(low) - ypos(top))
            fill = QColor(BAND_COLOURS[min(i, len(BAND_COLOURS) - 1)])
            fill.setAlpha(BAND_ALPHA)
            p.fillRect(band, fill)
            p.setPen(self.muted_pen())
            text_rect = QRectF(r.right() + 6, band.top(), self.right - 8, band.height())
            flags = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
            p.drawText(text_rect, flags | Qt.TextFlag.TextWordWrap, name)
        self.y_axis(p, r, self.y_max)
        if not self.points:
            self.empty(p, r, "no scores entered")
            p.end()
            return
        n = len(self.points)
        xy = [
            QPointF(r.left() + r.width() * (i + 0.5) / n, ypos(v))
            for i, (_, v) in enumerate(self.points)
        ]
        # Link, not Highlight: the dark theme's Highlight is a selection blue that all but
        # vanishes on the dark shaded bands; Link is a readable accent on both themes.
        line = self.colour(QPalette.ColorRole.Link)
        for i, (a, b) in enumerate(zip(xy, xy[1:], strict=False)):
            dashed = {i, i + 1} & self.partial  # a partial score is no firm trend
            style = Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine
            p.setPen(QPen(line, 2.2, style))
            p.drawLine(a, b)
        for i, (pt, (_, v)) in enumerate(zip(xy, self.points, strict=True)):
            partial = i in self.partial
            p.setBrush(self.colour(QPalette.ColorRole.Base) if partial else line)
            p.setPen(QPen(line if partial else self.colour(QPalette.ColorRole.Base), 1.5))
            p.drawEllipse(pt, 4.5, 4.5)
            if n <= 24:
                p.setPen(self.colour(QPalette.ColorRole.Text))
                text = fmt_plain_number(v) + ("*" if partial else "")
                p.drawText(
                    QRectF(pt.x() - 30, pt.y() - 22, 60, 16), Qt.AlignmentFlag.AlignHCenter, text
                )
        self.x_labels(p, r, [label for label, _ in self.points])
        p.end()


class BarChart(Chart):
    """One bar per session (mg/kg, peak dissociation); a missing value is marked, not zero."""

    def __init__(
        self,
        title,
        points,
        y_max=None,
        fmt=fmt_plain_number,
        y_labels=None,
        missing="—",
        parent=None,
    ):
        super().__init__(title, parent)
        self.points: list[tuple[str, float | None]] = list(points)
        values = [v for _, v in self.points if v is not None]
        if y_max:
            self.y_max = float(y_max)
        else:
            top = max(values, default=0) * 1.15 or 1.0
            step = nice_step(top)
            self.y_max = step * math.ceil(top / step)
        self.fmt, self.y_labels, self.missing = fmt, y_labels, missing
        if y_labels:
            self.left = 70
        self.setMinimumHeight(190)
        self.setAccessibleDescription(
            ", ".join(
                f"{label}: {fmt(v) if v is not None else missing}" for label, v in self.points
            )
            or "none"
        )

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = self.begin()
        r = self.plot_rect()
        self.y_axis(p, r, self.y_max, self.y_labels or fmt_plain_number)
        if not self.points:
            self.empty(p, r, "no dosing sessions")
            p.end()
            return
        n = len(self.points)
        slot = r.width() / n
        bar = max(2.0, min(slot * 0.6, 46))
        fill = QColor(self.colour(QPalette.ColorRole.Highlight))
        fill.setAlpha(200)
        for i, (_, v) in enumerate(self.points):
            x = r.left() + slot * (i + 0.5)
            if v is None:
                p.setPen(self.muted_pen())
                p.drawText(
                    QRectF(x - 30, r.bottom() - 20, 60, 16),
                    Qt.AlignmentFlag.AlignHCenter,
                    self.missing,
                )
                continue
            h = r.height() * min(v, self.y_max) / self.y_max
            p.fillRect(QRectF(x - bar / 2, r.bottom() - h, bar, h), fill)
            if n <= 24 and not self.y_labels:
                p.setPen(self.colour(QPalette.ColorRole.Text))
                p.drawText(
                    QRectF(x - 30, r.bottom() - h - 18, 60, 16),
                    Qt.AlignmentFlag.AlignHCenter,
                    self.fmt(v),
                )
        self.x_labels(p, r, [label for label, _ in self.points])
        p.end()


class HorizontalBars(Chart):
    """How often each item came up (integration themes), most frequent first."""

    row = 24

    def __init__(self, title, items, parent=None):
        super().__init__(title, parent)
        self.items: list[tuple[str, int]] = list(items)
        self.setMinimumHeight(self.top + 12 + self.row * max(1, len(self.items)))
        self.setAccessibleDescription(", ".join(f"{n}: {c}" for n, c in self.items) or "none")

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        p = self.begin()
        if not self.items:
            self.empty(p, QRectF(0, self.top, self.width(), self.row), "no themes recorded")
            p.end()
            return
        label_w = min(260, self.width() * 0.4)
        top = max(c for _, c in self.items) or 1
        width = self.width() - label_w - 60
        fill = QColor(self.colour(QPalette.ColorRole.Highlight))
        fill.setAlpha(200)
        metrics = p.fontMetrics()
        for i, (name, count) in enumerate(self.items):
            y = self.top + 6 + i * self.row
            p.setPen(self.colour(QPalette.ColorRole.Text))
            shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(label_w - 12))
            p.drawText(
                QRectF(0, y, label_w - 8, self.row),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            w = width * count / top
            p.fillRect(QRectF(label_w, y + 4, w, self.row - 8), fill)
            p.drawText(
                QRectF(label_w + w + 6, y, 50, self.row), Qt.AlignmentFlag.AlignVCenter, str(count)
            )
        p.end()
