"""Qt table models over a session's administrations and vital signs (plain record rows).

A cell keeps text that is not a value of its kind (shown in red with the reason) while the
record keeps its last good value, so the store never gets garbage and the user loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from kapnotes.domain.formatting import fmt_plain_number, fmt_time
from kapnotes.domain.records import VitalSign
from kapnotes.domain.settings import VitalThresholds
from kapnotes.domain.validation import Finding, value_problem
from kapnotes.domain.vitals import vital_flags
from kapnotes.domain.vocab import routes, vocabulary
from kapnotes.ui.common.row_model import Index, RowTableModel
from kapnotes.ui.editor.fields import (
    CAUTION_BG,
    ERROR_BG,
    URGENT_BG,
    ParseError,
    local_error,
    parse_float,
    parse_int,
    parse_time,
    refused_error,
)

PARSERS = {"time": parse_time, "int": parse_int, "float": parse_float}
Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Column:
    """One column: record attribute, header, kind (time/int/float/text/choice), choices, and
    `possible`: the domain.validation.value_problem name whose impossible values are refused."""

    attr: str
    header: str
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = field(default=())
    possible: str = ""

    def label(self, code: object) -> str:
        for c, label in self.choices:
            if c == code:
                return label
        return "" if code is None else str(code)


class RecordTableModel(RowTableModel[Any]):
    """Rows of dataclass records, one column per attribute; edits write the record."""

    COLUMNS: tuple[Column, ...] = ()
    PREFIX = ""  # the findings' field prefix, e.g. "administrations"
    ROW_NUMBERS = True
    edited = Signal()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.HEADERS = tuple(c.header for c in cls.COLUMNS)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._raw: list[dict[str, str]] = []
        self._why: list[dict[str, str]] = []  # why a kept text was refused (impossible value)
        self._cell_findings: dict[tuple[int, str], list[Finding]] = {}
        self.read_only = False

    # -- rows ------------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[Any]) -> None:
        """Replace every record; text kept in cells and findings go with the old rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._raw = [{} for _ in self._rows]
        self._why = [{} for _ in self._rows]
        self._cell_findings = {}
        self.endResetModel()

    records = RowTableModel.rows
    record = RowTableModel.row

    def insert_record(self, record: Any, row: int | None = None) -> int:
        row = len(self._rows) if row is None else row
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, record)
        self._raw.insert(row, {})
        self._why.insert(row, {})
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_record(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._raw[row]
        del self._why[row]
        self.endRemoveRows()
        self.edited.emit()

    # -- Qt model API (rows, columns and headers come from RowTableModel) -----------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self.read_only else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Role.DisplayRole):
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        col = self.COLUMNS[index.column()]
        record, raw = self._rows[index.row()], self._raw[index.row()]
        value = getattr(record, col.attr)
        if role in (Role.DisplayRole, Role.EditRole):
            if col.attr in raw:
                return raw[col.attr]
            if col.kind == "choice":
                return col.label(value) if role == Role.DisplayRole else value
            if col.kind == "time":
                return fmt_time(value, missing="")
            return fmt_plain_number(value) if col.kind in ("int", "float") else (value or "")
        if role == Role.BackgroundRole:
            return self._background(index.row(), col)
        if role == Role.ToolTipRole:
            tips = self._messages(index.row(), col)
            return "\n".join(tips) if tips else None
        if role == Role.TextAlignmentRole and col.kind in ("int", "float"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:
        if role != Role.EditRole or not index.isValid() or self.read_only:
            return False
        col = self.COLUMNS[index.column()]
        record, raw = self._rows[index.row()], self._raw[index.row()]
        why = self._why[index.row()]
        if col.kind in PARSERS:
            text = "" if value is None else str(value)
            why.pop(col.attr, None)
            try:
                parsed = PARSERS[col.kind](text)
            except ParseError:
                raw[col.attr] = text  # keep what was typed; the record keeps its last value
            else:
                problem = self.impossible(record, col, parsed)
                if problem:  # refused like unreadable text: on screen with why, not stored
                    raw[col.attr], why[col.attr] = text, problem
                else:
                    raw.pop(col.attr, None)
                    setattr(record, col.attr, parsed)
        elif col.kind == "choice":
            setattr(record, col.attr, value)
        else:
            setattr(record, col.attr, "" if value is None else str(value))
        self._row_changed(index.row(), first=index.column())
        self.edited.emit()
        return True

    def _row_changed(self, row: int, first: int = 0) -> None:
        """Views redraw a row from column `first` to the last (one edit can change several)."""
        self.dataChanged.emit(self.index(row, first), self.index(row, self.columnCount() - 1))

    # -- findings --------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        """Attach findings like "vitals[2].diastolic" to their cells (colour and tooltip)."""
        cells: dict[tuple[int, str], list[Finding]] = {}
        head = self.PREFIX + "["
        for f in findings:
            if not f.field.startswith(head) or "]" not in f.field:
                continue
            number, _, rest = f.field[len(head) :].partition("]")
            if number.isdigit():
                cells.setdefault((int(number), rest.lstrip(".")), []).append(f)
        if cells != self._cell_findings:
            self._cell_findings = cells
            if self._rows:
                last = self.index(self.rowCount() - 1, self.columnCount() - 1)
                self.dataChanged.emit(self.index(0, 0), last, [Role.BackgroundRole, Role.ToolTipRole])  # fmt: skip

    def local_findings(self) -> list[Finding]:
        """Errors for cells whose text is not a value (kept on screen, not stored)."""
        out = []
        for row, raw in enumerate(self._raw):
            for col in self.COLUMNS:
                if col.attr in raw:
                    field_name = f"{self.PREFIX}[{row}].{col.attr}"
                    why = self._why[row].get(col.attr)
                    if why:
                        out.append(refused_error(field_name, f"Row {row + 1}: {why}"))
                    else:
                        out.append(local_error(field_name, f"Row {row + 1}, {col.header}", _problem(col.kind)))  # fmt: skip
        return out

    def impossible(self, record: Any, col: Column, value: object) -> str | None:
        """Why a parsed value cannot be (the one rule set in domain.validation), or None."""
        return value_problem(col.possible, value) if col.possible else None

    def has_raw_text(self) -> bool:
        return any(self._raw)

    def _messages(self, row: int, col: Column) -> list[str]:
        out = []
        if col.attr in self._why[row]:
            out.append(f"{self._why[row][col.attr]} It is kept here but not saved.")
        elif col.attr in self._raw[row]:
            out.append(f"{col.header}: this text {_problem(col.kind)}; it is kept here but not saved.")  # fmt: skip
        out += [f.message for f in self._cell_findings.get((row, col.attr), [])]
        for message in self.flag_messages(row, col.attr):
            if message not in out:
                out.append(message)
        return out

    def _background(self, row: int, col: Column):
        found = self._cell_findings.get((row, col.attr), [])
        if col.attr in self._raw[row] or any(f.is_error for f in found):
            return ERROR_BG
        level = self.flag_level(row, col.attr)
        if level == "urgent":
            return URGENT_BG
        if level == "caution":
            return CAUTION_BG
        return None

    def flag_level(self, row: int, attr: str) -> str | None:
        return None

    def flag_messages(self, row: int, attr: str) -> list[str]:
        return []


def _problem(kind: str) -> str:
    return {"time": "is not a time (HH:MM)", "int": "is not a whole number"}.get(kind, "is not a number")  # fmt: skip


def _route_choices() -> tuple[tuple[str, str], ...]:
    return tuple((r.code, r.label) for r in routes().values())


def _vocab_choices(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((t.code, t.label) for t in vocabulary(name))


class AdministrationsModel(RecordTableModel):
    """The doses given in a session: time, route, medication, mg, site, given by, note."""

    PREFIX = "administrations"
    COLUMNS = (
        Column("time", "Time", "time"),
        Column("route", "Route", "choice", _route_choices()),
        Column("medication", "Medication", "choice", _vocab_choices("medications")),
        Column("mg", "Dose (mg)", "float", possible="mg"),
        Column("site", "Site / device"),
        Column("given_by", "Given by"),
        Column("note", "Note"),
        # Last, so the columns before keep their places: picked from the stock on hand
        # (ui/editor/lot_picker.py).
        Column("lot", "Lot"),
    )

    def set_planned(self, row: int, planned: bool) -> None:
        """Mark a dose planned (counts toward nothing) or given."""
        self._rows[row].planned = planned
        self._row_changed(row)
        self.edited.emit()

    def impossible(self, record: Any, col: Column, value: object) -> str | None:
        # A stored dose is never blanked by an edit: a row without a dose waits on screen
        # unsaved, so clearing the cell would drop the whole administration from the record.
        if col.attr == "mg" and value is None and record.mg is not None:
            return "A dose needs its mg (to remove the dose, delete its row)."
        return super().impossible(record, col, value)

    def data(self, index: Index, role: int = Role.DisplayRole):
        record = self._rows[index.row()] if index.isValid() and index.row() < len(self._rows) else None  # fmt: skip
        if record is not None and record.planned:
            # A plan looks like one: italic, dimmed, "planned" in its time cell.
            if role == Role.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
            if role == Role.ForegroundRole:
                return QBrush(QColor(128, 128, 128))
            if role == Role.DisplayRole and index.column() == 0:
                return "planned"
            if role == Role.ToolTipRole:
                return "Planned from the last session, not given: Ctrl+G marks it given, Delete drops it"  # fmt: skip
        return super().data(index, role)

    def setData(self, index, value, role: int = Role.EditRole) -> bool:
        done = super().setData(index, value, role)
        record = self._rows[index.row()] if done else None
        if record is not None and record.planned and index.column() == 0 and record.time:
            record.planned = False  # the time it was given: the plan is now a dose
        # Spravato is esketamine: choosing its route sets the medication to match.
        if record is not None and record.route == "in_esk" and record.medication != "esketamine":
            record.medication = "esketamine"
            self._row_changed(index.row())
        return done


class VitalsModel(RecordTableModel):
    """Vital signs over time; flagged values coloured (caution amber, urgent red) with why."""

    PREFIX = "vitals"
    COLUMNS = (
        Column("time", "Time", "time"),
        Column("phase", "Phase", "choice", _vocab_choices("vital_phases")),
        Column("systolic", "Systolic", "int", possible="systolic"),
        Column("diastolic", "Diastolic", "int", possible="diastolic"),
        Column("heart_rate", "HR", "int", possible="heart_rate"),
        Column("spo2", "SpO2 %", "int", possible="spo2"),
        Column("resp_rate", "RR", "int", possible="resp_rate"),
        Column("sedation_scale", "Sedation scale", "choice", _vocab_choices("sedation_scales")),
        Column("sedation_score", "Sedation", "int", possible="sedation_score"),
        Column("note", "Note"),
    )

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.thresholds = VitalThresholds()

    def impossible(self, record: VitalSign, col: Column, value: object) -> str | None:
        if not col.possible:
            return None
        return value_problem(col.possible, value, self.thresholds, record.sedation_scale)

    def set_thresholds(self, thresholds: VitalThresholds) -> None:
        self.beginResetModel()
        self.thresholds = thresholds
        self.endResetModel()

    def _flags(self, row: int, attr: str):
        v: VitalSign = self._rows[row]
        return [f for f in vital_flags(v, self.thresholds) if f.field == attr]

    def flag_level(self, row: int, attr: str) -> str | None:
        levels = {f.level for f in self._flags(row, attr)}
        return "urgent" if "urgent" in levels else ("caution" if levels else None)

    def flag_messages(self, row: int, attr: str) -> list[str]:
        return [f.message for f in self._flags(row, attr)]
