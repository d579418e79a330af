"""The sessions of a course as table rows (date, number, kind, route, mg, mg/kg, status, flag)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from kapnotes.domain.formatting import fmt_date, fmt_mg_per_kg, fmt_number
from kapnotes.domain.records import Client
from kapnotes.domain.vocab import routes, vocabulary
from kapnotes.store import SessionSummary
from kapnotes.ui.common.row_model import Index, RowTableModel

DATE, NUMBER, KIND, ROUTE, TOTAL_MG, MG_PER_KG, STATUS, SAFETY = range(8)
SHORT_ROUTES = {
    "iv": "IV",
    "im": "IM",
    "in": "IN racemic",
    "in_esk": "IN esk.",
    "sl": "SL",
    "po": "Oral",
}
# Short headers so all eight columns fit the client column at 1366 px; tooltips spell them out.
HEADERS = ("Date", "No.", "Kind", "Route", "mg", "mg/kg", "Status", "Safety")
HEADER_TIPS = {
    TOTAL_MG: "Total dose of the session (mg)",
    SAFETY: "Urgent findings: vitals, dose, severe adverse event, PHQ-9 item 9, C-SSRS",
}
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class SessionListModel(RowTableModel[SessionSummary]):
    """SessionSummary rows of one course; mg/kg from the client's weight on each date."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._client: Client | None = None
        self._kinds = vocabulary("session_kinds")
        self._routes = routes()

    def set_sessions(self, sessions: list[SessionSummary], client: Client | None) -> None:
        """Replace every row (the client gives the weights for mg/kg)."""
        # Inside the reset, so no view reads the new client's mg/kg against the old rows.
        self.beginResetModel()
        self._rows = list(sessions)
        self._client = client
        self.endResetModel()

    summary_at = RowTableModel.row

    def row_of(self, session_id: int) -> int | None:
        return self.find_row(lambda s: s.id == session_id)

    def mg_per_kg(self, s: SessionSummary) -> float | None:
        if not s.total_mg or self._client is None:
            return None
        kg = self._client.weight_on(s.date)
        return s.total_mg / kg if kg else None

    def _text(self, s: SessionSummary, column: int) -> str:
        if column == DATE:
            return fmt_date(s.date)
        if column == NUMBER:
            return "" if s.number is None else str(s.number)
        if column == KIND:
            return self._kinds.label(s.kind)
        if column == ROUTE:
            return SHORT_ROUTES.get(s.route, s.route)
        if column == TOTAL_MG:
            return fmt_number(s.total_mg or None, 1, missing="")
        if column == MG_PER_KG:
            # Two decimals always, as the editor and the PDFs print it (0.70, never 0.7).
            return fmt_mg_per_kg(self.mg_per_kg(s), unit=False, missing="")
        if column == STATUS:
            return "signed" if s.signed else "draft"
        if column == SAFETY:
            # Short, so the column stays in sight at 1366 px; the tooltip says what it means.
            # The score flags by name; other urgent findings as "urgent", or "+N" beside a
            # score flag (the column stays narrow; the tooltip names each).
            if not s.has_safety_flag:
                return ""
            scores = [f for f in _flags(s) if f != "urgent"]
            others = len([m for m in s.urgent if not _is_score_flag(m)])
            if not scores:
                return "⚠ urgent"
            return "⚠ " + " · ".join(scores) + (f" +{others}" if others else "")
        return ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # fmt: skip
        """Column names, with a tooltip on the abbreviated ones."""
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return HEADER_TIPS.get(section)
        return super().headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        s = self.row_at(index)
        if s is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(s, column)
        if role == SESSION_ID_ROLE:
            return s.id
        if role == Qt.ItemDataRole.ToolTipRole and column == ROUTE and s.route:
            route = self._routes.get(s.route)
            return route.label if route else s.route
        if role == Qt.ItemDataRole.ToolTipRole and column == SAFETY and s.has_safety_flag:
            tips = [SAFETY_TIPS[flag] for flag in _flags(s) if flag in SAFETY_TIPS]
            # The rule set's urgent findings, minus the score flags already explained.
            tips += [m for m in s.urgent if not _is_score_flag(m)]
            return "\n".join(tips)
        if role == Qt.ItemDataRole.ForegroundRole and column == SAFETY and s.has_safety_flag:
            return QBrush(QColor("#c0392b"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (NUMBER, TOTAL_MG, MG_PER_KG):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


SAFETY_TIPS = {
    "item 9": "PHQ-9 item 9 (thoughts of self-harm) above 0: assess safety.",
    "C-SSRS": "C-SSRS screen positive: assess suicide risk.",
}


def _is_score_flag(message: str) -> bool:
    return "PHQ-9" in message or "C-SSRS" in message


def _flags(s: SessionSummary) -> list[str]:
    """The short names of a session's safety flags, as the Safety column shows them."""
    names = [name for name, on in (("item 9", s.phq9_item9), ("C-SSRS", s.cssrs_positive)) if on]
    others = [m for m in s.urgent if not _is_score_flag(m)]
    if others:
        names.append("urgent")
    return names
