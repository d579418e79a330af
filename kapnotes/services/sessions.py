"""Sessions: create, save a draft, sign, add an addendum, delete a draft made by mistake."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from kapnotes.domain.records import Addendum, Administration, Session
from kapnotes.domain.settings import Clinician
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store import AccountError, Practice


def _changed(ctx: ServiceContext, client_id: int | None, session_id: int, origin: object) -> None:
    clients = frozenset({client_id}) if client_id is not None else frozenset()
    ctx.publish(Changes(clients=clients, sessions=frozenset({session_id}), origin=origin))


@contextlib.contextmanager
def acting_as(practice: Practice, clinician: Clinician) -> Iterator[None]:
    """The audit trail names the clinician who signs or writes the addendum (without accounts;
    with them the signed-in user always acts)."""
    if practice.user is not None:
        yield
        return
    previous = practice.actor
    practice.actor = clinician.name
    try:
        yield
    finally:
        practice.actor = previous


def build_new_session(
    practice: Practice, client_id: int, course_id: int | None, kind: str, clinician: str = "",
    today: date | None = None,
) -> Session:  # fmt: skip
    """A new draft: next number in the course, today, the default template, and for a dosing
    session the doses of the client's last dosing session as a PLAN (planned=True: shown as
    planned, counted nowhere until given), given by the person acting."""
    settings = practice.settings()
    session = Session(
        client_id=client_id,
        course_id=course_id,
        date=today or date.today(),
        kind=kind,
        number=practice.next_session_number(course_id) if course_id is not None else None,
        template=settings.default_template,
        clinicians=[clinician] if clinician else [],
    )
    if kind == "dosing":
        last = practice.last_dosing_session(client_id)
        if last is not None:
            giver = clinician or practice.actor or ""
            session.administrations = [
                Administration(
                    time=None,
                    route=a.route,
                    mg=a.mg,
                    medication=a.medication,
                    site=a.site,
                    given_by=giver,
                    planned=True,
                )  # fmt: skip
                for a in last.given()
            ]
    return session


def new_session(
    ctx: ServiceContext, client_id: int, course_id: int | None, kind: str, clinician: str = "",
    today: date | None = None,
) -> int:  # fmt: skip
    """Create a draft (see build_new_session); audited "create"."""
    ctx.save_pending()
    session = build_new_session(ctx.practice, client_id, course_id, kind, clinician, today)
    session_id = ctx.practice.save_session(session)
    _changed(ctx, client_id, session_id, None)
    return session_id


def save_session(ctx: ServiceContext, session: Session, *, origin: object = None) -> int:
    """Store a whole session with its children; audited "create" or "change" (coalesced)."""
    session_id = ctx.practice.save_session(session)
    _changed(ctx, session.client_id, session_id, origin)
    return session_id


def save_draft(
    ctx: ServiceContext, session_id: int, changes: dict[str, Any], *, origin: object = None
) -> None:
    """Autosave a few scalar fields of a draft; audited "change" at most once a minute."""
    ctx.practice.save_draft(session_id, **changes)
    _changed(ctx, None, session_id, origin)


def sign(
    ctx: ServiceContext,
    session_id: int,
    clinician: Clinician | None = None,
    when: datetime | None = None,
    *,
    passphrase: str | None = None,
) -> datetime:
    """Sign a draft (read-only from now on); audited "sign" with the seal. With accounts the
    signed-in user signs, with their passphrase typed again (an Ed25519 signature over the
    note as it prints); without them (a plain file) `clinician` signs, sealed only."""
    ctx.save_pending()
    if ctx.practice.user is not None:
        signed = ctx.practice.sign_session(session_id, when=when, passphrase=passphrase)
    else:
        if clinician is None:
            raise AccountError("A signature needs the signing clinician.")
        with acting_as(ctx.practice, clinician):
            signed = ctx.practice.sign_session(
                session_id, clinician.name, clinician.credentials, when
            )
    _changed(ctx, None, session_id, None)
    return signed


def add_addendum(
    ctx: ServiceContext, session_id: int, text: str, author: Clinician,
    when: datetime | None = None,
) -> Addendum:  # fmt: skip
    """Append an addendum (never edited afterwards); audited "addendum"."""
    with acting_as(ctx.practice, author):
        added = ctx.practice.add_addendum(session_id, text, author.signature(), when)
    _changed(ctx, None, session_id, None)
    return added


def delete_draft(ctx: ServiceContext, session_id: int) -> None:
    """Remove an unsigned draft without addenda; audited "delete"."""
    ctx.save_pending()
    client_id = ctx.practice.get_session(session_id).client_id
    ctx.practice.delete_draft(session_id)
    _changed(ctx, client_id, session_id, None)
