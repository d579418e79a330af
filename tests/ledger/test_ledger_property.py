"""Property test: random receipts, administrations (signed or left as drafts), waste, counts
and reversals. Every balance equals the sum of its entries and a model kept beside it, none
ever goes below zero (the refusals come exactly when it would), and signed sessions and posted
administrations always agree."""

from __future__ import annotations

import tempfile
from datetime import date, time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_helpers import PASSPHRASE, WITNESS, receipt

from kapnotes.domain.ledger import EPSILON
from kapnotes.domain.records import Administration, Client, Session
from kapnotes.store import open_practice
from kapnotes.store.errors import LedgerError
from kapnotes.store.ledger import posting_problems

LOTS = ("A1", "B2")
lot = st.sampled_from(LOTS)
mg = st.integers(min_value=1, max_value=900)
op = st.one_of(
    st.tuples(st.just("receive"), lot, st.integers(min_value=1, max_value=3)),
    st.tuples(st.just("administer"), lot, mg, st.booleans()),
    st.tuples(st.just("waste"), lot, mg),
    st.tuples(st.just("count"), lot, st.integers(min_value=-50, max_value=50)),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=30)),
)


def check(p, model: dict[str, float]) -> None:
    sums = dict(
        p.db.execute(
            "SELECT l.lot, COALESCE(SUM(e.mg), 0) FROM ledger_lots l "
            "LEFT JOIN ledger_entries e ON e.lot_id = l.id GROUP BY l.lot"
        ).fetchall()
    )
    for b in p.ledger_stock():
        assert abs(b.mg - sums[b.lot.lot]) < EPSILON
        assert abs(b.mg - model[b.lot.lot]) < EPSILON
        assert b.mg >= -EPSILON
    assert posting_problems(p.db) == []
    drafts = dict(
        p.db.execute(
            "SELECT a.lot, SUM(a.mg) FROM administrations a JOIN sessions s "
            "ON s.id = a.session_id WHERE s.signed_at IS NULL GROUP BY a.lot"
        ).fetchall()
    )
    assert {b.lot.lot: b.pending_mg for b in p.ledger_stock() if b.pending_mg} == drafts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, min_size=1, max_size=14))
def test_balances_are_the_sum_of_entries_and_never_negative(ops):
    with tempfile.TemporaryDirectory() as folder:
        p = open_practice(Path(folder) / "p.kapnotes", PASSPHRASE, create=True, user="Dr A")
        try:
            p.add_user(WITNESS[0], "therapist", WITNESS[1], temporary=False)
            client = Client(chart="P-1", name="Prop Erty")
            p.save_client(client)
            model: dict[str, float] = {}
            for step in ops:
                run(p, client, model, step)
                check(p, model)
            assert p.ledger_problems() == []
        finally:
            p.close()


def run(p, client, model, step) -> None:
    kind = step[0]
    if kind == "receive":
        p.ledger_receive(receipt(step[1], containers=step[2], invoice="INV"))
        model[step[1]] = model.get(step[1], 0.0) + step[2] * 500
        return
    if kind == "reverse":
        entries = [
            e for e in p.ledger_entries() if e.kind in ("receipt", "waste", "count") and e.mg != 0
        ]
        reversed_ids = {e.reverses for e in p.ledger_entries(kinds=("reversal",))}
        candidates = [e for e in entries if e.id not in reversed_ids]
        if not candidates:
            return
        e = candidates[step[1] % len(candidates)]
        would = model[e.lot] - e.mg
        try:
            p.ledger_reverse(e.id, "property test")
        except LedgerError:
            assert would < -EPSILON
            return
        assert would >= -EPSILON
        model[e.lot] = would
        return
    name = step[1]
    if name not in model:
        return
    if kind == "administer":
        s = Session(client_id=client.id, course_id=None, date=date(2026, 3, 1),
                    administrations=[Administration(time(9), "im", float(step[2]), lot=name)])  # fmt: skip
        p.save_session(s)
        if not step[3]:
            return  # a draft: pending, not posted
        try:
            p.sign_session(s.id, passphrase=PASSPHRASE)
        except LedgerError:
            assert model[name] < step[2]
            assert not p.get_session(s.id).is_signed
            p.delete_draft(s.id)
            return
        model[name] -= step[2]
    elif kind == "waste":
        try:
            p.ledger_dispose("waste", name, step[2], witnesses=[WITNESS], reason="drawn")
        except LedgerError:
            assert model[name] < step[2]
            return
        model[name] -= step[2]
    else:
        counted = max(0.0, model[name] + step[2])
        p.ledger_count(name, counted, reason="recount", witnesses=[WITNESS])
        model[name] = counted
