"""Intake, signed eligibility decisions, consent templates and records in the store."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import WITH_PRECAUTIONS, blank_intake
from kapnotes.domain.records import Client, Session
from kapnotes.domain.users import Role
from kapnotes.store import AccountError, PracticeError, WrongPassphrase, open_practice
from kapnotes.store.errors import DB_ERRORS
from kapnotes.store.intake_store import IntakeError
from kapnotes.store.opening import memory_practice

ADMIN_PASS = "admin passphrase"
TESS_PASS = "therapist pass"
SIG = [[(0, 0), (10, 5), (20, 10)], [(30, 0), (40, 20), (50, 5)]]


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "clinic.kapnotes"
    with open_practice(path, ADMIN_PASS, create=True, user="Dr Admin") as p:
        p.add_user("Tess", Role.THERAPIST, TESS_PASS, credentials="LCSW", temporary=False)
        p.save_client(Client("A1", "Ann"))
        p.save_consent_template("KAP informed consent", "Ketamine may cause dissociation.")
    return path


def verifies(public_hex: str, signature_hex: str, payload: str) -> bool:
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
    key.verify(bytes.fromhex(signature_hex), hashlib.sha256(payload.encode()).digest())
    return True


def test_a_prescriber_signs_eligibility_with_their_key(clinic):
    with open_practice(clinic, ADMIN_PASS, user="Dr Admin") as p:
        cid = p.find_client("A1").id
        p.save_intake(cid, blank_intake())
        d = p.decide_eligibility(cid, WITH_PRECAUTIONS, "BP cuff every 10 min", passphrase=ADMIN_PASS)  # fmt: skip
        assert d.signer == "Dr Admin" and verifies(d.public_key, d.signature, d.payload)
        assert bytes.fromhex(d.public_key) == p.user.public_key
        assert json.loads(d.payload)["client"]["chart"] == "A1"
        with pytest.raises(WrongPassphrase):
            p.decide_eligibility(cid, "eligible", passphrase="not my passphrase")
        stored = p.get_client(cid).eligibility
        assert [x.label for x in stored] == ["Eligible with precautions: BP cuff every 10 min"]
        assert p.audit_entries(action="eligibility")[0].detail.endswith("signed by Dr Admin")
        with pytest.raises(DB_ERRORS, match="cannot be changed"):
            p.db.execute("UPDATE eligibility_decisions SET decision = 'not_eligible'")


def test_a_therapist_cannot_decide_eligibility_and_nothing_is_stored(clinic):
    with open_practice(clinic, TESS_PASS, user="Tess") as p:
        cid = p.find_client("A1").id
        with pytest.raises(AccountError, match="needs a prescriber"):
            p.decide_eligibility(cid, "eligible", passphrase=TESS_PASS)
        assert p.eligibility_history(cid) == []
    with pytest.raises(AccountError, match="needs a prescriber"):
        memory_practice().decide_eligibility(1, "eligible", name="Sam", credentials="LCSW")


def test_the_witness_signs_a_consent_as_themselves(clinic):
    with open_practice(clinic, TESS_PASS, user="Tess") as p:
        cid = p.find_client("A1").id
        c = p.record_consent(cid, "KAP informed consent", 1, SIG, date(2026, 4, 1), passphrase=TESS_PASS)  # fmt: skip
        assert c.witness == "Tess" and c.witness_credentials == "LCSW"
        assert verifies(c.witness_key, c.witness_signature, c.payload)
        assert c.text == "Ketamine may cause dissociation."
        assert c.client_strokes == [[[float(x), float(y)] for x, y in s] for s in SIG]
        assert p.get_client(cid).consents[0].id == c.id


def test_bad_consents_are_refused_with_a_clear_message_and_nothing_stored():
    p = memory_practice()
    cid = p.save_client(Client("A1", "Ann"))
    p.save_consent_template("KAP", "Text v1.")
    with pytest.raises(IntakeError, match="empty"):
        p.record_consent(cid, "KAP", 1, [], date(2026, 4, 1), witness="Dr P")
    with pytest.raises(IntakeError, match=r"no consent template 'KAP' v7 \(versions: v1\)"):
        p.record_consent(cid, "KAP", 7, SIG, date(2026, 4, 1), witness="Dr P")
    assert p.consents(cid) == []


def test_a_used_template_version_never_changes_editing_makes_a_new_version():
    p = memory_practice()
    cid = p.save_client(Client("A1", "Ann"))
    assert p.save_consent_template("KAP", "Draft.").version == 1
    assert p.save_consent_template("KAP", "Draft, edited.").version == 1  # unused: in place
    p.record_consent(cid, "KAP", 1, SIG, date(2026, 4, 1), witness="Dr P")
    v2 = p.save_consent_template("KAP", "Second text.")
    assert v2.version == 2 and p.consent_template("KAP", 1).text == "Draft, edited."
    assert p.latest_template_versions() == {"KAP": 2}
    with pytest.raises(DB_ERRORS, match="used template version cannot be"):
        p.db.execute("UPDATE consent_templates SET text = 'x' WHERE version = 1")


def test_withdrawal_is_recorded_once_and_nothing_else_changes():
    p = memory_practice()
    cid = p.save_client(Client("A1", "Ann"))
    p.save_consent_template("KAP", "Text.")
    c = p.record_consent(cid, "KAP", 1, SIG, date(2026, 4, 1), witness="Dr P")
    with pytest.raises(IntakeError, match="before"):
        p.withdraw_consent(c.id, date(2026, 3, 1))
    w = p.withdraw_consent(c.id, date(2026, 5, 1), "Client withdrew by phone.")
    assert w.withdrawn_on == date(2026, 5, 1) and w.withdrawal_note == "Client withdrew by phone."
    with pytest.raises(IntakeError, match="already withdrawn"):
        p.withdraw_consent(c.id, date(2026, 5, 2))
    with pytest.raises(DB_ERRORS, match="only a withdrawal"):
        p.db.execute("UPDATE consent_records SET witness = 'Someone else'")
    assert p.audit_entries(action="consent-withdrawn")


def test_the_checklist_is_saved_with_the_session_and_locked_when_signed():
    p = memory_practice()
    cid = p.save_client(Client("A1", "Ann"))
    s = Session(cid, None, date(2026, 4, 1), checklist=PreDoseChecklist(6.5, True, "Sam"))
    sid = p.save_session(s)
    assert p.get_session(sid).checklist == PreDoseChecklist(6.5, True, "Sam")
    p.save_draft(sid, checklist=PreDoseChecklist(7, True, "Sam", True))
    assert p.get_session(sid).checklist.no_driving_acknowledged is True
    p.sign_session(sid, "Dr P", "MD")
    with pytest.raises(PracticeError):
        p.save_draft(sid, checklist=None)


def test_the_demo_holds_signed_intakes_consents_and_checklists(tmp_path):
    from kapnotes.domain.validation import validate_session
    from kapnotes.store.demo import build_demo
    from kapnotes.store.demo_accounts import DEMO_ADMIN

    path = tmp_path / "demo.kapnotes"
    with open_practice(path, "kapnotes-demo", create=True, user=DEMO_ADMIN) as p:
        build_demo(p, clients=4, sessions_per_client=6, seed=2)
        assert p.verify_audit().ok
        for client in p.list_clients():
            assert client.intake is not None and len(client.intake.items) == 15
            (decision,) = client.eligibility
            assert decision.signer == DEMO_ADMIN and verifies(decision.public_key, decision.signature, decision.payload)  # fmt: skip
            (consent,) = client.consents
            assert consent.witness != DEMO_ADMIN and consent.witness_signature
            assert verifies(consent.witness_key, consent.witness_signature, consent.payload)
            for s in p.load_sessions(client_id=client.id):
                assert (s.checklist is not None) == (s.kind == "dosing")
                codes = {f.code for f in validate_session(s, client, p.settings(), today=s.date)}
                assert "eligibility_missing" not in codes and "no_consent" not in codes


def test_check_finds_a_decision_or_consent_changed_behind_the_apps_back(clinic):
    with open_practice(clinic, ADMIN_PASS, user="Dr Admin") as p:
        cid = p.find_client("A1").id
        p.decide_eligibility(cid, "not_eligible", passphrase=ADMIN_PASS)
        p.record_consent(cid, "KAP informed consent", 1, SIG, date(2026, 4, 1), passphrase=ADMIN_PASS)  # fmt: skip
        assert p.signature_problems() == []
        # Someone with the database key edits the rows directly, triggers dropped.
        p.db.execute("DROP TRIGGER eligibility_no_update")
        p.db.execute("UPDATE eligibility_decisions SET decision = 'eligible'")
        p.db.execute("DROP TRIGGER consent_records_only_withdrawal")
        p.db.execute("UPDATE consent_records SET client_strokes = '[[[1,1],[2,2],[3,3],[4,4],[5,5]]]'")  # fmt: skip
        problems = p.signature_problems()
        assert any("eligibility decision 1: it was changed after it was signed" in x for x in problems)  # fmt: skip
        assert any("consent 1: it was changed after it was signed" in x for x in problems)
        assert any("eligibility_no_update" in x for x in p.protection_problems())
