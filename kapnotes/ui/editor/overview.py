"""Overview: date, start time, kind, number, setting, clinicians present, intention."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kapnotes.domain.validation import Finding
from kapnotes.domain.vocab import vocabulary
from kapnotes.ui.editor.base import Section, by_prefix
from kapnotes.ui.editor.fields import (
    FieldMessage,
    ValueEdit,
    edit_error,
    fill_combo,
    parse_date,
    parse_int,
    parse_time,
    select_code,
)


def _date_required(value: object) -> str | None:
    return "A session needs a date (YYYY-MM-DD); the date stored is unchanged." if value is None else None  # fmt: skip


class NameListCompleter(QCompleter):
    """Completes the name being typed after the last comma ("Ana Ruiz, Sa" -> "Sam Ode")."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 (Qt override)
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:  # noqa: N802 (Qt override)
        edit = self.widget()
        typed = edit.text() if isinstance(edit, QLineEdit) else ""
        done = [n.strip() for n in typed.split(",")[:-1] if n.strip()]
        return ", ".join([*done, index.data()])


class OverviewSection(Section):
    """When, what kind, who was there, and the client's intention for the session."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Overview", parent)
        self.client_message = FieldMessage(self)
        # A typed date (YYYY-MM-DD): what is typed is the date, or an error beside it.
        self.date_edit = ValueEdit(parse_date, "YYYY-MM-DD", self, check=_date_required)
        self.date_edit.setAccessibleName("Session date")
        self.date_edit.setMaxLength(10)
        # Asked before a kind change that would hide sections holding content (the editor
        # sets it); None or True goes ahead.
        self.confirm_kind: Callable[[str], bool] | None = None
        self.start_edit = ValueEdit(parse_time, "HH:MM", self)
        self.kind_combo = QComboBox(self)
        fill_combo(self.kind_combo, ((t.code, t.label) for t in vocabulary("session_kinds")))
        self.number_edit = ValueEdit(parse_int, "#", self)
        self.number_edit.setMaximumWidth(60)
        self.setting_combo = QComboBox(self)
        fill_combo(self.setting_combo, ((t.code, t.label) for t in vocabulary("settings")))
        self.clinicians_edit = QLineEdit(self)
        self.clinicians_edit.setPlaceholderText("Names, separated by commas")
        self.names = QStringListModel(self)
        completer = NameListCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.clinicians_edit.setCompleter(completer)
        # The completer fills the text without textEdited: record that change too.
        completer.activated.connect(lambda _t: self._on_clinicians(self.clinicians_edit.text()))
        self.intention_edit = QPlainTextEdit(self)
        self.intention_edit.setTabChangesFocus(True)
        self.intention_edit.setPlaceholderText("The client's intention for this session")
        self.intention_edit.setFixedHeight(64)
        self.date_message = FieldMessage(self)
        self.start_message = FieldMessage(self)
        self.number_message = FieldMessage(self)

        when = QHBoxLayout()
        when.addWidget(self.date_edit)
        when.addWidget(self.start_edit)
        when.addStretch(1)
        what = QHBoxLayout()
        what.addWidget(self.kind_combo)
        what.addWidget(self.number_edit)
        what.addWidget(self.setting_combo)
        what.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.client_message)
        form.addRow("&Date, start time:", when)
        _buddy(form, when, self.date_edit)
        form.addRow(self.date_message)
        form.addRow(self.start_message)
        form.addRow("&Kind, number, setting:", what)
        _buddy(form, what, self.kind_combo)
        form.addRow(self.number_message)
        form.addRow("C&linicians present:", self.clinicians_edit)
        form.addRow("&Intention:", self.intention_edit)
        self.start_edit.setAccessibleName("Start time")
        self.number_edit.setAccessibleName("Session number")
        self.setting_combo.setAccessibleName("Setting")

        self.date_edit.valueEdited.connect(self._on_date)
        self.start_edit.valueEdited.connect(self._on_start)
        self.kind_combo.currentIndexChanged.connect(self._on_kind)
        self.number_edit.valueEdited.connect(self._on_number)
        self.setting_combo.currentIndexChanged.connect(self._on_setting)
        self.clinicians_edit.textEdited.connect(self._on_clinicians)
        self.intention_edit.textChanged.connect(self._on_intention)

    def fill(self) -> None:
        s = self.loaded
        self.date_edit.set_value(s.date)
        self.start_edit.set_value(s.start_time)
        select_code(self.kind_combo, s.kind)
        self.number_edit.set_value(s.number)
        select_code(self.setting_combo, s.setting)
        self.clinicians_edit.setText(", ".join(s.clinicians))
        self.names.setStringList([c.name for c in self.ctx.settings.clinicians])
        if self.intention_edit.toPlainText() != s.intention:
            self.intention_edit.setPlainText(s.intention)

    # -- edits -----------------------------------------------------------------------------
    def _on_date(self) -> None:
        # The last good date (bad text keeps the stored one; its error shows beside the field).
        self.write("date", self.date_edit.value())

    def _on_start(self) -> None:
        self.write("start_time", self.start_edit.value())

    def _on_kind(self) -> None:
        new = self.kind_combo.currentData()
        s, ask = self.session, self.confirm_kind
        changing = s is not None and not self._loading and new != s.kind
        if s is not None and changing and ask is not None and not ask(new):
            select_code(self.kind_combo, s.kind)  # not changed after all
            return
        self.write("kind", new)

    def _on_number(self) -> None:
        self.write("number", self.number_edit.value())

    def _on_setting(self) -> None:
        self.write("setting", self.setting_combo.currentData())

    def _on_clinicians(self, text: str) -> None:
        self.write("clinicians", [n.strip() for n in text.split(",") if n.strip()])

    def _on_intention(self) -> None:
        self.write("intention", self.intention_edit.toPlainText())

    # -- findings --------------------------------------------------------------------------
    def local_findings(self) -> list[Finding]:
        out = [
            edit_error("date", "Date", self.date_edit),
            edit_error("start_time", "Start time", self.start_edit),
            edit_error("number", "Session number", self.number_edit),
        ]
        return [f for f in out if f is not None]

    def show_findings(self, findings: list[Finding]) -> None:
        self.client_message.show_findings(by_prefix(findings, "client"))
        self.date_message.show_findings(by_prefix(findings, "date"))
        self.start_message.show_findings(by_prefix(findings, "start_time"))
        self.number_message.show_findings(by_prefix(findings, "number"))

    def focus_widget(self, field_name: str) -> QWidget | None:
        widgets: dict[str, QWidget] = {
            "date": self.date_edit,
            "start_time": self.start_edit,
            "number": self.number_edit,
            "kind": self.kind_combo,
            "intention": self.intention_edit,
        }
        return widgets.get(field_name)

    def has_data(self) -> bool:
        return True


def _buddy(form: QFormLayout, field: QWidget | QLayout, buddy: QWidget) -> None:
    """Let the row label's mnemonic (Alt+D, Alt+K) focus `buddy` in a row of several widgets."""
    label = form.labelForField(field)
    if isinstance(label, QLabel):
        label.setBuddy(buddy)
