"""Documents: PDF export, preview and printing from the window."""
