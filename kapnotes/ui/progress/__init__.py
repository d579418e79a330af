"""Progress on the client page: outcome and charts across a course."""

from kapnotes.ui.progress.view import ProgressView

__all__ = ["ProgressView"]
