"""The key slots file beside a practice: who may open it, and the audit chain's anchor.

`practice.kapnotes.keys` (JSON, 0600, replaced atomically: a kill never leaves half of it)
holds one slot per user:

- Argon2id (argon2-cffi, parameters recorded in the slot) turns the user's passphrase into a
  key-encryption key; AES-GCM under it wraps the user's private keys: Ed25519 (signing) and
  X25519 (receiving the database key).
- The database key is wrapped to each user's X25519 public key (an ephemeral X25519 exchange,
  HKDF-SHA256, AES-GCM). So whoever holds the database key (an admin adding a user, `rekey`)
  can wrap it for every user without knowing their passphrases, and a passphrase change
  rewrites only that user's slot.
- `db_keys` is a list: while the database key is being rotated it holds the new key and the
  old one, so a kill at any moment leaves a key that opens the file.
- Failed sign-ins are counted per slot, so the slow-down survives a restart.

The anchor (the id and hash of the audit trail's last entry) lives here too: the chain's head
is kept outside the file it protects, so cutting entries off the end shows.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kapnotes.store.errors import PracticeError, WrongPassphrase
from kapnotes.store.slot_names import FORMAT, slots_path
from kapnotes.store.slot_names import SUFFIX as SUFFIX  # the file's name, for backups

# Tuned to about half a second on a 2-core laptop (bench/bench_accounts.py measures it): each
# guess at a passphrase costs an attacker as much. Recorded in every slot, so a change here
# applies to new and changed passphrases only, and old slots keep opening.
DEFAULT_KDF_PARAMS: dict[str, int] = {"time_cost": 3, "memory_cost": 196608, "parallelism": 1}
KDF_PARAMS: dict[str, int] = dict(DEFAULT_KDF_PARAMS)  # what new slots use (tests lower it)
RECOVERY_HINT = (
    "open the practice with its recovery key (kapnotes recover --recovery-key-file FILE, "
    "from the Emergency access sheet)"
)


class SlotFileError(PracticeError):
    """The key slots file is missing or damaged: only the recovery key opens the practice."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


unb64 = _unb64  # for the modules that read slots beside this one (accounts, rekeying)


def new_db_key() -> str:
    """A random 256-bit database key, as SQLCipher's raw-key string x'HEX'."""
    return f"x'{secrets.token_hex(32)}'"


def key_hex(key: str) -> str:
    """The 64 hex digits of a raw key string ("" for a legacy passphrase key)."""
    if key.startswith("x'") and key.endswith("'") and len(key) == 67:
        return key[2:-1]
    return ""


def raw_key(hex_digits: str) -> str:
    """The raw-key string for 64 hex digits (spaces and case ignored); PracticeError if not."""
    digits = "".join(hex_digits.split()).lower()
    if len(digits) != 64 or any(c not in "0123456789abcdef" for c in digits):
        raise PracticeError("That is not a recovery key (it needs 64 hex digits).")
    return f"x'{digits}'"


