"""`kapnotes check`: integrity of the database and its schema version."""

from __future__ import annotations

from kapnotes.cli.common import CliError, open_existing

HELP = {"check": "check the database's integrity and schema version"}


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    with open_existing(args) as practice:
        problems = practice.integrity_problems()
        version = practice.schema_version
        path = practice.path
    if problems:
        raise CliError(f"{path}: " + "; ".join(problems))
    print(f"{path}: ok (schema {version})")
    return 0
