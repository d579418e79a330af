"""The shared row table model: rows, lookups, headers and change signals."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from kapnotes.ui.common.row_model import RowTableModel


class WordModel(RowTableModel[str]):
    HEADERS = ("Word", "Length")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        word = self.row_at(index)
        if word is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        return word if index.column() == 0 else str(len(word))


def test_row_model_passes_the_model_tester(qtmodeltester):
    model = WordModel(rows=["ketamine", "vitals", "dose"])
    qtmodeltester.check(model)
    model.set_rows(["one"])
    qtmodeltester.check(model)


def test_rows_lookups_and_headers():
    model = WordModel(rows=["ketamine", "vitals"])
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Length"
    assert model.headerData(2, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.row(1) == "vitals"
    assert model.find_row(lambda w: w.startswith("v")) == 1
    assert model.find_row(lambda w: w == "absent") is None
    copy = model.rows()
    copy.append("not in the model")
    assert model.rowCount() == 2


def test_a_stale_index_reads_as_no_row():
    model = WordModel(rows=["a", "b", "c"])
    last = model.index(2, 0)
    model.set_rows(["a"])
    assert model.row_at(last) is None
    assert model.row_at(QModelIndex()) is None


def test_set_rows_resets_and_columns_changed_covers_every_row(qtbot):
    model = WordModel(rows=["a"])
    with qtbot.waitSignal(model.modelReset):
        model.set_rows(["x", "y", "z"])
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.columns_changed(1, 1)
    top, bottom, _roles = blocker.args
    assert (top.row(), top.column(), bottom.row(), bottom.column()) == (0, 1, 2, 1)
    model.set_rows([])
    with qtbot.assertNotEmitted(model.dataChanged):
        model.columns_changed(0, 1)


def test_the_editor_tables_are_row_models_with_headers_from_their_columns():
    from kapnotes.domain.records import VitalSign
    from kapnotes.ui.editor.models import VitalsModel

    model = VitalsModel()
    assert isinstance(model, RowTableModel)
    assert tuple(c.header for c in VitalsModel.COLUMNS) == model.HEADERS
    model.set_rows([VitalSign(None, 120, 80), VitalSign(None, 130, 85)])
    assert model.rowCount() == 2 and model.columnCount() == len(VitalsModel.COLUMNS)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Systolic"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"  # rows numbered from 1
    assert model.record(1).systolic == 130 and model.records() == model.rows()
