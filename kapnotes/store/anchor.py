"""The audit chain's head kept outside the database, updated after every save.

Replacing the slots file costs a rename that ext4 turns into a flush (milliseconds): too much
after every autosave. So each save writes the chain's head in place into a small companion
file, `practice.kapnotes.keys.anchor`, as one of two fixed-size records (A/B by sequence
number, each with a CRC): a kill mid-write spoils at most the record being written, and the
other still holds the previous head. The slots file's own anchor is updated at sign-in,
close, backup and every account change; verification takes the newer of the two.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path
from typing import Any

from kapnotes.store.errors import PracticeError

ANCHOR_SUFFIX = ".keys.anchor"  # beside the key slots file
_RECORD = 256


def anchor_path(practice_path: Path) -> Path:
    return Path(f"{practice_path}{ANCHOR_SUFFIX}")


def read_anchor(practice_path: Path) -> dict[str, Any] | None:
    """The newest intact record of the companion anchor file (None when there is none)."""
    try:
        data = anchor_path(practice_path).read_bytes()
    except OSError:
        return None
    best = None
    for start in (0, _RECORD):
        text = data[start : start + _RECORD].decode("ascii", "replace").rstrip()
        body, _bar, crc = text.rpartition("|")
        try:
            if int(crc) != zlib.crc32(body.encode("ascii")):
                continue
            record = json.loads(body)
        except ValueError:
            continue
        if best is None or record["seq"] > best["seq"]:
            best = record
    return best


def write_anchor(practice_path: Path, head: dict[str, Any] | None, seq: int) -> None:
    """Write the head into record seq % 2 of the companion file, in place, no fsync."""
    body = json.dumps({"seq": seq, "anchor": head}, separators=(",", ":"))
    record = f"{body}|{zlib.crc32(body.encode('ascii'))}".ljust(_RECORD).encode("ascii")
    try:
        fd = os.open(anchor_path(practice_path), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            os.pwrite(fd, record, (seq % 2) * _RECORD)
        finally:
            os.close(fd)
    except OSError as exc:
        raise PracticeError(
            f"The audit anchor beside {practice_path.name} could not be written "
            f"({exc.strerror or exc})."
        ) from None


def newest_anchor(
    practice_path: Path, slots_anchor: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The later of the slots file's anchor and the companion file's (by entry id)."""
    record = read_anchor(practice_path)
    candidates = [a for a in (slots_anchor, record and record.get("anchor")) if a]
    return max(candidates, key=lambda a: int(a.get("id", 0))) if candidates else None
