"""The practice settings dialog and its pages."""
