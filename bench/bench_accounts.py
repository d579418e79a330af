"""Clinician accounts: sign-in, signing a note, verifying signatures, an audited save.

- sign-in: the whole open through the key slot (Argon2id, unwrapping, SQLCipher with the raw
  key, checks) against the bare Argon2id derivation with the same parameters: the parameters
  set its cost, tuned to about half a second on this machine (keyslots.DEFAULT_KDF_PARAMS).
- signing a note: the passphrase typed again (Argon2id), the canonical payload, Ed25519, the
  seal and the signed audit entry, against Argon2id plus one bare Ed25519 signature.
- verifying 1,000 signed audit entries (must stay under 1 s) against 1,000 bare verifies.
- an audited save (signed entry, anchor written beside the file) against the same save in a
  practice without accounts (today's: hash-chained entry, no signature, no anchor), both
  SQLCipher-encrypted.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from bench_store import median_ms  # bench/ is on sys.path: run.py puts it there
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kapnotes.domain.records import Administration, Client, Session, VitalSign
from kapnotes.store import keyslots, open_practice
from kapnotes.store.audit_keys import check_signatures
from kapnotes.store.connection import open_database
from kapnotes.store.practice import Practice

PASSPHRASE_A = "bench accounts passphrase"
LEGACY_KEY = "bench legacy passphrase"
ENTRIES = 1000


def _session(client_id: int, n: int) -> Session:
    return Session(
        client_id=client_id, course_id=None, date=date(2026, 1, 1 + n % 28),
        start_time=clock(9, 0), narrative={"Note": f"save {n} " + "text " * 200},
        administrations=[Administration(clock(9, 10), "im", 35.0)],
        vitals=[VitalSign(clock(9, 5), 120, 80, 70, 98)],
    )  # fmt: skip


def rows(_practice_path: Path) -> list[tuple[str, float, float | None, str]]:
    out: list[tuple[str, float, float | None, str]] = []
    params = dict(keyslots.DEFAULT_KDF_PARAMS)
    keyslots.KDF_PARAMS.update(params)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "accounts.kapnotes"
        open_practice(path, PASSPHRASE_A, create=True, user="Bench Admin").close()

        ours = median_ms(lambda: open_practice(path, PASSPHRASE_A).close(), 5)
        bare = median_ms(
            lambda: hash_secret_raw(
                PASSPHRASE_A.encode(), b"s" * 16, time_cost=params["time_cost"],
                memory_cost=params["memory_cost"], parallelism=params["parallelism"],
                hash_len=32, type=Type.ID,
            ),
            5,
        )  # fmt: skip
        out.append(("sign-in (key slot + open)", ours, bare, f"bare: Argon2id {params}"))

        practice = open_practice(path, PASSPHRASE_A)
        client = Client(chart="B-1", name="Bench Client")
        practice.save_client(client)
        counter = iter(range(10**9))

        def sign_one():
            s = _session(client.id, next(counter))
            practice.save_session(s)
            start = time.perf_counter()
            practice.sign_session(s.id, passphrase=PASSPHRASE_A)
            return time.perf_counter() - start

        sign_one()
        ours = sorted(sign_one() * 1000 for _ in range(5))[2]
        key = Ed25519PrivateKey.generate()
        payload = ("x" * 4000).encode()

        def bare_sign():
            hash_secret_raw(
                PASSPHRASE_A.encode(), b"s" * 16, time_cost=params["time_cost"],
                memory_cost=params["memory_cost"], parallelism=params["parallelism"],
                hash_len=32, type=Type.ID,
            )  # fmt: skip
            key.sign(payload)

        out.append(("sign a note (passphrase again)", ours, median_ms(bare_sign, 5),
                    "bare: Argon2id + one Ed25519 signature"))  # fmt: skip

        while practice.count("audit_log") < ENTRIES:
            practice.record_event("print", client_id=client.id, detail="bench")
        ours = median_ms(lambda: check_signatures(practice.db), 5)
        signed = [(key.sign(str(i).encode()), str(i).encode()) for i in range(ENTRIES)]
        public = key.public_key()
        bare = median_ms(lambda: [public.verify(sig, msg) for sig, msg in signed], 5)
        out.append((f"verify {ENTRIES:,} signed audit entries", ours, bare,
                    "target < 1000 ms; bare: Ed25519 verifies"))  # fmt: skip

        draft = _session(client.id, 0)
        practice.save_session(draft)
        legacy_path = Path(tmp) / "today.kapnotes"
        db, _enc = open_database(legacy_path, LEGACY_KEY, create=True)
        today = Practice(db, legacy_path, encrypted=True, passphrase=LEGACY_KEY)
        other = Client(chart="B-1", name="Bench Client")
        today.save_client(other)
        legacy_draft = _session(other.id, 0)
        today.save_session(legacy_draft)

        def saver(p, s):
            def save():
                s.narrative = {"Note": f"edit {next(counter)} " + "text " * 200}
                p._coalescer.window = 0  # every save writes its audit entry
                p.save_session(s)

            return save

        ours = median_ms(saver(practice, draft), 30)
        bare = median_ms(saver(today, legacy_draft), 30)
        out.append(("audited save (signed entry + anchor)", ours, bare,
                    "target within 1.3x; bare: today's save, no accounts"))  # fmt: skip
        today.close()
        practice.close()
    return out


if __name__ == "__main__":
    for row in rows(Path()):
        print(row)
