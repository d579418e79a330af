"""The session editor: every field of a note, autosaved, validated, signed with addenda."""

from kapnotes.ui.editor.editor import SessionEditor

__all__ = ["SessionEditor"]
