"""One vocabulary of audit actions: every action written anywhere is in store.audit.ACTIONS,
and only the services (and the store beneath them) write audit entries."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from kapnotes.domain.records import Client, Course
from kapnotes.domain.settings import Clinician
from kapnotes.services import ServiceContext, clients, documents, sessions
from kapnotes.services import practice as practice_services
from kapnotes.store import PracticeError
from kapnotes.store.audit import ACTIONS
from kapnotes.store.demo import build_demo

PACKAGE = Path(__file__).resolve().parents[2] / "kapnotes"
# Calls whose first argument (or `action=`) is an audit action.
WRITERS = {"record_event", "_append", "_session_event", "append"}


def _written_actions() -> list[tuple[str, str]]:
    """(where, action) for every literal action handed to an audit writer in kapnotes/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in WRITERS:
                continue
            if name == "append" and getattr(node.func.value, "id", None) != "audit":
                continue  # list.append
            args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "action")]
            if name == "append" and len(node.args) >= 3:
                args = [node.args[2]]  # audit.append(db, actor, action, ...)
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((f"{path.relative_to(PACKAGE.parent)}:{node.lineno}", arg.value))
    return found


def test_every_action_written_in_the_code_is_in_the_vocabulary():
    written = _written_actions()
    assert len(written) >= 15, "the scan found too few audit writes: it no longer sees them"
    outside = [f"{where}: {action}" for where, action in written if action not in ACTIONS]
    assert not outside, "audit actions outside store.audit.ACTIONS:\n" + "\n".join(outside)


@pytest.mark.parametrize("layer", ["ui", "cli"])
def test_neither_the_window_nor_the_command_line_writes_audit_entries(layer):
    offenders = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in WRITERS - {"append"}:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.attr}")
    assert not offenders, "audit entries written outside the services:\n" + "\n".join(offenders)


def test_an_action_outside_the_vocabulary_is_refused(practice):
    with pytest.raises(PracticeError):
        practice.record_event("export_pdf")
    assert practice.audit_entries(action="export_pdf") == []


def test_a_demo_practice_worked_through_the_services_holds_only_known_actions(practice, tmp_path):
    build_demo(practice, clients=2, sessions_per_client=3, seed=4)
    ctx = ServiceContext(practice)
    ana = Clinician("Dr Ana Ruiz", "MD")
    client_id = clients.save_client(ctx, Client(chart="V-1", name="Vera Vocabulary"))
    course_id = clients.save_course(ctx, Course(client_id, "induction", date(2024, 1, 2)))
    first = sessions.new_session(ctx, client_id, course_id, "dosing", ana.name)
    second = sessions.new_session(ctx, client_id, course_id, "integration", ana.name)
    sessions.save_draft(ctx, first, {"intention": "rest"})
    sessions.sign(ctx, first, ana)
    sessions.add_addendum(ctx, first, "called the next day", ana)
    sessions.delete_draft(ctx, second)
    clients.archive_client(ctx, client_id)
    documents.export_session_pdf(ctx, first, tmp_path / "s.pdf")
    documents.export_course_pdf(ctx, client_id, None, tmp_path / "c.pdf")
    documents.printed(ctx, first, 2)
    settings = practice.settings()
    settings.practice_name = "Vocabulary KAP"
    practice_services.save_settings(ctx, settings)
    assert practice_services.back_up(ctx, tmp_path / "backups").exists()
    used = {e.action for e in practice.audit_entries(limit=100_000)}
    assert used <= set(ACTIONS), used - set(ACTIONS)
    assert {"create", "change", "sign", "addendum", "delete", "export", "print", "backup"} <= used
