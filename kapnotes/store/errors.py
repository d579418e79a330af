"""Errors the store raises: each carries a one-line message fit to show a user.

Messages name files and records, never note text.
"""


class PracticeError(Exception):
    """Base class: something is wrong with the practice database."""


class PracticeNotFound(PracticeError):
    pass


class PracticeLocked(PracticeError):
    pass


class PracticeCorrupt(PracticeError):
    pass


class NotAPractice(PracticeError):
    pass


class WrongPassphrase(PracticeError):
    pass


class RecordNotFound(PracticeError):
    pass


class SignedNoteError(PracticeError):
    """A signed note was about to be changed: corrections go in an addendum."""
