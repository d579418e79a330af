"""`kapnotes check`: integrity of the database, its schema version and the audit chain."""

from __future__ import annotations

from kapnotes.cli.common import CliError, open_existing

HELP = {
    "check": "check the database's integrity, schema version, audit trail, protective "
    "triggers, references, note signatures and the controlled-substance ledger"
}


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    with open_existing(args) as practice:
        problems = practice.integrity_problems() + practice.protection_problems()
        version = practice.schema_version
        audit = practice.verify_audit()
        path = practice.path
        encrypted = "encrypted" if practice.is_encrypted else "NOT encrypted"
    if not audit.ok:
        problems.append(audit.message)
    if problems:
        raise CliError(f"{path}: " + "; ".join(problems))
    print(f"{path}: ok (schema {version}, {encrypted}, {audit.message})")
    return 0
