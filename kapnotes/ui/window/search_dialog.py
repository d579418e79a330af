"""Search all notes (Ctrl+F): ranked results as you type, the hit highlighted in each snippet."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
)

from kapnotes.domain.vocab import vocabulary
from kapnotes.store import Practice, PracticeError, SearchHit
from kapnotes.ui.common.row_model import Index, RowTableModel

CLIENT, DATE, KIND, SNIPPET = range(4)
HEADERS = ("Client", "Date", "Kind", "Snippet")
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 2
DEBOUNCE_MS = 250


def found_text(practice: Practice, text: str, shown: int) -> str:
    """ "98 notes found (the best 50 shown)": the true count, never the list's limit."""
    if not text.strip():
        return ""
    try:
        count = max(shown, practice.count_matches(text))
    except PracticeError:
        count = shown
    noun = f"{count} note{'s' if count != 1 else ''} found"
    return noun if count == shown else f"{noun} (the best {shown} shown)"


def snippet_html(hit: SearchHit) -> str:
    """The snippet as escaped rich text: user text can never become markup."""
    out = []
    for text, is_hit in hit.snippet_parts():
        piece = html.escape(text.replace("\n", " "), quote=True)
        out.append(f"<b><u>{piece}</u></b>" if is_hit else piece)
    return "".join(out)


class SearchResultsModel(RowTableModel[SearchHit]):
    """Search hits in rank order."""

    HEADERS = HEADERS

    def __init__(self, parent=None):
        super().__init__(parent)
        self._kinds = vocabulary("session_kinds")

    set_hits = RowTableModel.set_rows
    hit_at = RowTableModel.row

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        hit = self.row_at(index)
        if hit is None:
            return None
        column = index.column()
        if role == SESSION_ID_ROLE:
            return hit.session_id
        if role == HTML_ROLE:
            return snippet_html(hit) if column == SNIPPET else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == CLIENT:
                return f"{hit.client_name} ({hit.chart})"
            if column == DATE:
                return hit.date.isoformat()
            if column == KIND:
                return self._kinds.label(hit.kind)
            if column == SNIPPET:
                return hit.plain_snippet("", "").replace("\n", " ")
        return None


class HtmlDelegate(QStyledItemDelegate):
    """Paints HTML_ROLE rich text (already escaped by the model) in a cell."""

    def _document(self, option: QStyleOptionViewItem, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(index.data(HTML_ROLE) or "")
        return doc

    def paint(self, painter, option, index) -> None:
        rich = index.data(HTML_ROLE)
        if rich is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        top = max(0.0, (opt.rect.height() - doc.size().height()) / 2)  # centred like plain cells
        painter.translate(opt.rect.left(), opt.rect.top() + top)
        painter.setClipRect(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), option.fontMetrics.height() + 8))


class SearchDialog(QDialog):
    """Type to search; Enter or a double-click asks the window to open that session."""

    openSession = Signal(int)

    def __init__(self, practice: Practice, parent=None):
        super().__init__(parent)
        self.practice = practice
        self.setWindowTitle("Search notes")
        self.resize(900, 520)
        self.query_edit = QLineEdit()
        self.query_edit.setPlaceholderText(
            'words, "a phrase", grie*, a OR b, -word — Enter opens the selected note'
        )
        self.query_edit.setClearButtonEnabled(True)
        self.status_label = QLabel("")
        self.status_label.setObjectName("muted")
        self.model = SearchResultsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(SNIPPET, HtmlDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SNIPPET, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_search)
        self.query_edit.textChanged.connect(lambda _t: self.timer.start())
        self.query_edit.returnPressed.connect(self.open_current)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)

    def run_search(self) -> int:
        """Search now for the typed text; returns the number of results."""
        self.timer.stop()
        text = self.query_edit.text()
        try:
            hits = self.practice.search(text) if text.strip() else []
        except PracticeError as exc:
            hits = []
            self.status_label.setText(str(exc))
        else:
            self.status_label.setText(found_text(self.practice, text, len(hits)))
        self.model.set_hits(hits)
        if hits:
            self.view.selectRow(0)
        return len(hits)

    def open_current(self) -> None:
        """Enter: search first if typing is still pending, then open the selected result."""
        if self.timer.isActive():
            self.run_search()
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.open_row(rows[0].row())
        elif self.model.rowCount():
            self.open_row(0)

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.openSession.emit(self.model.hit_at(row).session_id)
            self.accept()

    def keyPressEvent(self, event) -> None:
        # Enter anywhere in the dialog opens the result instead of closing the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.query_edit.hasFocus():
            self.view.setFocus()
        super().keyPressEvent(event)
