"""Dosing: administrations table with live totals and mg/kg, and the per-session dosing facts."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.formatting import fmt_mg_per_kg
from kapnotes.domain.records import Administration
from kapnotes.domain.signatures import client_as_signed
from kapnotes.domain.validation import Finding, value_problem
from kapnotes.domain.vocab import routes
from kapnotes.ui.editor.base import by_prefix
from kapnotes.ui.editor.fields import (
    FieldMessage,
    ValueEdit,
    edit_error,
    fill_combo,
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

    model: AdministrationsModel

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Dosing", parent)
        self.model = AdministrationsModel(self)
        self.table = RecordTable(self.model, "administration", self)
        self.totals_label = QLabel(self)
        self.totals_label.setObjectName("doseTotals")
        # Doses pre-filled from the last session are a plan: one key gives or drops each.
        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("dosePlan")
        self.plan_label.setWordWrap(True)
        self.give_button = QPushButton("Mark &given", self)
        self.give_button.setToolTip("The selected planned dose was given (Ctrl+G); Delete drops it")  # fmt: skip
        self.drop_button = QPushButton("Drop &plan", self)
        self.drop_button.setToolTip("Remove the selected planned dose: it was not given")
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_label, 1)
        plan_row.addWidget(self.give_button)
        plan_row.addWidget(self.drop_button)
        self.plan_box = QWidget(self)
        self.plan_box.setLayout(plan_row)
        plan_row.setContentsMargins(0, 0, 0, 0)
        self.table_message = FieldMessage(self)
        self.lot_edit = QLineEdit(self)
        self.premed_edit = QLineEdit(self)
        self.premed_edit.setPlaceholderText("e.g. ondansetron 4 mg")
        self.timing_edits: dict[str, ValueEdit] = {}
        timing_row = QHBoxLayout()
        for name, label in TIMINGS:
            edit = ValueEdit(parse_int, "min", self, check=lambda v: value_problem("minutes", v))
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
        layout.addWidget(self.plan_box)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.table_message)
        layout.addLayout(form)

        columns = [c.attr for c in self.model.COLUMNS]
        self.table.view.setItemDelegateForColumn(
            columns.index("lot"),
            LotDelegate(lambda: self.ctx.stock, self._day, columns.index("medication"), self),
        )
        self.connect_table()
        self.give_button.clicked.connect(self.give_planned)
        self.drop_button.clicked.connect(self.drop_planned)
        view = self.table.view
        give_key = QShortcut(QKeySequence("Ctrl+G"), view, self.give_planned)
        give_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        drop_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), view, self._delete_key)
        drop_key.setContext(Qt.ShortcutContext.WidgetShortcut)
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
            given_by=self.ctx.actor or (last.given_by if last else ""),
            lot=last.lot if last else "",  # a booster is usually drawn from the same vial
        )

    # -- the plan ----------------------------------------------------------------------------
    def _plan_row(self) -> int | None:
        """The selected row when it is a planned dose, else the first planned dose."""
        rows = [i for i, a in enumerate(self.model.records()) if a.planned]
        current = self.table.view.currentIndex()
        if current.isValid() and current.row() in rows:
            return current.row()
        return rows[0] if rows else None

    def give_planned(self) -> None:
        """The planned dose was given: it counts from now on (its time is typed in the row)."""
        row = self._plan_row()
        if row is None or self.read_only:
            return
        self.model.set_planned(row, False)
        self.table.start_editing(row, 0)  # the time it was given

    def drop_planned(self) -> None:
        """The planned dose was not given: remove it."""
        row = self._plan_row()
        if row is not None and not self.read_only:
            self.model.remove_record(row)

    def _delete_key(self) -> None:
        current = self.table.view.currentIndex()
        if current.isValid() and not self.read_only:
            self.model.remove_record(current.row())

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
        planned = [a for a in s.administrations if a.planned]
        self.plan_box.setVisible(bool(planned) and not self.read_only)
        if planned:
            doses = ", ".join(f"{a.mg:g} mg" for a in planned if isinstance(a.mg, int | float))
            self.plan_label.setText(
                f"Planned from the last session, not given: {doses}. Counted nowhere until "
                "given: select a row, Ctrl+G marks it given, Delete drops it."
            )
        if not s.given():
            self.totals_label.setText("No dose given yet." if planned else "No administration yet.")  # fmt: skip
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

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        if self.session is not None:
            self._refresh()  # the plan's row shows on drafts only

    # -- findings --------------------------------------------------------------------------
    def local_findings(self) -> list[Finding]:
        out: list[Finding | None] = [*self.model.local_findings()]
        for name, label in TIMINGS:
            out.append(edit_error(f"dosing.{name}", label.replace("&", ""), self.timing_edits[name]))  # fmt: skip
        out.append(edit_error("dosing.infusion_end", "Infusion end", self.infusion_end_edit))
        return [f for f in out if f is not None]

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
