"""Pages of the settings dialog: warning ranges (doses, vital signs) and vocabulary extras."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.dose_tiers import DEFAULT_UPPER, dose_tier
from kapnotes.domain.settings import PracticeSettings, VitalThresholds
from kapnotes.domain.settings_values import DOSE_RANGE, VITAL_RANGE
from kapnotes.domain.vocab import routes, vocabulary

VITAL_LABELS = {
    "pre_systolic_caution": "Systolic before dosing, caution at ≥",
    "pre_diastolic_caution": "Diastolic before dosing, caution at ≥",
    "systolic_urgent": "Systolic urgent at ≥",
    "diastolic_urgent": "Diastolic urgent at ≥",
    "hr_high": "Heart rate high above",
    "hr_low": "Heart rate low below",
    "spo2_caution": "SpO2 caution below",
    "spo2_urgent": "SpO2 urgent below",
    "systolic_min": "Systolic possible from",
    "systolic_max": "Systolic possible up to",
    "diastolic_min": "Diastolic possible from",
    "diastolic_max": "Diastolic possible up to",
    "hr_min": "Heart rate possible from",
    "hr_max": "Heart rate possible up to",
    "spo2_min": "SpO2 possible from",
    "spo2_max": "SpO2 possible up to",
    "bp_rise_systolic": "Systolic rise from pre-dose, caution at +",
    "bp_rise_diastolic": "Diastolic rise from pre-dose, caution at +",
}


class DoseRangesPage(QWidget):
    """A low–high soft warning range per route, in that route's unit."""

    def __init__(self, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        self._spins: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        grid = QGridLayout(self)
        grid.addWidget(QLabel("<b>Route</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Warn below</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Warn above</b>"), 0, 2)
        grid.addWidget(QLabel("<b>Urgent above</b>"), 0, 3)
        grid.addWidget(QLabel("<b>Check the units above</b>"), 0, 4)
        self._upper: dict[str, tuple[QDoubleSpinBox, QDoubleSpinBox]] = {}
        for row, route in enumerate(routes().values(), start=1):
            low, high = settings.dose_range(route.code) or (route.low, route.high)
            tier = dose_tier(route.code, settings)
            ceiling, units = (tier.ceiling, tier.check_units) if tier else (high, high)
            spins = []
            for value in (low, high, ceiling, units):
                spin = QDoubleSpinBox()
                spin.setRange(*DOSE_RANGE)
                # mg/kg to two decimals (0.50); mg ranges to one (28.0 mg, not 28.00) unless a
                # stored value needs two (never rounded away by opening the dialog).
                fine = route.unit == "mg/kg" or any(round(v, 1) != v for v in (low, high))
                spin.setDecimals(2 if fine else 1)
                spin.setSuffix(f" {route.unit}")
                spin.setValue(value)
                spins.append(spin)
            label = QLabel(route.label)
            label.setBuddy(spins[0])
            grid.addWidget(label, row, 0)
            grid.addWidget(spins[0], row, 1)
            grid.addWidget(spins[1], row, 2)
            grid.addWidget(spins[2], row, 3)
            grid.addWidget(spins[3], row, 4)
            self._spins[route.code] = (spins[0], spins[1])
            self._upper[route.code] = (spins[2], spins[3])
        note = QLabel(
            "Outside the range is a warning, above the ceiling an urgent finding; above "
            "\u201ccheck the units\u201d the note is signed only with a typed reason. Never blocked."
        )
        note.setWordWrap(True)
        note.setObjectName("muted")
        grid.addWidget(note, len(self._spins) + 1, 0, 1, 5)
        grid.setRowStretch(len(self._spins) + 2, 1)

    def spins(self, route: str) -> tuple[QDoubleSpinBox, QDoubleSpinBox]:
        return self._spins[route]

    def apply(self, settings: PracticeSettings) -> None:
        """Store only the ranges that differ from DOMAIN.md's defaults."""
        out = {}
        for code, (low, high) in self._spins.items():
            default = routes()[code]
            pair = [low.value(), high.value()]
            if pair != [default.low, default.high]:
                out[code] = pair
        settings.dose_ranges = out
        upper = {}
        for code, (ceiling, units) in self._upper.items():
            pair = [ceiling.value(), units.value()]
            if tuple(pair) != DEFAULT_UPPER.get(code):
                upper[code] = pair
        settings.dose_ceilings = upper


class VitalsPage(QWidget):
    """Vital-sign warning thresholds and the bounds of the physiologically possible."""

    def __init__(self, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        self._spins: dict[str, QSpinBox] = {}
        flags, bounds = QFormLayout(), QFormLayout()
        for f in fields(VitalThresholds):
            spin = QSpinBox()
            spin.setRange(*VITAL_RANGE)
            spin.setValue(int(getattr(settings.vitals, f.name)))
            unit = "%" if "spo2" in f.name else ("bpm" if f.name.startswith("hr") else "mmHg")
            spin.setSuffix(f" {unit}")
            target = bounds if f.name.endswith(("_min", "_max")) else flags
            target.addRow(VITAL_LABELS.get(f.name, f.name) + ":", spin)
            self._spins[f.name] = spin
        flag_box, bound_box = QGroupBox("Warning flags"), QGroupBox("Impossible values (errors)")
        flag_box.setLayout(flags)
        bound_box.setLayout(bounds)
        layout = QHBoxLayout(self)
        layout.addWidget(flag_box)
        layout.addWidget(bound_box)

    def spin(self, name: str) -> QSpinBox:
        return self._spins[name]

    def apply(self, settings: PracticeSettings) -> None:
        settings.vitals = VitalThresholds(**{k: s.value() for k, s in self._spins.items()})


def _lines(edit: QPlainTextEdit) -> list[str]:
    seen, out = set(), []
    for line in edit.toPlainText().splitlines():
        line = line.strip()
        if line and line.casefold() not in seen:
            seen.add(line.casefold())
            out.append(line)
    return out


class VocabularyPage(QWidget):
    """The clinic's own themes and effects, and which effects are one click away."""

    def __init__(self, settings: PracticeSettings, parent=None):
        super().__init__(parent)
        self.themes_edit = QPlainTextEdit("\n".join(settings.extra_themes))
        self.themes_edit.setPlaceholderText("one theme per line, e.g. Inner child")
        self.themes_edit.setTabChangesFocus(True)
        self.effects_edit = QPlainTextEdit("\n".join(settings.extra_effects))
        self.effects_edit.setPlaceholderText("one effect per line")
        self.effects_edit.setTabChangesFocus(True)
        self.quick_list = QListWidget()
        effects = vocabulary("effects").extended(settings.extra_effects)
        for term in effects:
            item = QListWidgetItem(term.label)
            item.setData(Qt.ItemDataRole.UserRole, term.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = term.code in settings.quick_effects
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.quick_list.addItem(item)
        left = QVBoxLayout()
        left.addWidget(_label("&Clinic's own integration themes:", self.themes_edit))
        left.addWidget(self.themes_edit)
        left.addWidget(_label("Clinic's own observed &effects:", self.effects_edit))
        left.addWidget(self.effects_edit)
        right = QVBoxLayout()
        right.addWidget(_label("&Quick effects (live mode buttons):", self.quick_list))
        right.addWidget(self.quick_list)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    def apply(self, settings: PracticeSettings) -> None:
        settings.extra_themes = _lines(self.themes_edit)
        settings.extra_effects = _lines(self.effects_edit)
        quick = []
        for row in range(self.quick_list.count()):
            item = self.quick_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                quick.append(item.data(Qt.ItemDataRole.UserRole))
        settings.quick_effects = quick


def _label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (the letter after &) focuses `buddy`."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
