"""services.intake: each write is stored, audited and announced on the ChangeFeed."""

from __future__ import annotations

from datetime import date

import pytest

from kapnotes.domain.intake import ELIGIBLE, blank_intake
from kapnotes.domain.records import Client
from kapnotes.services import ServiceContext
from kapnotes.services import intake as intake_service
from kapnotes.store import PracticeError, open_practice

SIG = [[(0, 0), (10, 5), (20, 10)], [(30, 0), (40, 20), (50, 5)]]


@pytest.fixture
def ctx(tmp_path):
    with open_practice(tmp_path / "p.kapnotes", "admin passphrase", create=True, user="Dr A") as p:
        heard = []
        context = ServiceContext(p)
        context.feed.subscribe(heard.append)
        context.heard = heard  # type: ignore[attr-defined]
        yield context


def test_every_intake_write_is_stored_audited_and_announced(ctx):
    p = ctx.practice
    cid = p.save_client(Client("A1", "Ann"))
    tab = object()
    intake_service.save_intake(ctx, cid, blank_intake(), origin=tab)
    assert ctx.heard[-1].clients == {cid} and ctx.heard[-1].origin is tab
    assert p.get_client(cid).intake is not None

    template = intake_service.save_consent_template(ctx, "KAP consent", "Ketamine may...")
    assert template.version == 1 and ctx.heard[-1].settings

    decision = intake_service.decide_eligibility(ctx, cid, ELIGIBLE, passphrase="admin passphrase")
    assert decision.signer == "Dr A" and ctx.heard[-1].clients == {cid}
    consent = intake_service.record_consent(
        ctx, cid, "KAP consent", 1, SIG, date(2026, 4, 1), passphrase="admin passphrase"
    )
    assert ctx.heard[-1].clients == {cid}
    withdrawn = intake_service.withdraw_consent(ctx, consent.id, date(2026, 5, 1), "by phone")
    assert withdrawn.withdrawn and ctx.heard[-1].clients == {cid}
    actions = [e.action for e in p.audit_entries(client_id=cid)]
    assert {"eligibility", "consent", "consent-withdrawn"} <= set(actions)


def test_a_refused_write_announces_nothing(ctx):
    cid = ctx.practice.save_client(Client("A1", "Ann"))
    before = len(ctx.heard)
    with pytest.raises(PracticeError):
        intake_service.record_consent(ctx, cid, "No such template", 1, SIG, date(2026, 4, 1))
    assert len(ctx.heard) == before and ctx.practice.get_client(cid).consents == []
