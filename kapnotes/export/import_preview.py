"""What a KAPNotes JSON file would add to a practice, before anything is added.

`preview_import` reads and checks the whole file (json_format.parse_document), counts what it
holds and finds the chart numbers the practice already has (an import is all or nothing, so
any such conflict stops it). `apply_import` then inserts the very records that were previewed.
Every problem is an ImportProblem with one line for the user.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kapnotes.domain.settings import PracticeSettings
from kapnotes.export.json_format import FormatError, parse_document
from kapnotes.store.transfer import ClientBundle, TransferSummary, insert_bundles


class ImportProblem(Exception):
    """A file that cannot be imported: one line, nothing was added."""


@dataclass
class ImportPreview:
    """The checked content of a file and what it would add."""

    path: Path
    bundles: list[ClientBundle]
    settings: PracticeSettings | None
    counts: dict[str, int] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)  # chart numbers already in the practice

    @property
    def can_import(self) -> bool:
        return bool(self.bundles) and not self.conflicts


def read_json_file(path: Path) -> object:
    """The decoded JSON of a file; unreadable, not UTF-8 or not JSON is an ImportProblem."""
    path = Path(path)
    if path.is_dir():
        raise ImportProblem(f"{path.name} is a folder, not a JSON file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem(f"{path.name} is not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ImportProblem(f"{path.name} is nested too deeply to be a KAPNotes file") from None


def preview_import(practice, path: Path) -> ImportPreview:
    """Check the whole file and count what it would add to `practice` (nothing is written)."""
    data = read_json_file(path)
    try:
        bundles, settings = parse_document(data)
    except FormatError as exc:
        raise ImportProblem(f"{Path(path).name}: {exc}") from None
    sessions = [s for b in bundles for s in b.sessions]
    counts = {
        "clients": len(bundles),
        "courses": sum(len(b.courses) for b in bundles),
        "sessions": len(sessions),
        "signed notes": sum(1 for s in sessions if s.is_signed),
        "administrations": sum(len(s.administrations) for s in sessions),
        "vital signs": sum(len(s.vitals) for s in sessions),
        "scales": sum(len(s.scales) for s in sessions),
        "addenda": sum(len(s.addenda) for s in sessions),
    }
    taken = {r[0] for r in practice.db.execute("SELECT chart FROM clients")}
    conflicts = [b.client.chart for b in bundles if b.client.chart in taken]
    return ImportPreview(Path(path), bundles, settings, counts, conflicts)


def apply_import(practice, preview: ImportPreview) -> TransferSummary:
    """Insert the previewed records in one transaction (all or nothing), audited."""
    if not preview.bundles:
        raise ImportProblem(f"{preview.path.name} holds no clients: nothing to import")
    return insert_bundles(
        practice, preview.bundles, preview.settings, detail=f"imported from {preview.path.name}"
    )
