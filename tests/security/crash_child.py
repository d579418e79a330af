"""Child process of the crash test: save sessions in a loop and print each id once saved.

Run as `python crash_child.py PATH PASSPHRASE SEED`; killed with SIGKILL by the test.
"""

from __future__ import annotations

import random
import sys
from datetime import date, time

from kapnotes.domain.records import Administration, Client, Session, VitalSign
from kapnotes.store import open_practice


def main() -> None:
    path, passphrase, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    practice = open_practice(path, passphrase, create=False)
    client = practice.find_client("CRASH-1")
    if client is None:
        client = Client(chart="CRASH-1", name="Crash Test")
        practice.save_client(client)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        session = Session(
            client_id=client.id,
            course_id=None,
            date=date(2026, 1, 1 + n % 28),
            start_time=time(9, 0),
            narrative={"Note": f"seed {seed} save {n} " + "x" * rng.randint(0, 3000)},
            administrations=[Administration(time(9, 10), "im", float(rng.randint(10, 90)))],
            vitals=[VitalSign(time(9, 5), 120, 80, 70, 98)],
        )
        practice.save_session(session)
        if n % 3 == 0:
            practice.save_draft(session.id, intention=f"draft {n}")
        if n % 7 == 0:
            practice.sign_session(session.id, passphrase=passphrase)
        # Only now has the save returned: the parent may count on this id.
        print(session.id, flush=True)


if __name__ == "__main__":
    main()