def derive_kek(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    """Argon2id: the key-encryption key for a passphrase."""
    return hash_secret_raw(
        passphrase.encode("utf-8", "surrogatepass"),
        salt,
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_cost"]),
        parallelism=int(params["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _hkdf(shared: bytes, context: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"kapnotes db key|" + context).derive(shared)


def _raw(public) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _raw_private(private) -> bytes:
    return private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


@dataclass
class UserKeys:
    """A user's unwrapped private keys (held in memory while they are signed in)."""

    signing: Ed25519PrivateKey
    exchange: X25519PrivateKey

    @classmethod
    def generate(cls) -> UserKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @property
    def signing_public(self) -> bytes:
        return _raw(self.signing.public_key())

    @property
    def exchange_public(self) -> bytes:
        return _raw(self.exchange.public_key())


def wrap_db_key(db_key: str, exchange_public: bytes, name: str) -> dict[str, str]:
    """The database key wrapped to one user's X25519 public key."""
    ephemeral = X25519PrivateKey.generate()
    epk = _raw(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(exchange_public))
    nonce = secrets.token_bytes(12)
    ct = AESGCM(_hkdf(shared, epk + exchange_public)).encrypt(
        nonce, db_key.encode("utf-8"), name.encode("utf-8")
    )
    return {"epk": _b64(epk), "nonce": _b64(nonce), "ct": _b64(ct)}


def unwrap_db_key(wrapped: dict[str, str], keys: UserKeys, name: str) -> str:
    epk = _unb64(wrapped["epk"])
    shared = keys.exchange.exchange(X25519PublicKey.from_public_bytes(epk))
    key = _hkdf(shared, epk + keys.exchange_public)
    return (
        AESGCM(key)
        .decrypt(_unb64(wrapped["nonce"]), _unb64(wrapped["ct"]), name.encode("utf-8"))
        .decode("utf-8")
    )


@dataclass
class Slot:
    """One user's slot: Argon2id parameters, wrapped private keys, wrapped database keys."""

    name: str
    kdf: dict[str, Any]
    wrapped: dict[str, str]
    signing_public: str
    exchange_public: str
    db_keys: list[dict[str, str]] = field(default_factory=list)
    failures: int = 0
    admin: bool = False  # a hint for choosing the default user; the database decides

    @classmethod
    def create(
        cls, name: str, passphrase: str, keys: UserKeys, params: dict[str, int] | None = None
    ) -> Slot:
        """A slot whose private keys are wrapped under the passphrase (no database key yet)."""
        params = dict(params or KDF_PARAMS)
        salt = secrets.token_bytes(16)
        kek = derive_kek(passphrase, salt, params)
        nonce = secrets.token_bytes(12)
        secret = json.dumps(
            {
                "ed25519": _b64(_raw_private(keys.signing)),
                "x25519": _b64(_raw_private(keys.exchange)),
            }
        ).encode("ascii")
        ct = AESGCM(kek).encrypt(nonce, secret, name.encode("utf-8"))
        return cls(
            name=name,
            kdf={"type": "argon2id", "salt": _b64(salt), **params},
            wrapped={"nonce": _b64(nonce), "ct": _b64(ct)},
            signing_public=_b64(keys.signing_public),
            exchange_public=_b64(keys.exchange_public),
        )

    def unlock(self, passphrase: str) -> UserKeys:
        """The private keys; WrongPassphrase when the passphrase does not unwrap them."""
        params = {k: self.kdf[k] for k in ("time_cost", "memory_cost", "parallelism")}
        kek = derive_kek(passphrase, _unb64(self.kdf["salt"]), params)
        try:
            secret = json.loads(
                AESGCM(kek).decrypt(
                    _unb64(self.wrapped["nonce"]),
                    _unb64(self.wrapped["ct"]),
                    self.name.encode("utf-8"),
                )  # fmt: skip
            )
        except InvalidTag:
            raise WrongPassphrase("wrong passphrase or unknown user") from None
        return UserKeys(
            Ed25519PrivateKey.from_private_bytes(_unb64(secret["ed25519"])),
            X25519PrivateKey.from_private_bytes(_unb64(secret["x25519"])),
        )

    def db_key_candidates(self, keys: UserKeys) -> list[str]:
        """Every database key this slot holds, newest first (two while a rekey is under way)."""
        found = []
        for wrapped in self.db_keys:
            try:
                found.append(unwrap_db_key(wrapped, keys, self.name))
            except (InvalidTag, KeyError, ValueError):
                continue
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "kdf": self.kdf,
            "wrapped": self.wrapped,
            "signing_public": self.signing_public,
            "exchange_public": self.exchange_public,
            "db_keys": self.db_keys,
            "failures": self.failures,
            "admin": self.admin,
        }

    @classmethod
    def from_dict(cls, name: str, data: dict[str, Any]) -> Slot:
        return cls(
            name=name,
            kdf=dict(data["kdf"]),
            wrapped=dict(data["wrapped"]),
            signing_public=str(data["signing_public"]),
            exchange_public=str(data["exchange_public"]),
            db_keys=[dict(w) for w in data.get("db_keys", [])],
            failures=int(data.get("failures", 0)),
            admin=bool(data.get("admin", False)),
        )


@dataclass
class SlotFile:
    """Every slot of a practice and the audit anchor, in file order."""

    slots: dict[str, Slot] = field(default_factory=dict)
    anchor: dict[str, Any] | None = None

    def default_user(self) -> str | None:
        """The first admin's name (the CLI's default user), else the first slot's."""
        for slot in self.slots.values():
            if slot.admin:
                return slot.name
        return next(iter(self.slots), None)

    def wrap_for_all(self, db_keys: list[str]) -> None:
        """Re-wrap the given database keys (newest first) for every slot."""
        for slot in self.slots.values():
            slot.db_keys = [
                wrap_db_key(k, _unb64(slot.exchange_public), slot.name) for k in db_keys
            ]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "slots": {name: slot.to_dict() for name, slot in self.slots.items()},
                "anchor": self.anchor,
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> SlotFile:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError("unknown format")
        return cls(
            slots={n: Slot.from_dict(n, s) for n, s in data["slots"].items()},
            anchor=data.get("anchor"),
        )


def load(path: Path) -> SlotFile:
    """Read the slots file beside a practice; SlotFileError (naming the recovery key) if it is
    missing or damaged."""
    target = slots_path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SlotFileError(
            f"The key file {target.name} beside {path.name} is missing: {RECOVERY_HINT}."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SlotFileError(
            f"The key file {target.name} cannot be read ({exc}): {RECOVERY_HINT}."
        ) from None
    try:
        return SlotFile.from_json(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise SlotFileError(f"The key file {target.name} is damaged: {RECOVERY_HINT}.") from None


def fsync_dir(folder: Path) -> None:
    """Flush a folder, so a rename inside it survives a power cut (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text_atomic(target: Path, text: str, *, durable: bool = True) -> None:
    """Write a private file so that it is either the old or the new one, never half of each:
    a temporary file beside it, flushed to disk, then renamed over it. durable=False skips
    the fsyncs (still atomic against a kill, not against a power cut)."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PracticeError(
            f"The key file {target.name} could not be written ({exc.strerror or exc}); "
            "nothing was changed."
        ) from None
    if durable:
        fsync_dir(target.parent)


def save(path: Path, slots: SlotFile, *, durable: bool = True) -> None:
    """Replace the slots file beside a practice atomically (durable: flushed to disk first)."""
    write_text_atomic(slots_path(path), slots.to_json(), durable=durable)


def copy_beside(practice_path: Path, copy_path: Path) -> None:
    """Put the practice's slots file and anchor beside a copy of it (a backup, a restore)."""
    for suffix in (SUFFIX, SUFFIX + ".anchor"):
        source, target = Path(f"{practice_path}{suffix}"), Path(f"{copy_path}{suffix}")
        if source.exists():
            write_text_atomic(target, source.read_text(encoding="utf-8"))
        else:
            target.unlink(missing_ok=True)
