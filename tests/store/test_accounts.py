"""Clinician accounts in the store: sign-in per user, key slots, admins, read-only refusal."""

from __future__ import annotations

import json
import os
import stat

import pytest

from kapnotes.domain.records import Client
from kapnotes.domain.settings import Clinician, PracticeSettings
from kapnotes.domain.users import Role
from kapnotes.store import (
    AccountError,
    PracticeError,
    ReadOnlyUser,
    UserDisabled,
    WrongPassphrase,
    encrypt_practice,
    keyslots,
    open_practice,
)
from kapnotes.store.accounts import verify_user
from kapnotes.store.connection import check_key, connect
from kapnotes.store.errors import DB_ERRORS
from kapnotes.store.keyslots import DEFAULT_KDF_PARAMS
from kapnotes.store.opening import recover_practice

ADMIN_PASS = "admin passphrase"
TESS_PASS = "therapist pass"
RO_PASS = "reader passphrase"


@pytest.fixture
def clinic(tmp_path):
    """(path) of a practice with an admin prescriber, a therapist and a read-only user."""
    path = tmp_path / "clinic.kapnotes"
    with open_practice(path, ADMIN_PASS, create=True, user="Dr Admin") as p:
        p.add_user("Tess", Role.THERAPIST, TESS_PASS, credentials="LCSW", temporary=False)
        p.add_user("Reader", Role.READ_ONLY, RO_PASS, temporary=False)
    return path


def test_the_real_key_derivation_costs_what_the_bench_measures():
    # ~0.5 s on this machine (bench/bench_accounts.py); tests run with cheap parameters.
    assert DEFAULT_KDF_PARAMS["time_cost"] >= 3 and DEFAULT_KDF_PARAMS["memory_cost"] >= 65536


def test_creation_writes_a_private_slots_file_with_the_parameters(clinic):
    slots_file = keyslots.slots_path(clinic)
    assert stat.S_IMODE(os.stat(slots_file).st_mode) == 0o600
    data = json.loads(slots_file.read_text())
    assert list(data["slots"]) == ["Dr Admin", "Tess", "Reader"]
    kdf = data["slots"]["Tess"]["kdf"]
    assert kdf["type"] == "argon2id" and {"time_cost", "memory_cost", "salt"} <= set(kdf)
    assert TESS_PASS not in slots_file.read_text()
    assert data["anchor"]["id"] >= 1


def test_each_user_signs_in_with_their_own_passphrase(clinic):
    with open_practice(clinic, ADMIN_PASS) as p:
        assert (p.user.name, p.user.is_admin, p.actor) == ("Dr Admin", True, "Dr Admin")
        assert [u.name for u in p.list_users()] == ["Dr Admin", "Reader", "Tess"]
    with open_practice(clinic, TESS_PASS, user="Tess") as p:
        assert (p.user.role, p.user.credentials) == (Role.THERAPIST, "LCSW")
        p.save_client(Client(chart="T-1", name="Seen by Tess"))
        assert p.audit_entries(limit=1)[0].actor == "Tess"
        assert p.verify_audit().ok
    with pytest.raises(WrongPassphrase, match="wrong passphrase or unknown user"):
        open_practice(clinic, ADMIN_PASS, user="Tess")
    with pytest.raises(WrongPassphrase, match="wrong passphrase or unknown user"):
        open_practice(clinic, ADMIN_PASS, user="Nobody")


def test_failed_sign_ins_are_counted_in_the_file_and_audited_at_the_next_success(clinic):
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            open_practice(clinic, "not the passphrase", user="Tess")
    assert keyslots.load(clinic).slots["Tess"].failures == 3  # survives a restart
    with open_practice(clinic, TESS_PASS, user="Tess") as p:
        entry = p.audit_entries(action="failed_unlock")[0]
        assert entry.actor == "Tess" and "3 failed sign-in(s)" in entry.detail
    assert keyslots.load(clinic).slots["Tess"].failures == 0


def test_a_read_only_user_is_refused_by_the_store_itself(clinic):
    with open_practice(clinic, RO_PASS, user="Reader") as p:
        with pytest.raises(ReadOnlyUser, match="Reader is a read-only user"):
            p.save_client(Client(chart="R-1", name="Not saved"))
        with pytest.raises(ReadOnlyUser):
            p.save_settings(PracticeSettings(practice_name="changed"))
        with pytest.raises(DB_ERRORS, match="not authorized"):  # raw SQL on its connection too
            p.db.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        p.record_event("print", detail="reading is recorded")  # reading and printing are fine
        assert p.list_clients() == []
        assert p.search("anything") == []
    with open_practice(clinic, ADMIN_PASS) as p:
        assert p.find_client("R-1") is None
        assert p.audit_entries(action="print")[0].actor == "Reader"
        assert p.verify_audit().ok


def test_disabled_users_cannot_sign_in_and_the_last_admin_stays(clinic):
    with open_practice(clinic, ADMIN_PASS) as p:
        p.set_user_active("Tess", False)
        with pytest.raises(AccountError, match="last admin"):
            p.set_user_active("Dr Admin", False)
        with pytest.raises(AccountError, match="last admin"):
            p.update_user("Dr Admin", admin=False)
    assert keyslots.load(clinic).slots["Tess"].db_keys == []  # her slot lost the key
    with pytest.raises(UserDisabled, match="Tess is disabled"):
        open_practice(clinic, TESS_PASS, user="Tess")
    with open_practice(clinic, ADMIN_PASS) as p:
        p.set_user_active("Tess", True)
    open_practice(clinic, TESS_PASS, user="Tess").close()


