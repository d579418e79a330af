"""The audit viewer: filters by client, action and dates; shows a broken chain after tampering."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDate, Qt
from security_helpers import MARKER

from kapnotes.domain.records import Client
from kapnotes.store.audit import AuditEntry
from kapnotes.ui.security.audit_model import AuditTableModel
from kapnotes.ui.security.audit_viewer import AuditViewer


@pytest.fixture
def audited(encrypted_practice):
    """Two clients, an export for each and a print for one."""
    other = encrypted_practice.save_client(Client(name="Other Person", chart="C-002"))
    marker = encrypted_practice.find_client("C-001").id
    encrypted_practice.record_event("export", client_id=marker, detail="note.pdf")
    encrypted_practice.record_event("export", client_id=other, detail="other.pdf")
    encrypted_practice.record_event("print", client_id=other, detail="course summary")
    return encrypted_practice, marker, other


def _viewer(qtbot, practice):
    viewer = AuditViewer(practice)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.waitExposed(viewer)
    return viewer


def _column(viewer, column):
    model = viewer.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _choose(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_the_audit_model_passes_the_model_tester(qtmodeltester):
    model = AuditTableModel(client_names={1: "Marker (C-001)"})
    now = datetime(2026, 11, 24, 9, 30)
    model.set_rows(
        [
            AuditEntry(1, now, "dr a", "create", 1, None, "client 1", ["name"], ""),
            AuditEntry(2, now, "dr a", "export", 1, 7, "session 7", [], "note.pdf"),
            AuditEntry(3, now, "dr b", "failed_unlock", None, None, "", [], "3 wrong"),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, AuditTableModel.CLIENT).data() == "Marker (C-001)"
    assert model.index(2, AuditTableModel.ACTION).data() == "failed unlock"


def test_shows_every_entry_newest_first_with_client_names(qtbot, audited):
    practice, _marker, _other = audited
    viewer = _viewer(qtbot, practice)
    ids = [int(text) for text in _column(viewer, AuditTableModel.ID)]
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == len(practice.audit_entries())
    assert f"{MARKER} (C-001)" in _column(viewer, AuditTableModel.CLIENT)


def test_filters_by_client_and_action(qtbot, audited):
    practice, marker, other = audited
    viewer = _viewer(qtbot, practice)
    _choose(viewer.client_combo, other)
    assert set(_column(viewer, AuditTableModel.CLIENT)) == {"Other Person (C-002)"}
    _choose(viewer.action_combo, "export")
    assert _column(viewer, AuditTableModel.DETAIL) == ["other.pdf"]
    _choose(viewer.client_combo, None)
    assert sorted(_column(viewer, AuditTableModel.DETAIL)) == ["note.pdf", "other.pdf"]
    assert viewer.count_label.text() == "2 matching entries."


def test_filters_by_date(qtbot, audited):
    practice, _marker, _other = audited
    viewer = _viewer(qtbot, practice)
    assert viewer.model.rowCount() > 0
    viewer.to_date.setDate(QDate.currentDate().addDays(-1))
    assert viewer.model.rowCount() == 0
    viewer.to_date.setDate(QDate.currentDate())
    viewer.from_date.setDate(QDate.currentDate())
    assert viewer.model.rowCount() == len(practice.audit_entries())
    viewer.from_date.setDate(QDate.currentDate().addDays(1))
    assert viewer.model.rowCount() == 0


def test_verify_says_intact(qtbot, audited):
    practice, _marker, _other = audited
    viewer = _viewer(qtbot, practice)
    qtbot.mouseClick(viewer.verify_button, Qt.MouseButton.LeftButton)
    assert viewer.verify_message.text().startswith("Audit trail intact")


def test_verify_shows_where_a_tampered_chain_breaks(qtbot, audited):
    practice, _marker, _other = audited
    victim = practice.audit_entries(action="print")[0].id
    # Someone with the passphrase and an SQLite shell: drop the guard, edit one row.
    practice.db.execute("DROP TRIGGER audit_no_update")
    practice.db.execute("UPDATE audit_log SET detail = 'nothing printed' WHERE id = ?", [victim])
    practice.db.conn.commit()
    viewer = _viewer(qtbot, practice)
    qtbot.mouseClick(viewer.verify_button, Qt.MouseButton.LeftButton)
    assert viewer.verify_message.text().startswith(f"Audit trail broken at entry {victim}")
    selected = viewer.table.selectionModel().selectedRows()
    assert [viewer.model.entry(i.row()).id for i in selected] == [victim]
