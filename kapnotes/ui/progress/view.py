"""Progress on the client page: is the course working? Numbers from course_progress only."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from kapnotes.domain.formatting import fmt_mg_per_kg
from kapnotes.domain.progress import (
    CourseProgress,
    chart_max,
    course_progress,
    scale_bands,
    scored_as_mean,
)
from kapnotes.domain.records import Client, Session
from kapnotes.domain.scales import SCALES
from kapnotes.domain.vocab import INTENSITY_LABELS, vocabulary
from kapnotes.store import PracticeError
from kapnotes.ui.progress.charts import BarChart, HorizontalBars, LineChart
from kapnotes.ui.scales.badges import Badge

W = TypeVar("W", bound=QWidget)

MAX_THEMES = 15


def _heading(text: str, factor: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * factor)
    label.setFont(font)
    return label


def _when(s_date, number) -> str:
    return f"#{number} {s_date:%d %b}" if number else f"{s_date:%d %b}"


class ProgressView(QScrollArea):
    """Outcome, safety flags and charts of one course (or all of a client's sessions)."""

    def __init__(self, practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.progress: CourseProgress | None = None
        self.charts: dict[str, QWidget] = {}
        self.flag_badges: list[Badge] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._page = QWidget()
        self._layout = QVBoxLayout(self._page)
        self.setWidget(self._page)
        self.title = _heading("Progress", 1.4)
        # "Progress · client · course — title" is long: unwrapped it set the page's minimum
        # width, and in the client page's narrow column everything was cut off at the right.
        self.title.setWordWrap(True)
        self._layout.addWidget(self.title)
        self.message = QLabel("Choose a client to see the progress of a course.")
        self._layout.addWidget(self.message)
        self._layout.addStretch(1)
        self._content: list[QWidget] = []

    # -- public API ------------------------------------------------------------------------
    def show_course(self, client_id: int, course_id: int | None) -> None:
        """Show a course's progress (course_id None: all of the client's sessions)."""
        try:
            client = self.practice.get_client(client_id)
            if course_id is None:
                sessions = self.practice.load_sessions(client_id=client_id)
                what = "all sessions"
            else:
                sessions = self.practice.load_sessions(course_id=course_id)
                course = self.practice.get_course(course_id)
                what = vocabulary("course_purposes").label(course.purpose)
                if course.title:
                    what += f" — {course.title}"
        except PracticeError as exc:
            self._clear()
            self.title.setText("Progress")
            self.message.setText(str(exc))
            self.message.show()
            return
        self._show(client, what, sessions)

    # -- building --------------------------------------------------------------------------
    def _clear(self) -> None:
        for widget in self._content:
            self._layout.removeWidget(widget)
            # Hidden now: deleteLater waits for the event loop, and until then the old
            # course's labels would paint over the new ones (a grab or print in between).
            widget.hide()
            widget.deleteLater()
        self._content = []
        self.charts = {}
        self.flag_badges = []

    def _add(self, widget: W) -> W:
        # Insert above the trailing stretch.
        self._layout.insertWidget(self._layout.count() - 1, widget)
        self._content.append(widget)
        return widget

    def _show(self, client: Client, what: str, sessions: list[Session]) -> None:
        self._clear()
        progress = course_progress(sessions, client)
        self.progress = progress
        self.title.setText(f"Progress · {client.name} · {what}")
        if not sessions:
            self.message.setText("No sessions in this course yet.")
            self.message.show()
            return
        self.message.hide()
        self._summary(progress)
        self.flag_badges = []
        for date_, _sid, text in progress.safety_flags:
            badge = self._add(Badge("safety"))  # parent first: showing a parentless badge
            badge.show_text(f"⚠ Safety flag {date_:%d %b %Y}: {text}")  # opens a window
            self.flag_badges.append(badge)
        numbers = {s.id: s.number for s in sessions}
        self._scale_charts(progress, numbers)
        self._session_charts(progress, numbers)
        themes = [(name, n) for _code, name, n in progress.theme_counts[:MAX_THEMES]]
        self.charts["themes"] = self._add(
            HorizontalBars("Integration themes: how often each came up", themes)
        )

    def _summary(self, progress: CourseProgress) -> None:
        counts = QLabel(f"{progress.sessions} sessions, {progress.dosing_sessions} with dosing.")
        counts.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._add(counts)
        self.outcome = QLabel(progress.outcome_text())
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setFont(_heading("").font())
        self._add(self.outcome)
        self.outcome_badge = self._add(Badge("ok"))
        if progress.remission:
            self.outcome_badge.show_text("Remission (PHQ-9 < 5)", "ok")
        elif progress.response:
            self.outcome_badge.show_text("Response (PHQ-9 ≥ 50 % lower than baseline)", "ok")
        elif progress.response is False:
            self.outcome_badge.show_text("No response yet", "info")
        lines = []
        for code in progress.ordered_scales():
            change = progress.scale_changes.get(code)
            if change is None or change.points < 2 or code == "phq9":
                continue
            name = SCALES[code].label if code in SCALES else code
            pct = ""
            if change.change_pct:
                way = "lower" if change.change_pct > 0 else "higher"
                pct = f" ({abs(change.change_pct):.0f} % {way})"
            lines.append(f"{name}: {change.baseline:g} at baseline, {change.latest:g} latest{pct}")
        if lines:
            other = QLabel("\n".join(lines))
            other.setObjectName("other_changes")
            other.setWordWrap(True)
            self._add(other)
        note = QLabel(
            "Response: PHQ-9 at least 50 % lower than the course's first complete PHQ-9. "
            "Remission: latest PHQ-9 below 5."
        )
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._add(note)

    def _scale_charts(
        self, progress: CourseProgress, numbers: dict[int | None, int | None]
    ) -> None:
        codes = progress.ordered_scales()
        self._add(_heading("Rating scales"))
        if not codes:
            self._add(QLabel("No rating scales entered in this course."))
        for code in codes:
            series = [p for p in progress.scale_series[code] if p.total is not None]
            points = [
                (_when(p.date, numbers.get(p.session_id)), p.total)
                for p in series
                if p.total is not None
            ]
            partial = [i for i, p in enumerate(series) if not p.complete]
            name = SCALES[code].label if code in SCALES else code
            unit = " (mean of items)" if scored_as_mean(code) else ""
            star = " · * items missing (partial score)" if partial else ""
            chart = LineChart(
                f"{name}{unit} across the course{star}",
                points,
                chart_max(code, [v for _, v in points]),
                scale_bands(code),
                partial,
            )
            self.charts[code] = self._add(chart)

    def _session_charts(
        self, progress: CourseProgress, numbers: dict[int | None, int | None]
    ) -> None:
        self._add(_heading("Dosing sessions"))
        dose = [(_when(d, numbers.get(sid)), v) for d, sid, v in progress.dose_points]
        self.charts["dose"] = self._add(
            BarChart(
                "Dose in mg/kg per dosing session (— = no weight on file)",
                dose,
                fmt=lambda v: fmt_mg_per_kg(v, unit=False),
            )
        )
        dissociation = [
            (_when(d, numbers.get(sid)), float(v)) for d, sid, v in progress.dissociation_points
        ]
        self.charts["dissociation"] = self._add(
            BarChart(
                "Peak dissociation per dosing session",
                dissociation,
                y_max=3,
                y_labels=lambda v: INTENSITY_LABELS[int(v)] if float(v).is_integer() else "",
            )
        )
