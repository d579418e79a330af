"""Where exports write: checked targets, all-or-nothing files and folders, progress and cancel.

An export writes into a hidden temporary file (or folder) beside its target and renames it into
place only once everything is written and flushed: a failure, a full disk or a Cancel leaves
nothing behind but what was there before. Files are created readable by their owner only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


class ExportError(Exception):
    """An export that cannot be done or could not finish: one line for the user."""


class ExportCancelled(ExportError):
    """The user pressed Cancel: nothing was written."""

    def __init__(self) -> None:
        super().__init__("export cancelled; nothing was written")


@dataclass
class Progress:
    """Progress reports and the cancel flag of one export (safe to share between threads).

    `report(done, total)` is called as work advances (sessions, or files for PDFs); `cancel()`
    makes the next `step` raise ExportCancelled.
    """

    report: Callable[[int, int], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, done: int, total: int) -> None:
        """Raise ExportCancelled when cancelled, else pass the figures on."""
        if self._cancel.is_set():
            raise ExportCancelled()
        if self.report is not None:
            self.report(done, total)


def os_error_line(exc: OSError, target: Path) -> str:
    """One line for an OSError while writing `target` (a full disk says so)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return (
            f"cannot write {target}: the disk is full (or the file too large); nothing was written"
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {target}: permission denied; nothing was written"
    return f"cannot write {target}: {exc.strerror or exc}; nothing was written"


def check_file_target(out: Path, practice_path: Path | None = None) -> Path:
    """The output file, checked before any work: its folder exists and is writable."""
    out = Path(out).expanduser()
    if out.is_dir():
        raise ExportError(f"cannot write {out}: it is a folder")
    folder = out.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {out}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {out}: folder {folder} is not writable")
    if practice_path is not None and out.exists() and out.resolve() == practice_path.resolve():
        raise ExportError(f"{out} is the practice database itself; choose another file")
    return out


def check_folder_target(folder: Path, *, new: bool = False) -> Path:
    """The output folder, checked before any work: it exists and is writable (with new=True:
    it does not exist yet, and its parent does and is writable)."""
    folder = Path(folder).expanduser()
    if new and not folder.exists():
        check_folder_target(folder.parent)
        return folder
    if not folder.exists():
        raise ExportError(f"cannot write to {folder}: the folder does not exist")
    if not folder.is_dir():
        raise ExportError(f"cannot write to {folder}: it is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write to {folder}: the folder is not writable")
    return folder


@contextlib.contextmanager
def atomic_file(out: Path) -> Iterator[BinaryIO]:
    """A private temporary file beside `out`, renamed to `out` when the block succeeds."""
    fd, temp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temp)
        raise


@contextlib.contextmanager
def atomic_folder(folder: Path) -> Iterator[Path]:
    """A private temporary folder; on success its files move into `folder` (files already
    there with the same names are replaced only then), or, when `folder` does not exist yet,
    the temporary folder itself is renamed to it."""
    fresh = not folder.exists()
    temp = Path(
        tempfile.mkdtemp(prefix=".kapnotes-export-", dir=folder.parent if fresh else folder)
    )
    try:
        yield temp
        for path in sorted(temp.iterdir()):
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        if fresh:
            os.rename(temp, folder)
            return
        for path in sorted(temp.iterdir()):
            os.replace(path, folder / path.name)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, for the status line and the audit trail (no note text)."""

    kind: str  # "JSON", "CSV", "FHIR", "PDF"
    path: Path
    clients: int
    sessions: int
    files: int = 1
    deidentified: bool = False
    chart: str | None = None

    def audit_detail(self) -> str:
        """The audit entry's detail: format, scope, where (never record text)."""
        scope = f"client {self.chart}" if self.chart else _count(self.clients, "client")
        tag = " (de-identified)" if self.deidentified else ""
        return f"{self.kind}{tag}, {scope}, {_count(self.sessions, 'session')}, to {self.path.name}"

    def summary(self) -> str:
        """The one line a user reads when it is done."""
        files = f", {self.files} files" if self.files > 1 else ""
        return (f"wrote {self.path} ({_count(self.clients, 'client')}, "
                f"{_count(self.sessions, 'session')}{files})")  # fmt: skip


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
