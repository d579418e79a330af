"""Child process of the accounts crash test: add users, change a passphrase or rotate the
database key in a loop, printing each one once it has returned; killed with SIGKILL.

Run as `python accounts_crash_child.py PATH MODE SEED [PASSPHRASE]`.
"""

from __future__ import annotations

import sys

from kapnotes.domain.users import Role
from kapnotes.store import keyslots, open_practice

ADMIN = "crash admin passphrase"
TESS_A, TESS_B = "tess passphrase A", "tess passphrase B"


def main() -> None:
    path, mode, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    keyslots.KDF_PARAMS.update(time_cost=1, memory_cost=8192, parallelism=1)
    if mode == "passwd":
        current = sys.argv[4]
        practice = open_practice(path, current, user="Tess")
        print("ready", flush=True)
        while True:
            new = TESS_B if current == TESS_A else TESS_A
            practice.change_own_passphrase(current, new)
            current = new
            print(current, flush=True)
    practice = open_practice(path, ADMIN)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        if mode == "add":
            name = f"user {seed}-{n}"
            practice.add_user(name, Role.THERAPIST, f"pass for {name}", temporary=False)
            print(name, flush=True)
        else:
            practice.rekey()
            print("rekeyed", flush=True)


if __name__ == "__main__":
    main()
