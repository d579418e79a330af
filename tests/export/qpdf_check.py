"""`qpdf --check` on a generated PDF: the qpdf command when installed, else libqpdf via pikepdf.

pikepdf (a test dependency) bundles the same libqpdf, so CI checks every file even on a machine
without Debian's qpdf package.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def qpdf_problems(path: Path) -> list[str]:
    """What qpdf reports as wrong with the file ([] when it passes)."""
    if shutil.which("qpdf"):
        run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        return [] if run.returncode == 0 else [run.stdout + run.stderr]
    import pikepdf

    with pikepdf.open(path) as pdf:
        return pdf.check_pdf_syntax()
