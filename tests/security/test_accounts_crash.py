"""A kill at any moment of `user add`, a passphrase change or `rekey` leaves the practice
openable by every user who could open it before (each killed at random moments 10+ times)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from accounts_crash_child import ADMIN, TESS_A, TESS_B
from crash_harness import kill_at_random, needs_sigkill

from kapnotes.domain.users import Role
from kapnotes.store import WrongPassphrase, open_practice

KILLS = 10
CHILD = Path(__file__).with_name("accounts_crash_child.py")

pytestmark = needs_sigkill


def _kill_at_random(args: list[str], rng: random.Random) -> list[str]:
    """Run the child, SIGKILL it at a random moment once it works; the lines it reported."""
    return kill_at_random([str(CHILD), *args], rng, window=0.35)


@pytest.fixture
def clinic(tmp_path):
    path = tmp_path / "crash.kapnotes"
    with open_practice(path, ADMIN, create=True, user="Admin") as p:
        p.add_user("Tess", Role.THERAPIST, TESS_A, temporary=False)
    return path


def _opens(path, passphrase, user=None) -> None:
    with open_practice(path, passphrase, user=user) as p:
        assert p.user is not None
        assert p.verify_audit().ok, p.verify_audit().message


def test_killing_user_add_keeps_every_user(clinic):
    rng = random.Random(11)
    added: list[str] = []
    for round_no in range(KILLS):
        added += _kill_at_random([str(clinic), "add", str(round_no)], rng)
        _opens(clinic, ADMIN)
        _opens(clinic, TESS_A, "Tess")
        for name in added:
            _opens(clinic, f"pass for {name}", name)


def test_killing_a_passphrase_change_leaves_the_old_or_the_new(clinic):
    rng = random.Random(12)
    current = TESS_A
    for _round in range(KILLS):
        reported = _kill_at_random([str(clinic), "passwd", "0", current], rng)
        if reported:
            current = reported[-1]
        try:
            _opens(clinic, current, "Tess")
        except WrongPassphrase:  # killed after the slot was replaced, before it printed
            current = TESS_B if current == TESS_A else TESS_A
            _opens(clinic, current, "Tess")
        _opens(clinic, ADMIN)


def test_killing_rekey_leaves_the_practice_open_to_everyone(clinic):
    rng = random.Random(13)
    rotations = 0
    for round_no in range(KILLS):
        rotations += len(_kill_at_random([str(clinic), "rekey", str(round_no)], rng))
        _opens(clinic, ADMIN)
        _opens(clinic, TESS_A, "Tess")
    assert rotations > 0, "the kills came too early to test anything"
