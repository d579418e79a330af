"""The Emergency access sheet: the practice's recovery key on paper, made with the practice.

The recovery key is the database key itself, so it opens the practice (and every backup) when
every passphrase is forgotten or the key file is lost. It belongs in a locked drawer, never
on the laptop: the instructions on the sheet say so.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

INSTRUCTIONS = (
    "Print this sheet now, then delete the file: never keep it on this laptop or in its backups.",
    "Store the paper locked away (a safe, a locked drawer off the premises), like a master key.",
    "With it, an admin can open the practice when every passphrase is lost or the key file",
    "beside it is missing: kapnotes recover --recovery-key-file FILE (a file holding the key).",
    "Every use is recorded in the audit trail as emergency access.",
    "After `kapnotes rekey` this key no longer opens the practice: file the new sheet instead.",
)


def grouped(key_hex: str) -> str:
    """The 64 hex digits in groups of 4, as printed: easy to type back."""
    digits = key_hex.upper()
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def write_practice_sheet(practice, target: Path | str) -> Path:
    """The sheet of an open practice (a store Practice): its name and recovery key, and the
    signed-in admin's fingerprint. The CLI and the app write it this one way."""
    user = practice.user
    return write_recovery_sheet(
        target, practice.settings().practice_name, practice.recovery_key(), user.name,
        user.fingerprint,
    )  # fmt: skip


def write_recovery_sheet(
    target: Path | str,
    practice_name: str,
    key_hex: str,
    admin_name: str,
    admin_fingerprint: str,
    when: date | None = None,
) -> Path:
    """Write the sheet as a private PDF (0600); its path."""
    target = Path(target).expanduser()
    when = when or date.today()
    fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    os.close(fd)
    pdf = canvas.Canvas(str(target), pagesize=LETTER)
    pdf.setTitle("KAPNotes: Emergency access")
    width, height = LETTER
    y = height - 1.0 * inch
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(inch, y, "Emergency access")
    y -= 0.4 * inch
    pdf.setFont("Helvetica", 12)
    for line in (
        f"Practice: {practice_name}",
        f"Date: {when.isoformat()}",
        f"First admin: {admin_name}, signing key fingerprint {admin_fingerprint}",
    ):
        pdf.drawString(inch, y, line)
        y -= 0.28 * inch
    y -= 0.2 * inch
    # One line, so that the key reads (and copies) as one: 93 monospaced characters.
    pdf.setFont("Courier-Bold", 9)
    pdf.drawString(0.6 * inch, y, "Recovery key: " + grouped(key_hex))
    y -= 0.55 * inch
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(inch, y, "Instructions")
    y -= 0.28 * inch
    pdf.setFont("Helvetica", 11)
    for line in INSTRUCTIONS:
        pdf.drawString(inch, y, line)
        y -= 0.24 * inch
    pdf.showPage()
    pdf.save()
    os.chmod(target, 0o600)
    return target
