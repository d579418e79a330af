"""`kapnotes check`: integrity of the database, its schema version and the audit chain."""

from __future__ import annotations

from kapnotes.cli.common import CliError, open_reading
from kapnotes.store.damage import one_line
from kapnotes.store.leftovers import plaintext_copies

HELP = {
    "check": "check the database's integrity, schema version, audit trail, protective "
    "triggers, references, note signatures and the controlled-substance ledger"
}


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    with open_reading(args) as practice:
        protection = practice.protection_problems()
        # A missing or changed trigger only says a door was opened; a record that no longer
        # verifies (a ledger entry, a signature) says what was changed through it: that first.
        doors = [
            p for p in protection if p.startswith(("protective trigger", "unexpected trigger"))
        ]
        changed = [p for p in protection if p not in doors]
        problems = practice.integrity_problems() + changed + doors
        version = practice.schema_version
        audit = practice.verify_audit()
        path = practice.path
        encrypted = "encrypted" if practice.is_encrypted else "NOT encrypted"
        warnings = practice.settings_warnings()
    if not audit.ok:
        problems.insert(0, audit.message)  # the broken chain first: it says what was changed
    if problems:
        # One line however many problems SQLite lists: the first, and how many more.
        raise CliError(f"{path}: {one_line(problems)}")
    print(f"{path}: ok (schema {version}, {encrypted}, {audit.message})")
    for line in warnings:
        # The practice opens (the default takes the bad value's place): a warning, not a failure.
        print(f"warning: {line}")
    for copy in plaintext_copies(path):
        print(f"warning: {copy} is an UNENCRYPTED copy of this practice; delete it once not needed")
    return 0
