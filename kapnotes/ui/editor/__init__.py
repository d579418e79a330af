"""The session editor: every field of a note, autosaved, validated, signed with addenda.

`SessionEditor` loads on first use (PEP 562): the window imports small parts of this package
(phrases) at start-up, and the editor itself only when it builds it, after the first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kapnotes.ui.editor.editor import SessionEditor

__all__ = ["SessionEditor"]


def __getattr__(name: str):
    if name != "SessionEditor":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from kapnotes.ui.editor.editor import SessionEditor

    globals()[name] = SessionEditor
    return SessionEditor