def test_only_admins_manage_users_and_passphrases_need_ten_characters(clinic):
    with (
        open_practice(clinic, TESS_PASS, user="Tess") as p,
        pytest.raises(AccountError, match="Only an admin"),
    ):
        p.add_user("Eve", Role.PRESCRIBER, "eve passphrase")
    with open_practice(clinic, ADMIN_PASS) as p:
        with pytest.raises(AccountError, match="at least 10"):
            p.add_user("Short", Role.THERAPIST, "short")
        with pytest.raises(AccountError, match="already a user"):
            p.add_user("Tess", Role.THERAPIST, "another passphrase")
    with pytest.raises(PracticeError, match="at least 10"):
        open_practice(clinic.with_name("new.kapnotes"), "too short", create=True)


def test_a_passphrase_change_rewrites_only_that_slot(clinic):
    before = json.loads(keyslots.slots_path(clinic).read_text())["slots"]
    with open_practice(clinic, TESS_PASS, user="Tess") as p:
        p.change_own_passphrase(TESS_PASS, "a new therapist passphrase")
    after = json.loads(keyslots.slots_path(clinic).read_text())["slots"]
    assert after["Dr Admin"] == before["Dr Admin"] and after["Reader"] == before["Reader"]
    assert after["Tess"]["kdf"]["salt"] != before["Tess"]["kdf"]["salt"]
    open_practice(clinic, "a new therapist passphrase", user="Tess").close()
    with pytest.raises(WrongPassphrase):
        open_practice(clinic, TESS_PASS, user="Tess")


def test_a_reset_gives_a_temporary_passphrase_and_a_new_registered_key(clinic):
    with open_practice(clinic, ADMIN_PASS) as p:
        old = p.get_user("Tess").fingerprint
        user = p.reset_passphrase("Tess", "temporary passphrase")
        assert user.must_change_passphrase and user.fingerprint != old
    with open_practice(clinic, "temporary passphrase", user="Tess") as p:
        assert p.user.must_change_passphrase
        p.change_own_passphrase("temporary passphrase", "my own passphrase")
        assert not p.user.must_change_passphrase
        assert p.verify_audit().ok and p.signature_problems() == []


def test_verify_user_authenticates_a_witness_without_switching(clinic):
    with open_practice(clinic, ADMIN_PASS) as p:
        assert verify_user(p, "Tess", TESS_PASS).name == "Tess"
        assert p.user.name == "Dr Admin"
        with pytest.raises(WrongPassphrase):
            verify_user(p, "Tess", ADMIN_PASS)


def test_rekey_keeps_every_user_and_changes_the_recovery_key(clinic):
    with open_practice(clinic, ADMIN_PASS) as p:
        old = p.recovery_key()
        seen = []
        new = p.rekey(before=seen.append)
        assert seen == [new] and new != old and p.recovery_key() == new
        assert p.verify_audit().ok
    for passphrase, name in ((ADMIN_PASS, None), (TESS_PASS, "Tess"), (RO_PASS, "Reader")):
        open_practice(clinic, passphrase, user=name).close()
    with pytest.raises(PracticeError, match="does not fit"):
        recover_practice(clinic, old, None, "whatever passphrase")


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_lost_key_file_names_the_recovery_key_and_recovery_opens(clinic, damage):
    with open_practice(clinic, ADMIN_PASS) as p:
        key = p.recovery_key()
    slots_file = keyslots.slots_path(clinic)
    if damage == "missing":
        slots_file.unlink()
    else:
        slots_file.write_text('{"format": "kapnotes-keys/1", "slots": {')
    with pytest.raises(PracticeError, match="recovery key"):
        open_practice(clinic, ADMIN_PASS)
    grouped = " ".join(key[i : i + 4] for i in range(0, 64, 4)).upper()
    with recover_practice(clinic, grouped, None, "a brand new admin pass") as p:
        assert p.user.name == "Dr Admin"
        assert p.audit_entries(limit=1)[0].action == "recover"
    with open_practice(clinic, "a brand new admin pass") as p:
        assert p.verify_audit().ok, p.verify_audit().message


def test_a_practice_from_before_accounts_is_converted_in_one_step(tmp_path):
    path = tmp_path / "old.kapnotes"
    with open_practice(path, create=True) as p:  # plain, then encrypted the old way
        settings = p.settings()
        settings.clinicians = [Clinician("Dr Old", "MD"), Clinician("Sam Tran", "LMFT")]
        p.save_settings(settings)
        client = Client(chart="O-1", name="Older")
        p.save_client(client)
    encrypt_practice(path, "the old passphrase")
    assert not keyslots.slots_path(path).exists()
    with open_practice(path, "the old passphrase") as p:
        users = {u.name: u for u in p.list_users()}
        assert p.user.name == "Dr Old" and users["Dr Old"].is_admin
        assert users["Dr Old"].role == Role.PRESCRIBER
        assert users["Sam Tran"].role == Role.THERAPIST
        assert users["Sam Tran"].must_change_passphrase and not users["Sam Tran"].public_key
        assert p.verify_audit().ok
        p.reset_passphrase("Sam Tran", "sam temporary pass")
    labels = [b.name for b in (tmp_path / "backups").iterdir()]
    assert any("before-accounts" in name for name in labels)
    # The old passphrase no longer is the database key: a random 256-bit key is.
    with pytest.raises(WrongPassphrase):
        check_key(connect(path, "the old passphrase"), path)
    with open_practice(path, "sam temporary pass", user="Sam Tran") as p:
        assert p.user.must_change_passphrase
