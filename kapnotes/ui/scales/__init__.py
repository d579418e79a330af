"""Rating scale entry: item-by-item forms with live scoring and safety flags."""

from kapnotes.ui.scales.editor import ScaleScoresEditor
from kapnotes.ui.scales.form import ScaleForm

__all__ = ["ScaleForm", "ScaleScoresEditor"]
