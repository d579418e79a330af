"""Clinician accounts: the users table, their key slots, and the admin actions on them.

A mixin of Practice. Every user has a row (never deleted: history names them) and, once they
have a passphrase, a slot in the key slots file (kapnotes/store/keyslots.py). A new or reset
key is registered by an audit entry the acting admin signs. Order of writes for crash safety:
the slots file first (atomically), then the database: a kill in between leaves a slot nobody
in the database owns, never a user every prior user cannot open past.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from kapnotes.domain.users import Role, User, passphrase_problem
from kapnotes.store import crypto, keyslots
from kapnotes.store.audit_keys import key_detail
from kapnotes.store.errors import AccountError, PracticeError, UserDisabled, WrongPassphrase
from kapnotes.store.keyslots import Slot, UserKeys
from kapnotes.store.rekeying import rotate_key
from kapnotes.store.slot_names import user_names

USER_COLUMNS = (
    "id, name, credentials, role, is_admin, phone, email, active, public_key, must_change"
)


def user_from_row(r: tuple) -> User:
    return User(
        id=r[0],
        name=r[1],
        credentials=r[2],
        role=Role(r[3]),
        is_admin=bool(r[4]),
        phone=r[5],
        email=r[6],
        active=bool(r[7]),
        public_key=bytes.fromhex(r[8]) if r[8] else b"",
        must_change_passphrase=bool(r[9]),
    )


def list_users(db: Database) -> list[User]:
    """Every user, admins first, then by name."""
    return [
        user_from_row(r)
        for r in db.execute(
            f"SELECT {USER_COLUMNS} FROM users ORDER BY is_admin DESC, name COLLATE NOCASE"
        ).fetchall()
    ]


def find_user(db: Database, name: str) -> User | None:
    row = db.execute(f"SELECT {USER_COLUMNS} FROM users WHERE name = ?", [name]).fetchone()
    return user_from_row(row) if row else None


def insert_user(db: Database, user: User) -> User:
    """A new users row (the caller audits it); the user with its id."""
    cur = db.execute(
        "INSERT INTO users (name, credentials, role, is_admin, phone, email, active, public_key, "
        "must_change, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            user.name, user.credentials, str(user.role), int(user.is_admin), user.phone,
            user.email, int(user.active), user.public_key.hex(), int(user.must_change_passphrase),
            datetime.now().isoformat(timespec="seconds"),
        ],
    )  # fmt: skip
    return find_user(db, user.name) or user.__class__(**{**user.__dict__, "id": cur.lastrowid})


def check_passphrase(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem:
        raise AccountError(problem)


def unlock_slot(path, name: str, passphrase: str) -> tuple[Slot, UserKeys]:
    """Unwrap a user's private keys with their passphrase, counting failures in the slots file
    (the slow-down survives a restart). WrongPassphrase names no detail an attacker could use."""
    slots = keyslots.load(path)
    slot = slots.slots.get(name)
    if slot is None:
        crypto.sleep(crypto.failure_delay(crypto.FREE_FAILURES + 1))  # as slow as a wrong one
        raise WrongPassphrase("wrong passphrase or unknown user")
    try:
        return slot, slot.unlock(passphrase)
    except WrongPassphrase:
        fresh = keyslots.load(path)
        if name in fresh.slots:
            fresh.slots[name].failures += 1
            keyslots.save(path, fresh)
            delay = crypto.failure_delay(fresh.slots[name].failures)
            if delay:
                crypto.sleep(delay)
        raise


def database_key_for(path, passphrase: str | None, user: str | None = None) -> str | None:
    """The key that opens a practice file or backup: with a key slots file beside it, the
    database key the user's passphrase unwraps (default: the first admin); else the
    passphrase itself (plain files, practices from before accounts) or an already raw key."""
    path = Path(path)
    if passphrase is None or passphrase.startswith("x'") or not keyslots.slots_path(path).exists():
        return passphrase
    slots = keyslots.load(path)
    name = user or slots.default_user() or ""
    _slot, keys = unlock_slot(path, name, passphrase)
    candidates = _slot.db_key_candidates(keys)
    if not candidates:
        raise UserDisabled(f"{name} is disabled; an admin can enable them.")
    return candidates[0]


def unlock_user_keys(path: Path, name: str, passphrase: str) -> UserKeys:
    """A user's private keys from their slot (no database access: safe on a worker thread).
    WrongPassphrase (counted in the file) or UserDisabled."""
    slot, keys = unlock_slot(Path(path), name, passphrase)
    if not slot.db_keys:
        raise UserDisabled(f"{name} is disabled; an admin can enable them.")
    return keys


def verify_user(practice, name: str, passphrase: str) -> User:
    """Authenticate another user (a witness, a co-signer) without switching the session: their
    User, or WrongPassphrase / UserDisabled. Nothing is written but the failure count."""
    if practice.path is None or not keyslots.slots_path(practice.path).exists():
        raise AccountError("This practice has no user accounts (it is not encrypted).")
    user = find_user(practice.db, name)
    slot, keys = unlock_slot(practice.path, name, passphrase)
    if user is None or keys.signing_public != user.public_key:
        raise WrongPassphrase("wrong passphrase or unknown user")
    if not user.active:
        raise UserDisabled(f"{name} is disabled; an admin can enable them.")
    return user


class AccountsPractice:
    """User administration on an open practice (a mixin of Practice)."""

    # -- reading ---------------------------------------------------------------------------
    def list_users(self) -> list[User]:
        """Every user of the practice, admins first."""
        return list_users(self.db)

    def get_user(self, name: str) -> User:
        found = find_user(self.db, name)
        if found is None:
            raise AccountError(f"There is no user named {name}.")
        return found

    # -- checks ----------------------------------------------------------------------------
    def _require_accounts(self) -> None:
        if self.path is None or self._db_key is None or not keyslots.slots_path(self.path).exists():
            raise AccountError(
                "This practice has no user accounts: encrypt it first (kapnotes passphrase encrypt)."
            )

    def _require_admin(self) -> None:
        self._require_accounts()
        if self.user is None or not self.user.is_admin:
            raise AccountError("Only an admin can manage users.")

    def _register_key(self, action: str, user: User, key: bytes, note: str = "") -> None:
        self._append(
            action, record=f"user {user.id}",
            detail=key_detail(user.id, user.name, key, user.is_admin, note),
        )  # fmt: skip

    def _new_slot(self, name: str, passphrase: str, keys: UserKeys, admin: bool) -> None:
        """Write a slot holding the database key for a user (slots file first: see above)."""
        slots = keyslots.load(self.path)
        slot = Slot.create(name, passphrase, keys, keyslots.KDF_PARAMS)
        slot.admin = admin
        slot.db_keys = [keyslots.wrap_db_key(self._db_key, keys.exchange_public, name)]
        slots.slots[name] = slot
        keyslots.save(self.path, slots)

    def rekey(self, before: Callable[[str], None] | None = None) -> str:
        """`kapnotes rekey`: rotate the database key (admins). `before(hex)` runs first with
        the new key (the CLI writes the new Emergency access sheet); the new key's hex."""
        self._require_admin()
        return keyslots.key_hex(rotate_key(self, before))

    def recovery_key(self) -> str:
        """The 64 hex digits of the database key, for the Emergency access sheet (admins)."""
        self._require_admin()
        return keyslots.key_hex(self._db_key)

    # -- admin actions ---------------------------------------------------------------------
    def add_user(
        self,
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
        """Add a user with a first passphrase (by default one they must change at first
        sign-in); their key is registered by the admin's signed entry."""
        self._require_admin()
        name = " ".join(str(name).split())
        if not name:
            raise AccountError("A user needs a name.")
        try:
            role = Role(role)
        except ValueError:
            raise AccountError(
                f"{role} is not a role (prescriber, therapist or read-only)."
            ) from None
        check_passphrase(passphrase)
        if find_user(self.db, name) is not None:
            raise AccountError(f"There is already a user named {name}.")
        keys = UserKeys.generate()
        self._new_slot(name, passphrase, keys, admin)
        with self.db.atomic():
            user = insert_user(
                self.db,
                User(
                    name=name, role=role, credentials=credentials.strip(), is_admin=admin,
                    phone=phone.strip(), email=email.strip(), public_key=keys.signing_public,
                    must_change_passphrase=temporary,
                ),
            )  # fmt: skip
            self._register_key("user_key", user, keys.signing_public, "added")
        return user

    def update_user(
        self,
        name: str,
        *,
        credentials: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        role: Role | str | None = None,
        admin: bool | None = None,
    ) -> User:
        """Change a user's details (admins; anyone may change their own phone and email)."""
        own = self.user is not None and self.user.name == name
        if not (own and credentials is None and role is None and admin is None):
            self._require_admin()
        user = self.get_user(name)
        changes: dict[str, object] = {}
        for column, value in (("credentials", credentials), ("phone", phone), ("email", email)):
            if value is not None and value.strip() != getattr(user, column):
                changes[column] = value.strip()
        if role is not None and Role(role) != user.role:
            changes["role"] = str(Role(role))
        if admin is not None and bool(admin) != user.is_admin:
            if not admin:
                self._keep_an_admin(user)
            changes["is_admin"] = int(admin)
        if not changes:
            return user
        with self.db.atomic():
            sets = ", ".join(f"{k} = ?" for k in changes)
            self.db.execute(f"UPDATE users SET {sets} WHERE id = ?", [*changes.values(), user.id])
            self._append("user", record=f"user {user.id}", fields=sorted(changes))
            if "is_admin" in changes:
                changed = self.get_user(name)
                self._register_key("user_key", changed, changed.public_key, "admin changed")
        if own:
            self.user = self.get_user(name)
        return self.get_user(name)

    def _keep_an_admin(self, user: User) -> None:
        others = [u for u in self.list_users() if u.is_admin and u.active and u.id != user.id]
        if user.is_admin and user.active and not others:
            raise AccountError(f"{user.name} is the last admin; make another user admin first.")

    def set_user_active(self, name: str, active: bool) -> User:
        """Disable a user (they can no longer sign in, their slot loses the database key) or
        enable them again. Users are never deleted."""
        self._require_admin()
        user = self.get_user(name)
        if user.active == bool(active):
            return user
        if not active:
            self._keep_an_admin(user)
        slots = keyslots.load(self.path)
        slot = slots.slots.get(name)
        if slot is not None:
            slot.db_keys = (
                [keyslots.wrap_db_key(self._db_key, keyslots.unb64(slot.exchange_public), name)]
                if active
                else []
            )
            keyslots.save(self.path, slots)
        with self.db.atomic():
            self.db.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user.id])
            self._append(
                "user", record=f"user {user.id}", fields=["active"],
                detail="enabled" if active else "disabled",
            )  # fmt: skip
        return self.get_user(name)

    def reset_passphrase(self, name: str, temporary: str) -> User:
        """Give a user a temporary passphrase (they change it at first sign-in). Their old
        private key is gone with the old passphrase: a new key is registered."""
        self._require_admin()
        user = self.get_user(name)
        if not user.active:
            raise UserDisabled(f"{name} is disabled; enable them first.")
        check_passphrase(temporary)
        keys = UserKeys.generate()
        self._new_slot(name, temporary, keys, user.is_admin)
        with self.db.atomic():
            self.db.execute(
                "UPDATE users SET public_key = ?, must_change = 1 WHERE id = ?",
                [keys.signing_public.hex(), user.id],
            )
            self._register_key("user_key", user, keys.signing_public, "passphrase reset")
        return self.get_user(name)

    def user_names(self) -> list[str]:
        """Who can sign in (the names in the key slots file), for a sign-in list."""
        return user_names(self.path) if self.path is not None else []

    def become(self, name: str, keys: UserKeys) -> User:
        """Switch the session to another user whose keys were unlocked with their passphrase
        (unlock_user_keys, e.g. on the lock screen): "Switch user" on a shared laptop."""
        self._require_accounts()
        user = find_user(self.db, name)
        if user is None or user.public_key != keys.signing_public:
            raise WrongPassphrase("wrong passphrase or unknown user")
        if not user.active:
            raise UserDisabled(f"{name} is disabled; an admin can enable them.")
        switched = self.user is None or self.user.name != name
        self._keys, self.user = keys, user
        if switched:
            self._coalescer._recent.clear()  # the next change is the new user's own entry
            self._append("sign_in", record=f"user {user.id}", detail="switched user")
        slots = keyslots.load(self.path)
        failures = slots.slots[name].failures if name in slots.slots else 0
        if failures:
            slots.slots[name].failures = 0
            keyslots.save(self.path, slots)
            self._append(
                "failed_unlock", detail=f"{failures} failed sign-in(s) as {name} before this one"
            )
        return user

    def change_own_passphrase(self, old: str, new: str) -> None:
        """Change the signed-in user's passphrase: only their slot is rewritten (same keys)."""
        self._require_accounts()
        if self.user is None:
            raise AccountError("Nobody is signed in.")
        check_passphrase(new)
        if new == old:
            raise AccountError("The new passphrase must differ from the old one.")
        unlock_slot(self.path, self.user.name, old)
        self._rewrap_own_slot(new)

    def _rewrap_own_slot(self, new: str) -> None:
        """Wrap the signed-in user's keys under a new passphrase: only their slot changes."""
        check_passphrase(new)
        name = self.user.name
        slots = keyslots.load(self.path)
        old = slots.slots[name]
        fresh = Slot.create(name, new, self._keys, keyslots.KDF_PARAMS)
        fresh.admin, fresh.db_keys = old.admin, old.db_keys
        slots.slots[name] = fresh
        keyslots.save(self.path, slots)
        with self.db.atomic():
            self.db.execute("UPDATE users SET must_change = 0 WHERE id = ?", [self.user.id])
            self._append("passphrase", record=f"user {self.user.id}", detail="passphrase changed")
        self.user = self.get_user(name)


__all__ = ["AccountsPractice", "PracticeError", "list_users", "verify_user"]
