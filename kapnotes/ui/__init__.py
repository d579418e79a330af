"""The PySide6 desktop app: the only package that imports Qt."""

from kapnotes.ui.common import refcount_guard

# pyproject pins PySide6 below 6.12, whose void calls leak references to None on Python 3.11
# and abort the process after a few thousand keystrokes; should a 6.12 be installed anyway,
# the guard keeps the app alive. It is a no-op when the bug is absent.
refcount_guard.install()
