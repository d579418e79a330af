"""Issue 12: random keystrokes and wheel turns on the editor's fields. Whatever happens, what
is stored is what the user meant (text that reads as a possible value) or nothing new."""

from __future__ import annotations

from datetime import date, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from kapnotes.domain.records import Administration, Session
from kapnotes.domain.validation import value_problem
from kapnotes.ui.editor import SessionEditor
from kapnotes.ui.editor.fields import ParseError, parse_date, parse_float, parse_int, parse_time
from tests.ui.test_wheel_guard import wheel

# (name, parser, extra check, how to read the stored value)
FIELDS = {
    "date": (parse_date, lambda v: "blank" if v is None else None, lambda s: s.date),
    "start": (parse_time, lambda v: None, lambda s: s.start_time),
    "number": (parse_int, lambda v: None, lambda s: s.number),
    "onset": (parse_int, lambda v: value_problem("minutes", v), lambda s: s.dosing.onset_min),
}
KEYS = "0123456789-:./ ,eaxO"
actions = st.lists(
    st.one_of(
        st.tuples(st.just("type"), st.sampled_from(sorted(FIELDS)), st.text(KEYS, max_size=11)),
        st.tuples(st.just("dose"), st.just(""), st.text(KEYS, max_size=7)),
        st.tuples(st.just("wheel"), st.sampled_from(["kind", "setting"]), st.integers(-3, 3)),
        st.tuples(
            st.just("date"),
            st.just("date"),
            st.dates(date(1990, 1, 1), date(2035, 12, 31)).map(str),
        ),  # fmt: skip
    ),
    min_size=1,
    max_size=10,
)


def widget_of(editor: SessionEditor, name: str):
    o = editor.overview
    return {"date": o.date_edit, "start": o.start_edit, "number": o.number_edit,
            "onset": editor.dosing.timing_edits["onset_min"], "kind": o.kind_combo,
            "setting": o.setting_combo}[name]  # fmt: skip


def meant(name: str, text: str, before):
    parser, check, _read = FIELDS[name]
    try:
        value = parser(text)
    except ParseError:
        return before
    return before if check(value) else value


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_random_keys_and_wheels_store_what_was_meant_or_nothing(qtbot, practice, clinic, monkeypatch, steps):  # fmt: skip
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    s = Session(clinic["client"].id, clinic["course"].id, date(2026, 11, 20), kind="dosing",
                number=1, start_time=time(9, 0))  # fmt: skip
    s.administrations = [Administration(time(9, 10), "im", 30.0)]
    sid = practice.save_session(s)
    editor = SessionEditor(practice)
    qtbot.addWidget(editor)
    editor.resize(1366, 740)
    with qtbot.waitActive(editor):
        editor.show()
        editor.activateWindow()
    editor.load_session(sid)
    expected = {name: read(practice.get_session(sid)) for name, (_p, _c, read) in FIELDS.items()}
    dose = 30.0
    kind, setting = s.kind, s.setting
    for action, name, payload in steps:
        if action in ("type", "date"):
            field = widget_of(editor, name)
            editor.findings_bar.list.setFocus()  # the user comes into the field afresh
            field.setFocus()
            field.selectAll()
            qtbot.keyClick(field, Qt.Key.Key_Delete)
            qtbot.keyClicks(field, payload)
            expected[name] = meant(name, payload, expected[name])
        elif action == "dose":
            view = editor.dosing.table.view
            view.setFocus()
            view.setCurrentIndex(editor.dosing.model.index(0, 3))
            qtbot.keyClick(view, Qt.Key.Key_F2)
            cell = QApplication.focusWidget()
            cell.selectAll()
            qtbot.keyClicks(cell, payload)
            qtbot.keyClick(cell, Qt.Key.Key_Return)
            QApplication.processEvents()
            try:
                value = parse_float(payload)
            except ParseError:
                value = None
            if value is not None and not value_problem("mg", value):
                dose = value
        else:
            editor.findings_bar.list.setFocus()
            wheel(widget_of(editor, name), payload)
    editor.flush()
    stored = practice.get_session(sid)
    editor.close()
    for name, (_p, _c, read) in FIELDS.items():
        assert read(stored) == expected[name], name
    assert [a.mg for a in stored.administrations] == [dose]  # never negative, never zero
    assert (stored.kind, stored.setting) == (kind, setting)  # the wheel changed nothing
