"""Settings > Users (admins): add users, disable or enable them, give a temporary passphrase,
edit credentials, phone and email. Each action is saved at once, through the store."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kapnotes.domain.users import Role, User
from kapnotes.services import ServiceContext, accounts
from kapnotes.store import PracticeError
from kapnotes.ui.security.widgets import MessageLine, PassphraseField

COLUMNS = ("Name", "Role", "Credentials", "Admin", "Status", "Key")


class UsersPage(QWidget):
    """The practice's users; a row selected fills the form below."""

    def __init__(self, services: ServiceContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.practice = services.practice
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.name_edit = QLineEdit(self)
        self.role_combo = QComboBox(self)
        for role in Role:
            self.role_combo.addItem(str(role), role)
        self.credentials_edit = QLineEdit(self)
        self.credentials_edit.setPlaceholderText("MD, NP, LCSW…")
        self.phone_edit = QLineEdit(self)
        self.email_edit = QLineEdit(self)
        self.admin_check = QCheckBox("Admin (manages users)", self)
        self.temporary = PassphraseField("temporary passphrase, at least 10 characters", self)
        self.add_button = QPushButton("&Add user", self)
        self.save_button = QPushButton("Save &details", self)
        self.active_button = QPushButton("&Disable", self)
        self.reset_button = QPushButton("&Reset passphrase", self)
        self.message = MessageLine(self)
        form = QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("R&ole:", self.role_combo)
        form.addRow("&Credentials:", self.credentials_edit)
        form.addRow("&Phone:", self.phone_edit)
        form.addRow("&Email:", self.email_edit)
        form.addRow("", self.admin_check)
        form.addRow("&Temporary passphrase:", self.temporary)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.save_button, self.active_button, self.reset_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.add_button.clicked.connect(self.add_user)
        self.save_button.clicked.connect(self.save_details)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_passphrase)
        self.reload()

    # -- showing ---------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        self.users = self.practice.list_users()
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            values = (u.name, str(u.role), u.credentials, "yes" if u.is_admin else "",
                      "active" if u.active else "disabled", u.fingerprint)  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            if u.name == select:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()] if rows else None

    def _show_selected(self) -> None:
        user = self.selected()
        if user is not None:
            self.name_edit.setText(user.name)
            self.role_combo.setCurrentIndex(self.role_combo.findData(user.role))
            self.credentials_edit.setText(user.credentials)
            self.phone_edit.setText(user.phone)
            self.email_edit.setText(user.email)
            self.admin_check.setChecked(user.is_admin)
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.save_button, self.active_button, self.reset_button):
            button.setEnabled(user is not None)
        self.active_button.setText(
            "&Enable" if user is not None and not user.active else "&Disable"
        )

    # -- actions (each saved at once) --------------------------------------------------------
    def _run(self, action, done: str, select: str | None) -> None:
        try:
            action()
        except PracticeError as exc:
            self.message.show_error(str(exc))
            return
        self.temporary.clear()
        self.reload(select)
        self.message.show_ok(done)

    def add_user(self) -> None:
        name = self.name_edit.text().strip()
        self._run(
            lambda: accounts.add_user(
                self.services, name, self.role_combo.currentData(), self.temporary.text(),
                admin=self.admin_check.isChecked(), credentials=self.credentials_edit.text(),
                phone=self.phone_edit.text(), email=self.email_edit.text(),
            ),
            f"{name} was added; they choose their own passphrase at first sign-in.", name,
        )  # fmt: skip

    def save_details(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._run(
            lambda: accounts.update_user(
                self.services, user.name, credentials=self.credentials_edit.text(), phone=self.phone_edit.text(),
                email=self.email_edit.text(), role=self.role_combo.currentData(),
                admin=self.admin_check.isChecked(),
            ),
            f"The details of {user.name} were saved.", user.name,
        )  # fmt: skip

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        verb = "enabled" if not user.active else "disabled"
        self._run(
            lambda: accounts.set_user_active(self.services, user.name, not user.active),
            f"{user.name} is {verb}.", user.name,
        )  # fmt: skip

    def reset_passphrase(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._run(
            lambda: accounts.reset_passphrase(self.services, user.name, self.temporary.text()),
            f"{user.name} has a temporary passphrase (changed at their next sign-in).", user.name,
        )  # fmt: skip
