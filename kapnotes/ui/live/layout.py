"""The widgets of the live view, laid out: clock and keys on the left, timeline on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from kapnotes.ui.live.booster import BoosterRow
from kapnotes.ui.live.panels import EffectKeys, EntryRow, muted, scaled_font
from kapnotes.ui.live.timeline_model import DETAIL, WHAT, TimelineModel
from kapnotes.ui.scales.badges import Badge


def setup_live_ui(view: Any, effects: list[tuple[str, str]]) -> None:
    """Create the live view's widgets as attributes of `view` and wire them to its slots.

    `view` is the LiveSessionView, which declares these attributes with their types (Any here:
    naming the class would make this module and view.py import each other).
    """
    outer = QHBoxLayout(view)
    left = QVBoxLayout()
    outer.addLayout(left, 4)
    view.title = QLabel()
    view.title.setFont(scaled_font(view.title, 1.3, bold=True))
    view.status = muted(QLabel())
    head = QHBoxLayout()
    head.addWidget(view.title, 1)
    head.addWidget(view.status)
    left.addLayout(head)
    view.signed_banner = Badge("info")
    left.addWidget(view.signed_banner)
    view.elapsed = QLabel("—")
    view.elapsed.setObjectName("elapsed")
    view.elapsed.setFont(scaled_font(view.elapsed, 5.0, bold=True))
    view.elapsed.setAlignment(Qt.AlignmentFlag.AlignCenter)
    view.caption = muted(QLabel())
    view.caption.setFont(scaled_font(view.caption, 1.2))
    view.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
    left.addWidget(view.elapsed)
    left.addWidget(view.caption)
    view.reminder = Badge("caution")
    view.reminder.setObjectName("reminder")
    view.reminder.setFont(scaled_font(view.reminder, 1.4, bold=True))
    view.reminder.setAlignment(Qt.AlignmentFlag.AlignCenter)
    left.addWidget(view.reminder)
    view.next_label = muted(QLabel())
    view.next_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    left.addWidget(view.next_label)
    view.effect_keys = EffectKeys(effects)
    view.effect_keys.pressed.connect(view.press_effect)
    left.addWidget(view.effect_keys)

    actions = QHBoxLayout()
    view.note_button = QPushButton("N   Note")
    view.dose_button = QPushButton("B   Booster")
    view.vitals_button = QPushButton("V   Vitals")
    for button in (view.note_button, view.dose_button, view.vitals_button):
        button.setFont(scaled_font(button, 1.2))
        button.setMinimumHeight(44)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        actions.addWidget(button)
    view.note_button.clicked.connect(view.open_note)
    view.dose_button.clicked.connect(view.open_booster)
    view.vitals_button.clicked.connect(lambda: view.vitals_row.edit.setFocus())
    left.addLayout(actions)

    view.note_row = EntryRow("&Note:", "one line — Enter saves, Esc closes")
    view.note_row.submitted.connect(view.save_note)
    view.note_row.cancelled.connect(view.close_note)
    view.note_row.hide()
    left.addWidget(view.note_row)
    view.booster_row = BoosterRow()
    view.booster_row.accepted.connect(view.save_booster)
    view.booster_row.cancelled.connect(view.booster_closed)
    view.booster_row.hide()
    left.addWidget(view.booster_row)
    view.vitals_row = EntryRow(
        "&Vitals:", "128/82 76 98   (BP  HR  SpO2  [resp]  [s5 sedation]) — Enter saves"
    )
    view.vitals_row.submitted.connect(view.save_vitals)
    view.vitals_row.cancelled.connect(lambda: view.timeline_view.setFocus())
    left.addWidget(view.vitals_row)
    view.vitals_flags = Badge("caution")
    view.vitals_flags.setObjectName("vitals_flags")
    view.vitals_flags.setFont(scaled_font(view.vitals_flags, 1.2, bold=True))
    left.addWidget(view.vitals_flags)
    left.addStretch(1)

    right = QVBoxLayout()
    outer.addLayout(right, 3)
    heading = QLabel("Timeline")
    heading.setFont(scaled_font(heading, 1.2, bold=True))
    right.addWidget(heading)
    view.model = TimelineModel(view)
    view.timeline_view = QTableView()
    view.timeline_view.setModel(view.model)
    view.timeline_view.setFont(scaled_font(view.timeline_view, 1.15))
    view.timeline_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.timeline_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.timeline_view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
    )
    view.timeline_view.verticalHeader().hide()
    view.timeline_view.setAlternatingRowColors(True)
    header = view.timeline_view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
    # Long effect names are elided (full name in the tooltip) so the detail column gets room.
    header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(
        WHAT, view.timeline_view.fontMetrics().horizontalAdvance("Vitals (before dos")
    )
    view.timeline_view.setWordWrap(True)
    # Rows grow to show a wrapped note or vitals line whole.
    view.timeline_view.verticalHeader().setSectionResizeMode(
        QHeaderView.ResizeMode.ResizeToContents
    )
    right.addWidget(view.timeline_view, 1)
    view.timeline_message = muted(
        QLabel("F2 corrects time or detail · Delete removes")
    )  # TIMELINE_HINT
    view.timeline_message.setWordWrap(True)
    right.addWidget(view.timeline_message)
    view.remove_button = QPushButton("Remove selected entry")
    view.remove_button.clicked.connect(view.remove_selected)
    right.addWidget(view.remove_button)


def setup_live_shortcuts(view: Any, effects: int) -> None:
    """The one-key captures: 1..9 log a quick effect, N a note, B a dose, V the vitals line,
    Delete removes the selected timeline entry. Line edits take printable keys for themselves
    (ShortcutOverride), so these keys only act when the cursor is not in a text field."""
    ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
    view.effect_shortcuts = []
    for i in range(effects):
        sc = QShortcut(QKeySequence(str(i + 1)), view, context=ctx)
        sc.activated.connect(lambda i=i: view.press_effect(i))
        view.effect_shortcuts.append(sc)
    view.action_shortcuts = [
        QShortcut(QKeySequence("N"), view, view.open_note, context=ctx),
        QShortcut(QKeySequence("B"), view, view.open_booster, context=ctx),
        QShortcut(QKeySequence("V"), view, view.vitals_row.edit.setFocus, context=ctx),
        QShortcut(QKeySequence(Qt.Key.Key_Delete), view.timeline_view, view.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut),
    ]  # fmt: skip
