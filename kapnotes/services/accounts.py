"""Clinician accounts (issue 11): users, switching user, passphrases, signing with the
signer's passphrase, co-signing, re-keying. Each action writes and audits in the store (the
signed-in admin's signed entry) and announces what changed; Qt-free, like every service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kapnotes.domain.users import Role, User
from kapnotes.services import sessions
from kapnotes.services.changes import Changes
from kapnotes.services.context import ServiceContext
from kapnotes.store.keyslots import UserKeys


def add_user(
    ctx: ServiceContext,
    name: str,
    role: Role | str,
    passphrase: str,
    *,
    admin: bool = False,
    credentials: str = "",
    phone: str = "",
    email: str = "",
    temporary: bool = True,
) -> User:
    """An admin adds a user with a first (by default temporary) passphrase; audited "user"."""
    user = ctx.practice.add_user(
        name, role, passphrase, admin=admin, credentials=credentials, phone=phone, email=email,
        temporary=temporary,
    )  # fmt: skip
    ctx.publish(Changes(settings=True))
    return user


def update_user(ctx: ServiceContext, name: str, **details: object) -> User:
    """Change a user's details (credentials, phone, email, role, admin); audited "user"."""
    user = ctx.practice.update_user(name, **details)
    ctx.publish(Changes(settings=True))
    return user


def set_user_active(ctx: ServiceContext, name: str, active: bool) -> User:
    """Disable a user (never deleted: history names them) or enable them; audited "user"."""
    user = ctx.practice.set_user_active(name, active)
    ctx.publish(Changes(settings=True))
    return user


def reset_passphrase(ctx: ServiceContext, name: str, temporary: str) -> User:
    """Give a user a temporary passphrase and a new key; audited "user_key"."""
    user = ctx.practice.reset_passphrase(name, temporary)
    ctx.publish(Changes(settings=True))
    return user


def switch_user(ctx: ServiceContext, name: str, keys: UserKeys) -> User:
    """Another user, whose keys their passphrase unlocked, acts from now on; audited
    "sign_in". What was typed is stored first, under the previous user."""
    ctx.save_pending()
    user = ctx.practice.become(name, keys)
    ctx.publish(Changes(settings=True))  # who may sign, co-sign, write: the views recheck
    return user


def change_own_passphrase(ctx: ServiceContext, old: str, new: str) -> None:
    """The signed-in user's passphrase: only their key slot is rewritten; audited."""
    ctx.practice.change_own_passphrase(old, new)


def choose_first_passphrase(ctx: ServiceContext, new: str) -> None:
    """At the first sign-in with a temporary passphrase: the user's own; audited."""
    ctx.practice.change_passphrase(new)
    ctx.publish(Changes(settings=True))


def sign(
    ctx: ServiceContext, session_id: int, passphrase: str, when: datetime | None = None
) -> datetime:
    """The signed-in user signs a draft with their passphrase typed again (sessions.sign)."""
    return sessions.sign(ctx, session_id, when=when, passphrase=passphrase)


def cosign(ctx: ServiceContext, session_id: int, passphrase: str) -> datetime:
    """A prescriber co-signs a signed note with their passphrase; audited "cosign"."""
    when = ctx.practice.cosign_session(session_id, passphrase)
    _session_changed(ctx, session_id)
    return when


def rekey(ctx: ServiceContext, before: Callable[[str], None] | None = None) -> str:
    """Re-encrypt the practice under a new database key (`before` gets the new recovery key
    first, to write the Emergency access sheet); audited "rekey"."""
    ctx.save_pending()
    key = ctx.practice.rekey(before=before)
    ctx.publish(Changes(practice=True))
    return key


def _session_changed(ctx: ServiceContext, session_id: int) -> None:
    client_id = ctx.practice.get_session(session_id).client_id
    ctx.publish(Changes(clients=frozenset({client_id}), sessions=frozenset({session_id})))
