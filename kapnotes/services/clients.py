"""Clients and courses: create, change, archive (nothing is ever deleted)."""

from __future__ import annotations

from kapnotes.domain.records import Client, Course
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext


def save_client(ctx: ServiceContext, client: Client, *, origin: object = None) -> int:
    """Create or change a client (weights and screening with it); audited "create"/"change"."""
    ctx.save_pending()
    client_id = ctx.practice.save_client(client)
    ctx.publish(Changes(clients=frozenset({client_id}), origin=origin))
    return client_id


def archive_client(ctx: ServiceContext, client_id: int, archived: bool = True) -> None:
    """Hide a client from the list (archived=False brings it back); audited "change"."""
    ctx.save_pending()
    ctx.practice.archive_client(client_id, archived)
    ctx.publish(Changes(clients=frozenset({client_id})))


def save_course(ctx: ServiceContext, course: Course, *, origin: object = None) -> int:
    """Create or change a course; audited "create", or "change" when a field changed."""
    ctx.save_pending()
    course_id = ctx.practice.save_course(course)
    # A stored course always has its client (the column is NOT NULL); the check is for mypy.
    clients = frozenset({course.client_id}) if course.client_id is not None else frozenset()
    ctx.publish(Changes(clients=clients, origin=origin))
    return course_id


def archive_course(ctx: ServiceContext, course_id: int) -> Course:
    """Hide a course from the chooser; its sessions stay under "all sessions"."""
    course = ctx.practice.get_course(course_id)
    course.archived = True
    save_course(ctx, course)
    return course
