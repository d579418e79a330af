"""Observed effects: each effect of the vocabulary (and the clinic's own) with an intensity."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from kapnotes.domain.records import EffectObservation
from kapnotes.domain.validation import Finding
from kapnotes.domain.vocab import INTENSITY_LABELS, intensity_label, vocabulary
from kapnotes.ui.editor.base import WHOLE, Section, by_prefix
from kapnotes.ui.editor.fields import FieldMessage, ValueEdit, local_error, parse_time

COLUMNS = 2  # effects are laid out in two columns to keep the section short


class EffectRow:
    """The widgets of one effect: its label, an intensity combo and an onset time."""

    def __init__(self, code: str, label: str, parent: QWidget):
        self.code = code
        self.label = QLabel(label + ":", parent)
        # Long names wrap: two columns of effects must fit the note column at 1366 px.
        self.label.setWordWrap(True)
        self.intensity = QComboBox(parent)
        for i, name in enumerate(INTENSITY_LABELS):
            self.intensity.addItem(name, i)
        self.intensity.setAccessibleName(f"{label} intensity")
        self.time = ValueEdit(parse_time, "onset", parent)
        self.time.setMaximumWidth(70)
        # Wide enough to show "00:00" whole (the layout squeezed it to a few pixels).
        self.time.setMinimumWidth(self.time.fontMetrics().horizontalAdvance("00:00") + 16)
        self.time.setAccessibleName(f"{label} onset time")
        self.label.setBuddy(self.intensity)


class EffectsSection(Section):
    """none / mild / moderate / severe for each effect, with an optional time of onset."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Observed effects", parent)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        self.rows: dict[str, EffectRow] = {}
        self._primary: dict[str, EffectObservation] = {}
        self.more_label = QLabel(self)
        self.more_label.setWordWrap(True)
        self.message = FieldMessage(self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(self.more_label)
        layout.addWidget(self.message)
        self._codes: list[tuple[str, str]] = []

    def _build(self, terms: list[tuple[str, str]]) -> None:
        """(Re)create the rows when the list of effects changed (settings or session)."""
        if terms == self._codes:
            return
        for row in self.rows.values():
            for w in (row.label, row.intensity, row.time):
                self.grid.removeWidget(w)
                w.hide()
                w.deleteLater()
        self.rows.clear()
        self._codes = terms
        per_column = (len(terms) + COLUMNS - 1) // COLUMNS
        for i, (code, label) in enumerate(terms):
            row = EffectRow(code, label, self)
            column, line = divmod(i, per_column)
            self.grid.addWidget(row.label, line, column * 4)
            self.grid.addWidget(row.intensity, line, column * 4 + 1)
            self.grid.addWidget(row.time, line, column * 4 + 2)
            row.intensity.currentIndexChanged.connect(lambda _i, c=code: self._on_edit(c))
            row.time.valueEdited.connect(lambda c=code: self._on_edit(c))
            self.rows[code] = row
        self.grid.setColumnStretch(3, 1)
        self.rebuilt.emit()
        # Tab goes down the first column, then the second, like reading.
        previous = None
        for row in self.rows.values():
            if previous is not None:
                QWidget.setTabOrder(previous, row.intensity)
            QWidget.setTabOrder(row.intensity, row.time)
            previous = row.time

    def fill(self) -> None:
        vocab = vocabulary("effects").extended(self.ctx.settings.extra_effects)
        terms = [(t.code, t.label) for t in vocab]
        known = {c for c, _ in terms}
        for e in self.loaded.effects:
            if e.effect not in known:
                terms.append((e.effect, e.effect))
                known.add(e.effect)
        self._build(terms)
        self._primary = {}
        for e in self.loaded.effects:
            self._primary.setdefault(e.effect, e)
        for code, row in self.rows.items():
            obs = self._primary.get(code)
            row.intensity.setCurrentIndex(obs.intensity if obs and 0 <= obs.intensity <= 3 else 0)
            row.time.set_value(obs.time if obs else None)
        self._show_more()

    def _show_more(self) -> None:
        """Further observations of an effect (e.g. from live mode) are kept and listed."""
        extra = [e for e in self.loaded.effects if self._primary.get(e.effect) is not e]
        if not extra:
            self.more_label.hide()
            return
        labels = {c: r.label.text().rstrip(":") for c, r in self.rows.items()}
        parts = [
            f"{labels.get(e.effect, e.effect)} {intensity_label(e.intensity)}"
            + (f" at {e.time:%H:%M}" if e.time else "")
            for e in extra
        ]
        self.more_label.setText("Also recorded: " + "; ".join(parts))
        self.more_label.show()

    def _on_edit(self, code: str) -> None:
        if self.session is None or self._loading:
            return
        row = self.rows[code]
        intensity, when = row.intensity.currentData(), row.time.value()
        obs = self._primary.get(code)
        if intensity == 0 and when is None:
            if obs is not None:
                self.session.effects.remove(obs)
                del self._primary[code]
        elif obs is None:
            obs = EffectObservation(effect=code, intensity=intensity, time=when)
            self.session.effects.append(obs)
            self._primary[code] = obs
        else:
            obs.intensity, obs.time = intensity, when
        self.emit_edit(WHOLE)

    def local_findings(self) -> list[Finding]:
        return [
            local_error(
                f"effects.{code}.time", f"{row.label.text().rstrip(':')} onset", row.time.error
            )  # fmt: skip
            for code, row in self.rows.items()
            if row.time.error
        ]

    def show_findings(self, findings: list[Finding]) -> None:
        self.message.show_findings(by_prefix(findings, "effects"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        if field_name.startswith("effects[") and self.session is not None:
            index = field_name[8:].split("]")[0]
            if index.isdigit() and int(index) < len(self.session.effects):
                row = self.rows.get(self.session.effects[int(index)].effect)
                return row.time if row else None
        if field_name.startswith("effects."):
            row = self.rows.get(field_name.split(".")[1])
            return row.time if row else None
        return None

    def has_data(self) -> bool:
        return bool(self.session and self.session.effects)
