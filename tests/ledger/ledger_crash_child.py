"""Child process of the ledger kill test: records entries in a loop, printing each entry id
once its call returned. Run as `python ledger_crash_child.py PATH SEED`; SIGKILLed."""

from __future__ import annotations

import random
import sys
from datetime import date, time

from kapnotes.domain.ledger import DrugForm, Lot, Receipt
from kapnotes.domain.records import Administration, Client, Session
from kapnotes.store import keyslots, open_practice

PASSPHRASE = "correct horse battery staple"
WITNESS = ("Sam Witness", "witness passphrase one")


def main() -> None:
    keyslots.KDF_PARAMS.update(time_cost=1, memory_cost=8192, parallelism=1)
    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    p = open_practice(path, PASSPHRASE, user="Dr A")
    client = p.find_client("K-1")
    if client is None:
        client = Client(chart="K-1", name="Kill Test")
        p.save_client(client)
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        what = rng.choice(["receive", "waste", "sign", "count", "reverse"])
        if what == "receive" or not p.ledger_stock():
            lot = f"L{rng.randint(1, 3)}"
            e = p.ledger_receive(Receipt(
                Lot(lot, "ketamine", DrugForm.INJECTION, 50, 10, date(2030, 1, 1)),
                containers=rng.randint(1, 3), invoice=f"INV-{seed}-{n}", supplier="S",
            ))  # fmt: skip
            print(e.id, flush=True)
            continue
        stock = max(p.ledger_stock(), key=lambda b: b.mg)
        if stock.mg < 100:
            continue
        if what == "waste":
            e = p.ledger_dispose("waste", stock.lot.lot, rng.randint(1, 20), witnesses=[WITNESS],
                                 reason="drawn, not given")  # fmt: skip
            print(e.id, flush=True)
        elif what == "sign":
            s = Session(client_id=client.id, course_id=None, date=date(2026, 3, 1),
                        administrations=[Administration(time(9), "im", 35.0, lot=stock.lot.lot),
                                         Administration(time(9, 20), "im", 15.0,
                                                        lot=stock.lot.lot)])  # fmt: skip
            p.save_session(s)
            p.sign_session(s.id, passphrase=PASSPHRASE)
            ids = [e.id for e in p.ledger_entries(kinds=("administration",))
                   if e.session_id == s.id]  # fmt: skip
            print(" ".join(map(str, ids)), flush=True)
        elif what == "count":
            e = p.ledger_count(stock.lot.lot, stock.mg)
            print(e.id, flush=True)
        else:
            e = p.ledger_dispose("return", stock.lot.lot, 10)
            print(e.id, flush=True)
            print(p.ledger_reverse(e.id, "not returned after all").id, flush=True)


if __name__ == "__main__":
    main()
