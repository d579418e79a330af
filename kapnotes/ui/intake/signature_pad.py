"""A box the client signs in with a mouse, pen or finger: strokes of points, kept as vectors.

Points are stored in a fixed 600 x 200 box whatever the widget's size on screen (the PDF
redraws them from the same box; docs/FORMAT.md). Mouse, tablet and touch events all become
strokes; Clear starts again.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BOX_W, BOX_H = 600.0, 200.0


class SignaturePad(QWidget):
    """Records strokes; `strokes()` gives them in box coordinates, `changed` on each stroke."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._strokes: list[list[tuple[float, float]]] = []
        self._drawing = False
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setMinimumSize(360, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Client's signature")
        self.setToolTip("The client signs here with the mouse, a pen or a finger.")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(600, 200)

    # -- data --------------------------------------------------------------------------------
    def strokes(self) -> list[list[tuple[float, float]]]:
        return [list(s) for s in self._strokes if s]

    def set_strokes(self, strokes: list) -> None:
        self._strokes = [[(float(x), float(y)) for x, y in s] for s in strokes]
        self.update()

    def clear(self) -> None:
        self._strokes = []
        self.update()
        self.changed.emit()

    def is_empty(self) -> bool:
        return not any(self._strokes)

    # -- geometry ----------------------------------------------------------------------------
    def _scale(self) -> float:
        return min(self.width() / BOX_W, self.height() / BOX_H) or 1.0

    def _to_box(self, pos: QPointF) -> tuple[float, float]:
        k = self._scale()
        x = min(max(pos.x() / k, 0.0), BOX_W)
        y = min(max(pos.y() / k, 0.0), BOX_H)
        return round(x, 1), round(y, 1)

    # -- input -------------------------------------------------------------------------------
    def _begin(self, pos: QPointF) -> None:
        self._drawing = True
        self._strokes.append([self._to_box(pos)])
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._drawing and self._strokes:
            point = self._to_box(pos)
            if point != self._strokes[-1][-1]:
                self._strokes[-1].append(point)
                self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._extend(event.position())

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._extend(event.position())
        self._end()

    def tabletEvent(self, event) -> None:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == event.Type.TabletPress:
            self._begin(event.position())
        elif kind == event.Type.TabletMove:
            self._extend(event.position())
        elif kind == event.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event) -> bool:
        kind = event.type()
        if kind in (event.Type.TouchBegin, event.Type.TouchUpdate, event.Type.TouchEnd):
            points = event.points()
            if points:
                pos = points[0].position()
                if kind == event.Type.TouchBegin:
                    self._begin(pos)
                elif kind == event.Type.TouchUpdate:
                    self._extend(pos)
                else:
                    self._extend(pos)
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # -- painting ----------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        p.setPen(QPen(QColor("#9aa5b1"), 1, Qt.PenStyle.DashLine))
        p.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        k = self._scale()
        base = BOX_H * 0.8 * k
        p.drawLine(QPointF(12, base), QPointF(self.width() - 12, base))
        if self.is_empty():
            p.setPen(QColor("#6b7785"))
            p.drawText(QPointF(16, base - 8), "× Sign here")
        p.setPen(QPen(QColor("#111111"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))  # fmt: skip
        for stroke in self._strokes:
            path = QPainterPath(QPointF(stroke[0][0] * k, stroke[0][1] * k))
            for x, y in stroke[1:]:
                path.lineTo(x * k, y * k)
            if len(stroke) == 1:
                path.lineTo(stroke[0][0] * k + 0.5, stroke[0][1] * k)
            p.drawPath(path)
        p.end()
