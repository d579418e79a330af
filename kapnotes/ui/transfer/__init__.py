"""Import and export from the window: thin dialogs over kapnotes.export's Qt-free jobs."""

from kapnotes.ui.transfer.export_dialog import ExportDialog
from kapnotes.ui.transfer.import_dialog import ImportDialog

__all__ = ["ExportDialog", "ImportDialog"]
