"""The session editor: every field of a note, autosaved, validated, signed with addenda."""

from kapnotes.ui.editor import refcount_guard

# Typing makes thousands of void Qt calls: without this, PySide6 6.12 on Python 3.11 aborts.
refcount_guard.install()

from kapnotes.ui.editor.editor import SessionEditor  # noqa: E402

__all__ = ["SessionEditor"]
