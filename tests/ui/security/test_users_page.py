"""Settings > Users: an admin adds, disables, enables and resets users; others see no page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from security_helpers import PASSPHRASE

from kapnotes.domain.users import Role
from kapnotes.services import ServiceContext
from kapnotes.store import open_practice
from kapnotes.ui.settings.dialog import SettingsDialog


def _click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_admin_manages_users_from_settings(qtbot, encrypted_practice):
    dialog = SettingsDialog(ServiceContext(encrypted_practice))
    qtbot.addWidget(dialog)
    page = dialog.users_page
    assert page is not None and dialog.tabs.indexOf(page) >= 0
    qtbot.keyClicks(page.name_edit, "Jo Park")
    page.role_combo.setCurrentIndex(page.role_combo.findData(Role.THERAPIST))
    qtbot.keyClicks(page.credentials_edit, "LCSW")
    qtbot.keyClicks(page.email_edit, "jo@example.org")
    qtbot.keyClicks(page.temporary.edit, "short")
    _click(qtbot, page.add_button)
    assert "at least 10" in page.message.text()
    page.temporary.clear()
    qtbot.keyClicks(page.temporary.edit, "jo temporary pass")
    _click(qtbot, page.add_button)
    jo = encrypted_practice.get_user("Jo Park")
    assert (jo.role, jo.credentials, jo.email) == (Role.THERAPIST, "LCSW", "jo@example.org")
    assert jo.must_change_passphrase and page.selected().name == "Jo Park"
    _click(qtbot, page.active_button)
    assert not encrypted_practice.get_user("Jo Park").active
    assert page.active_button.text() == "&Enable"
    _click(qtbot, page.active_button)
    qtbot.keyClicks(page.temporary.edit, "another temporary")
    _click(qtbot, page.reset_button)
    assert encrypted_practice.get_user("Jo Park").fingerprint != jo.fingerprint
    # The last admin stays: disabling yourself is refused with a message.
    page.table.selectRow(0)
    _click(qtbot, page.active_button)
    assert "last admin" in page.message.text()
    open_practice(encrypted_practice.path, "another temporary", user="Jo Park").close()


def test_a_therapist_sees_no_users_page(qtbot, encrypted_path):
    with open_practice(encrypted_path, PASSPHRASE) as p:
        p.add_user("Tess", Role.THERAPIST, "tess passphrase", temporary=False)
    practice = open_practice(encrypted_path, "tess passphrase", user="Tess")
    try:
        dialog = SettingsDialog(ServiceContext(practice))
        qtbot.addWidget(dialog)
        assert dialog.users_page is None
        titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        assert "Users" not in titles and "Clinicians" not in titles
    finally:
        practice.close()
