"""The ledger in the store: receipts, postings from signed notes, disposals, counts,
reversals, balances, and every refusal leaving the ledger unchanged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from ledger_helpers import PASSPHRASE, SECOND, WITNESS, dosing_session, receipt

from kapnotes.domain.ledger import EntryKind
from kapnotes.store import open_practice
from kapnotes.store.errors import (
    DB_ERRORS,
    AccountError,
    LedgerError,
    ReadOnlyUser,
    UserDisabled,
    WrongPassphrase,
)


def snapshot(p):
    return (
        p.db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0],
        p.db.execute("SELECT count(*) FROM ledger_lots").fetchone()[0],
        [(b.lot.lot, b.mg) for b in p.ledger_stock()],
    )


def stock(p, lot="KT100"):
    return next(b for b in p.ledger_stock() if b.lot.lot == lot)


def test_a_receipt_adds_its_containers_in_mg_and_keeps_the_invoice(ledger_practice):
    p = ledger_practice
    b = stock(p)
    assert (b.mg, b.containers, b.units, b.lot.unit) == (2500, 5, 50, "mL")
    (entry,) = p.ledger_entries(kinds=("receipt",))
    assert entry.user == "Dr A" and entry.details["invoice"] == "INV-1"
    assert entry.details["supplier_dea"] == "RH0123456" and entry.occurred_on == date(2026, 1, 3)
    p.ledger_receive(receipt(containers=2, invoice="INV-2"))  # the same lot again
    assert stock(p).mg == 3500


def test_units_are_counted_for_troches(ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("TR1", containers=2, form="troche", strength=100, per=30))
    b = stock(p, "TR1")
    assert (b.mg, b.units, b.lot.unit, b.containers) == (6000, 60, "unit", 2)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: receipt(invoice=" "), "invoice number"),
        (lambda: receipt(containers=0), "containers must be more than 0"),
        (lambda: receipt(strength=100), "already in the ledger as ketamine"),
        (lambda: receipt(lot=""), "lot number"),
    ],
)
def test_bad_receipts_are_refused_and_nothing_changes(ledger_practice, make, message):
    before = snapshot(ledger_practice)
    with pytest.raises(LedgerError, match=message):
        ledger_practice.ledger_receive(make())
    assert snapshot(ledger_practice) == before


def test_signing_a_note_posts_its_administrations_and_drafts_are_pending(ledger_practice):
    p = ledger_practice
    s = dosing_session(p, mg=35)
    assert (stock(p).mg, stock(p).pending_mg) == (2500, 35)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    assert (stock(p).mg, stock(p).pending_mg) == (2465, 0)
    (posted,) = p.ledger_entries(kinds=("administration",))
    assert (posted.session_id, posted.mg, posted.chart, posted.client_name) == (
        s.id, -35, "C-1", "Robin Vale"
    )  # fmt: skip
    assert posted.details["quantity"] == 0.7 and posted.details["unit"] == "mL"
    assert posted.occurred_on == s.date and posted.user == "Dr A"
    assert p.ledger_problems() == [] and p.verify_audit().ok


def test_an_expired_lot_cannot_be_administered_and_the_note_stays_a_draft(ledger_practice):
    p = ledger_practice
    p.ledger_receive(receipt("OLD1", expiry=date(2026, 1, 31), invoice="INV-9"))
    s = dosing_session(p, lot="OLD1", day=date(2026, 2, 3))
    with pytest.raises(LedgerError, match="lot OLD1 expired on 2026-01-31: it cannot be admin"):
        p.sign_session(s.id, passphrase=PASSPHRASE)
    assert not p.get_session(s.id).is_signed
    assert p.ledger_entries(kinds=("administration",)) == []


def test_more_than_the_lot_holds_or_an_unknown_lot_refuses_the_signature(ledger_practice):
    p = ledger_practice
    s = dosing_session(p, mg=2600)
    with pytest.raises(LedgerError, match="lot KT100 holds 2500 mg: taking 2600 mg"):
        p.sign_session(s.id, passphrase=PASSPHRASE)
    s2 = dosing_session(p, lot="NOPE", chart="C-2")
    with pytest.raises(LedgerError, match="lot NOPE is not in the controlled"):
        p.sign_session(s2.id, passphrase=PASSPHRASE)
    assert not p.get_session(s.id).is_signed and stock(p).mg == 2500


def test_witnessed_waste_from_a_session(ledger_practice):
    p = ledger_practice
    s = dosing_session(p, mg=35)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    waste = p.ledger_dispose(
        "waste", "KT100", 15, witnesses=[WITNESS], reason="drawn 50 mg, gave 35", session_id=s.id
    )
    assert waste.witnesses == ("Sam Witness",) and waste.chart == "C-1"
    assert stock(p).mg == 2450 and p.ledger_problems() == []
    sigs = p.db.execute("SELECT signatures FROM ledger_entries WHERE id = ?", [waste.id])
    assert sigs.fetchone()[0].count('"sig"') == 2  # the user and the witness signed


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"mg": 0}, LedgerError, "more than 0 mg"),
        ({"mg": -5}, LedgerError, "more than 0 mg"),
        ({"mg": "x"}, LedgerError, "a number of mg"),
        ({"lot": "NOPE"}, LedgerError, "no lot NOPE"),
        ({"mg": 3000}, LedgerError, "lot KT100 holds 2500 mg"),
        ({"witnesses": []}, LedgerError, "needs a witness"),
        ({"witnesses": [("Dr A", PASSPHRASE)]}, LedgerError, "someone other than Dr A"),
        ({"witnesses": [(WITNESS[0], "wrong passphrase!")]}, WrongPassphrase, "witness Sam"),
        ({"witnesses": [("Nobody", "some passphrase")]}, WrongPassphrase, "witness Nobody"),
        ({"reason": ""}, LedgerError, "needs a reason"),
    ],
)
def test_bad_waste_is_refused_in_one_line_and_nothing_changes(
    ledger_practice, kwargs, error, message
):
    p = ledger_practice
    args = {"lot": "KT100", "mg": 10, "witnesses": [WITNESS], "reason": "spilled", **kwargs}
    before = snapshot(p)
    with pytest.raises(error, match=message) as caught:
        p.ledger_dispose("waste", args.pop("lot"), args.pop("mg"), **args)
    assert "\n" not in str(caught.value)
    assert snapshot(p) == before


def test_a_disabled_witness_is_refused(ledger_practice):
    p = ledger_practice
    p.set_user_active(WITNESS[0], False)
    with pytest.raises((UserDisabled, WrongPassphrase)):
        p.ledger_dispose("waste", "KT100", 5, witnesses=[WITNESS], reason="spill")
    assert stock(p).mg == 2500


def test_destruction_needs_two_witnesses_and_keeps_form_41_data(ledger_practice):
    p = ledger_practice
    form41 = {"place": "Clinic, room 2", "method": "Rx Destroyer", "ndc": "0409-2051-05"}
    with pytest.raises(LedgerError, match="needs 2 witnesses"):
        p.ledger_dispose("destruction", "KT100", 500, witnesses=[WITNESS], details=form41)
    entry = p.ledger_dispose(
        "destruction", "KT100", 500, witnesses=[WITNESS, SECOND], details=form41,
        occurred_on=date(2026, 3, 1),
    )  # fmt: skip
    assert entry.witnesses == (WITNESS[0], SECOND[0]) and entry.details["method"] == "Rx Destroyer"
    assert stock(p).mg == 2000


def test_return_transfer_and_loss_take_stock_away(ledger_practice):
    p = ledger_practice
    p.ledger_dispose("return", "KT100", 500, details={"to": "Henry Schein"})
    p.ledger_dispose("transfer", "KT100", 500, details={"to": "Clinic B", "dea": "FB1234567"})
    p.ledger_dispose("loss", "KT100", 100, reason="vial missing after break-in",
                     details={"type": "theft", "police_report": "2026-1234"})  # fmt: skip
    assert stock(p).mg == 1400
    assert [e.kind for e in p.ledger_entries()][-3:] == ["return", "transfer", "loss"]


def test_a_count_with_a_difference_needs_a_reason_and_a_witness(ledger_practice):
    p = ledger_practice
    before = snapshot(p)
    with pytest.raises(LedgerError, match="differs from the expected 2500 mg by -20 mg: give a"):
        p.ledger_count("KT100", 2480)
    with pytest.raises(LedgerError, match="needs a witness"):
        p.ledger_count("KT100", 2480, reason="overfill used")
    assert snapshot(p) == before
    p.ledger_count("KT100", 2500)  # no difference: no reason needed
    count = p.ledger_count("KT100", 2480, reason="overfill used", witnesses=[WITNESS])
    assert count.details == {"expected_mg": 2500, "counted_mg": 2480} and count.mg == -20
    assert stock(p).mg == 2480


def test_a_biennial_inventory_line_records_opening_or_close_and_estimates(ledger_practice):
    p = ledger_practice
    line = p.ledger_count(
        "KT100", 2500, occurred_on=date(2026, 5, 1),
        inventory={"business": "close", "estimated": True},
    )  # fmt: skip
    assert line.kind == EntryKind.INVENTORY and line.details["business"] == "close"


def test_a_mistake_is_reversed_with_a_reason_once(ledger_practice):
    p = ledger_practice
    wrong = p.ledger_dispose("return", "KT100", 300)
    with pytest.raises(LedgerError, match="needs a reason"):
        p.ledger_reverse(wrong.id, " ")
    rev = p.ledger_reverse(wrong.id, "returned the wrong lot")
    assert (rev.kind, rev.reverses, rev.mg) == ("reversal", wrong.id, 300)
    assert stock(p).mg == 2500
    with pytest.raises(LedgerError, match="already reversed"):
        p.ledger_reverse(wrong.id, "again")
    receipt_id = p.ledger_entries(kinds=("receipt",))[0].id
    p.ledger_dispose("return", "KT100", 2000)
    with pytest.raises(LedgerError, match="lot KT100 holds 500 mg"):
        p.ledger_reverse(receipt_id, "never came")  # would go negative
    assert p.ledger_problems() == []


def test_a_count_without_difference_has_nothing_to_reverse_and_minus_zero_verifies(
    ledger_practice,
):
    p = ledger_practice
    same = p.ledger_count("KT100", 2500)
    with pytest.raises(LedgerError, match="changed no balance"):
        p.ledger_reverse(same.id, "mistake")
    less = p.ledger_count("KT100", 2400, reason="broken vial", witnesses=[WITNESS])
    p.ledger_count("KT100", 2500, reason="found it", witnesses=[WITNESS])
    p.ledger_reverse(less.id, "recounted")  # -(-100) = +100
    assert p.ledger_problems() == []


def test_an_administration_is_corrected_by_an_addendum_not_a_reversal(ledger_practice):
    p = ledger_practice
    s = dosing_session(p)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    posted = p.ledger_entries(kinds=("administration",))[0]
    with pytest.raises(LedgerError, match="addendum"):
        p.ledger_reverse(posted.id, "typo")


def test_entries_are_append_only_in_the_database_itself(ledger_practice):
    db = ledger_practice.db
    for sql in (
        "UPDATE ledger_entries SET mg = 9999",
        "DELETE FROM ledger_entries",
        "INSERT OR REPLACE INTO ledger_entries (id, recorded_at, occurred_on, kind, lot_id, mg,"
        " user_name) VALUES (1, 'x', '2026-01-01', 'receipt', 1, 99999, 'x')",
        "UPDATE ledger_lots SET strength_mg = 100",
        "DELETE FROM ledger_lots",
        "INSERT INTO ledger_entries (recorded_at, occurred_on, kind, lot_id, mg, user_name)"
        " VALUES ('x', '2026-01-01', 'waste', 1, -99999, 'x')",
    ):
        with pytest.raises(DB_ERRORS, match="ledger entries are append-only"):
            db.execute(sql)
    assert stock(ledger_practice).mg == 2500


def test_check_finds_a_changed_entry_a_removed_one_and_a_note_without_its_posting(ledger_practice):
    p = ledger_practice
    s = dosing_session(p)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    p.ledger_dispose("return", "KT100", 100)
    db = p.db
    db.execute("DROP TRIGGER ledger_entries_no_update")
    db.execute("DROP TRIGGER ledger_entries_no_delete")
    db.execute("UPDATE ledger_entries SET mg = -50 WHERE kind = 'return'")
    db.execute("DELETE FROM ledger_entries WHERE kind = 'administration'")
    problems = p.ledger_problems()
    assert any("a signature does not verify" in x for x in problems)
    assert any("ledger 2 is in the audit trail but not in the ledger" in x for x in problems)
    assert any(f"session {s.id}: the signed note gives 35 mg" in x for x in problems)
    assert any("ledger_entries_no_update is missing" in x for x in p.protection_problems())


def test_a_read_only_user_cannot_record(tmp_path):
    path = tmp_path / "ro.kapnotes"
    with open_practice(path, PASSPHRASE, create=True, user="Dr A") as p:
        p.add_user("Reader", "read-only", "reader passphrase", temporary=False)
        p.ledger_receive(receipt())
    with open_practice(path, "reader passphrase", user="Reader") as p:
        with pytest.raises(ReadOnlyUser, match="read-only"):
            p.ledger_dispose("return", "KT100", 10)
        with pytest.raises(AccountError):
            p.ledger_receive(receipt(invoice="INV-5"))
        assert stock(p).mg == 2500  # reading is fine


def test_archiving_a_client_hides_no_ledger_history(ledger_practice):
    p = ledger_practice
    s = dosing_session(p)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    p.archive_client(s.client_id)
    assert [e.chart for e in p.ledger_entries(kinds=("administration",))] == ["C-1"]


def test_balances_on_a_day_give_opening_and_closing(ledger_practice):
    p = ledger_practice
    p.ledger_dispose("return", "KT100", 100, occurred_on=date(2026, 2, 1))
    assert p.ledger_balances_on(date(2026, 2, 1), before=True) == {"KT100": 2500}
    assert p.ledger_balances_on(date(2026, 2, 1)) == {"KT100": 2400}
    assert p.ledger_balances_on(date(2026, 1, 1)) == {"KT100": 0}
    assert p.ledger_balances_on(date.today() + timedelta(days=1)) == {"KT100": 2400}


def test_a_json_round_trip_keeps_lots_and_imported_signed_notes_post_nothing(
    ledger_practice, tmp_path
):
    import json

    from kapnotes.export.json_format import document, dumps, parse_document
    from kapnotes.store.transfer import insert_bundles, load_bundles

    p = ledger_practice
    s = dosing_session(p)
    p.sign_session(s.id, passphrase=PASSPHRASE)
    text = dumps(document(load_bundles(p), None))
    assert '"lot": "KT100"' in text
    bundles, _settings = parse_document(json.loads(text))
    with open_practice(tmp_path / "other.kapnotes", PASSPHRASE, create=True, user="Dr B") as q:
        insert_bundles(q, bundles)
        (imported,) = q.load_sessions()
        assert imported.is_signed and imported.administrations[0].lot == "KT100"
        assert q.ledger_entries() == [] and q.ledger_problems() == []
