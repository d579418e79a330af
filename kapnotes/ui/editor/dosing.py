"""Dosing: administrations table with live totals and mg/kg, and the per-session dosing facts."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.formatting import fmt_mg_per_kg
from kapnotes.domain.records import Administration
from kapnotes.domain.signatures import client_as_signed
from kapnotes.domain.validation import Finding
from kapnotes.domain.vocab import routes
from kapnotes.ui.editor.base import by_prefix
from kapnotes.ui.editor.fields import (
    FieldMessage,
    ValueEdit,
    fill_combo,
    local_error,
    parse_int,
    parse_time,
    select_code,
)
from kapnotes.ui.editor.lot_picker import LotDelegate
from kapnotes.ui.editor.models import AdministrationsModel
from kapnotes.ui.editor.tables import RecordTable, TableSection

TIMINGS = (("onset_min", "&Onset"), ("peak_min", "&Peak"), ("baseline_min", "&Baseline"))


class DosingSection(TableSection):
    """What was given, how much in total and per kg, and how the dose played out."""

    ATTR = "administrations"

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Dosing", parent)
        self.model = AdministrationsModel(self)
        self.table = RecordTable(self.model, "administration", self)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("doseTotals")
        self.table_message = FieldMessage(self)
        self.lot_edit = QLineEdit(self)
        self.premed_edit = QLineEdit(self)
        self.premed_edit.setPlaceholderText("e.g. ondansetron 4 mg")
        self.timing_edits: dict[str, ValueEdit] = {}
        timing_row = QHBoxLayout()
        for name, label in TIMINGS:
            edit = ValueEdit(parse_int, "min", self)
            edit.setMaximumWidth(70)
            edit.setAccessibleName(label.replace("&", "") + " (minutes after first dose)")
            caption = QLabel(label + ":", self)
            caption.setBuddy(edit)
            timing_row.addWidget(caption)
            timing_row.addWidget(edit)
            edit.valueEdited.connect(lambda n=name: self._on_timing(n))
            self.timing_edits[name] = edit
        timing_row.addWidget(QLabel("minutes after the first administration", self))
        timing_row.addStretch(1)
        self.timing_message = FieldMessage(self)
        self.sl_combo = QComboBox(self)
        fill_combo(self.sl_combo, [("", "—"), ("spat", "Spat out"), ("swallowed", "Swallowed")])
        self.infusion_end_edit = ValueEdit(parse_time, "HH:MM", self)
        self.infusion_message = FieldMessage(self)

        form = QFormLayout()
        form.addRow("&Lot number:", self.lot_edit)
        form.addRow("Pre-&medication:", self.premed_edit)
        form.addRow(timing_row)
        form.addRow(self.timing_message)
        form.addRow("Lozenge &disposition:", self.sl_combo)
        form.addRow("Infusion &end:", self.infusion_end_edit)
        form.addRow(self.infusion_message)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.table_message)
        layout.addLayout(form)

        columns = [c.attr for c in self.model.COLUMNS]
        self.table.view.setItemDelegateForColumn(
            columns.index("lot"),
            LotDelegate(lambda: self.ctx.stock, self._day, columns.index("medication"), self),
        )
        self.connect_table()
        self.lot_edit.textEdited.connect(lambda t: self._set_dosing("lot_number", t))
        self.premed_edit.textEdited.connect(lambda t: self._set_dosing("premedication", t))
        self.sl_combo.currentIndexChanged.connect(
            lambda: self._set_dosing("sl_disposition", self.sl_combo.currentData())
        )
        self.infusion_end_edit.valueEdited.connect(
            lambda: self._set_dosing("infusion_end", self.infusion_end_edit.value())
        )

    def fill(self) -> None:
        s = self.loaded
        self.model.set_rows(s.administrations)
        d = s.dosing
        self.lot_edit.setText(d.lot_number)
        # One lot per session was before each dose named its own: shown only where it was used.
        self._form.setRowVisible(self.lot_edit, bool(d.lot_number))
        self.premed_edit.setText(d.premedication)
        for name, edit in self.timing_edits.items():
            edit.set_value(getattr(d, name))
        select_code(self.sl_combo, d.sl_disposition)
        self.infusion_end_edit.set_value(d.infusion_end)
        self._refresh()

    def _day(self):
        return self.session.date if self.session is not None else date.today()

    # -- edits -----------------------------------------------------------------------------
    def new_record(self, last: Administration | None) -> Administration:
        """A row with route, medication, site and giver copied from the last one."""
        return Administration(
            time=None,
            route=last.route if last else "iv",
            mg=None,
            medication=last.medication if last else "racemic",
            site=last.site if last else "",
            given_by=last.given_by if last else "",
            lot=last.lot if last else "",  # a booster is usually drawn from the same vial
        )

    def table_changed(self) -> None:
        self._refresh()

    def _on_timing(self, name: str) -> None:
        self._set_dosing(name, self.timing_edits[name].value())

    def _set_dosing(self, name: str, value) -> None:
        self.write(name, value, "dosing")

    def _refresh(self) -> None:
        """Totals, mg/kg and which route-specific fields apply."""
        s = self.loaded
        used = {a.route for a in s.administrations}
        self._form.setRowVisible(self.sl_combo, "sl" in used or bool(s.dosing.sl_disposition))
        self._form.setRowVisible(
            self.infusion_end_edit, "iv" in used or s.dosing.infusion_end is not None
        )
        self.table.fit_rows()
        if not s.administrations:
            self.totals_label.setText("No administration yet.")
            return
        text = f"Total: {s.total_mg:g} mg"
        # A signed note shows the weight it was signed with, whatever was added since.
        client = client_as_signed(self.ctx.client, s) if self.ctx.client else None
        kg = client.weight_on(s.date) if client else None
        per_kg = s.mg_per_kg(client)
        if per_kg is not None:
            text += f"  ·  {fmt_mg_per_kg(per_kg)} (weight {kg:g} kg)"
        elif used & {code for code, r in routes().items() if r.unit == "mg/kg"}:
            text += "  ·  mg/kg: no weight on file for this client"
        self.totals_label.setText(text)

    # -- findings --------------------------------------------------------------------------
    def local_findings(self) -> list[Finding]:
        out = self.model.local_findings()
        for name, label in TIMINGS:
            edit = self.timing_edits[name]
            if edit.error:
                out.append(local_error(f"dosing.{name}", label.replace("&", ""), edit.error))
        if self.infusion_end_edit.error:
            out.append(local_error("dosing.infusion_end", "Infusion end", self.infusion_end_edit.error))  # fmt: skip
        return out

    def show_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        mine = by_prefix(findings, "administrations")
        self.table_message.show_findings(mine)
        self.timing_message.show_findings(
            by_prefix(findings, "dosing.onset_min", "dosing.peak_min", "dosing.baseline_min")
        )
        self.infusion_message.show_findings(by_prefix(findings, "dosing.infusion_end"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        if field_name.startswith("dosing."):
            return self.timing_edits.get(field_name[7:], self.infusion_end_edit)
        return super().focus_widget(field_name)

    def has_data(self) -> bool:
        s = self.session
        return bool(s and (s.administrations or s.dosing.lot_number or s.dosing.premedication))
