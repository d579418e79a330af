"""KAPNotes: offline session notes for ketamine-assisted psychotherapy."""

__version__ = "0.1.0"
