"""A read-only view of a session, used where the full session editor is not installed.

It has the editor's interface (load_session, flush, reload_settings, the same signals), so the
window works the same either way; nothing can be typed into it, so nothing can be lost.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from kapnotes.domain.vocab import routes, vocabulary
from kapnotes.store import Practice, PracticeError


class SessionSummaryView(QTextBrowser):
    """The selected session as read-only text."""

    saved = Signal(object)
    sessionChanged = Signal(int)
    liveRequested = Signal(int)

    def __init__(self, practice: Practice, parent: QWidget | None = None):
        super().__init__(parent)
        self.practice = practice
        self.session_id: int | None = None
        self.setOpenLinks(False)
        self.load_session(None)

    def flush(self) -> None:
        """Nothing to save: this view never edits."""

    def reload_settings(self) -> None:
        self.load_session(self.session_id)

    def load_session(self, session_id: int | None) -> None:
        """Show a session (None: an empty page with a hint)."""
        self.session_id = session_id
        if session_id is None:
            self.setHtml("<p>Select a session, or press Ctrl+N for a new one.</p>")
            return
        try:
            s = self.practice.get_session(session_id)
        except PracticeError as exc:
            self.setPlainText(str(exc))
            return
        e = html.escape
        kinds = vocabulary("session_kinds")
        parts = [
            f"<h3>{e(kinds.label(s.kind))} session {e(str(s.number or ''))} — {s.date.isoformat()}</h3>",
            f"<p>{'Signed by ' + e(s.signed_by) if s.is_signed else 'Draft'}</p>",
        ]
        if s.intention:
            parts.append(f"<p><b>Intention:</b> {e(s.intention)}</p>")
        for a in s.administrations:
            route = routes().get(a.route)
            when = a.time.strftime("%H:%M") if a.time else "—"
            parts.append(f"<p>{when} {e(route.label if route else a.route)}: {a.mg:g} mg</p>")
        for name, text in s.narrative_sections():
            if text:
                parts.append(f"<p><b>{e(name)}</b><br>{e(text).replace(chr(10), '<br>')}</p>")
        self.setHtml("".join(parts))
