"""Live session mode: one-key capture during a dosing session."""

from kapnotes.ui.live.view import LiveSessionView

__all__ = ["LiveSessionView"]
