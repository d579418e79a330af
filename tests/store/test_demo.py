"""The demo practice: realistic, varied, in course order, and the same for the same seed."""

from __future__ import annotations

import statistics

import pytest

from kapnotes.domain.scales import SCALES, score
from kapnotes.domain.validation import validate_session
from kapnotes.domain.vocab import routes
from kapnotes.export.json_format import document
from kapnotes.store import memory_practice
from kapnotes.store.demo import DEMO_TODAY, add_long_client, build_demo
from kapnotes.store.search import reindex_session
from kapnotes.store.transfer import load_bundles


@pytest.fixture(scope="module")
def demo():
    """40 clients x 20 sessions, built once for the checks below."""
    practice = memory_practice()
    build_demo(practice, clients=40, sessions_per_client=20, seed=7)
    yield practice, load_bundles(practice)
    practice.close()


def _doc(seed: int, clients: int = 5) -> dict:
    practice = memory_practice()
    build_demo(practice, clients=clients, sessions_per_client=6, seed=seed)
    doc = document(load_bundles(practice), practice.settings())
    practice.close()
    return doc


def test_same_seed_same_practice_other_seed_other_practice():
    assert _doc(3) == _doc(3)
    assert _doc(3) != _doc(4)


def test_counts_and_charts(demo):
    practice, bundles = demo
    assert practice.count("clients") == 40
    assert practice.count("sessions") == 800
    assert len({b.client.chart for b in bundles}) == 40
    assert all(b.client.chart.startswith("DEMO-") for b in bundles)
    assert practice.settings().clinicians, "the demo names its clinicians"


def test_sessions_follow_the_course(demo):
    _, bundles = demo
    for b in bundles:
        kinds = [s.kind for s in b.sessions]
        assert kinds[0] == "preparation"
        assert kinds[1:13] == ["dosing", "integration"] * 6
        assert b.course_index[:13] == [0] * 13 and b.course_index[13] == 1
        assert b.courses[0].purpose == "induction" and b.courses[1].purpose == "maintenance"
        dates = [s.date for s in b.sessions]
        assert dates == sorted(dates) and dates[-1] <= DEMO_TODAY
        assert [s.number for s in b.sessions[:13]] == list(range(1, 14))


def test_names_are_varied_including_other_scripts(demo):
    _, bundles = demo
    names = [b.client.name for b in bundles]
    assert len(set(names)) > 30
    assert any(not n.isascii() for n in names)


def test_routes_doses_and_warnings_are_varied(demo):
    _, bundles = demo
    dosing = [(b.client, s) for b in bundles for s in b.sessions if s.kind == "dosing"]
    assert {s.route for _, s in dosing} >= {"im", "iv", "sl", "in_esk"}
    warnings = [f.code for c, s in dosing for f in validate_session(s, c)]
    out_of_range = sum(1 for code in warnings if "dose" in code)
    assert 0 < out_of_range < len(dosing) / 4, "doses mostly inside, some outside the soft range"
    assert any("vital" in code for code in warnings), "some vitals are flagged"
    assert not [f for c, s in dosing for f in validate_session(s, c) if f.is_error], "no errors"
    esk = [s for _, s in dosing if s.route == "in_esk"]
    assert all(s.rems.monitoring_end and s.rems.ready_to_leave_min for s in esk)
    assert all(a.mg == 28 and a.medication == "esketamine" for s in esk for a in s.administrations)
    im = [s for _, s in dosing if s.route == "im"]
    assert any(len(s.administrations) > 1 for s in im), "IM boosters"
    assert all(len(s.vitals) == 3 and s.effects and s.discharge.time for _, s in dosing)
    assert any(s.adverse_events and s.adverse_events[0].interventions for _, s in dosing)
    assert any(s.dosing.premedication for _, s in dosing)


def test_integration_sessions_have_themes_and_notes_a_few_hundred_words(demo):
    _, bundles = demo
    sessions = [s for b in bundles for s in b.sessions]
    assert all(s.themes for s in sessions if s.kind == "integration")
    words = [len(s.narrative_text().split()) for s in sessions]
    assert min(words) >= 150 and statistics.median(words) >= 200
    assert {s.template for s in sessions} == {"free", "soap", "dap", "birp"}


def test_phq9_improves_over_the_induction(demo):
    _, bundles = demo
    first, last = [], []
    for b in bundles:
        totals = [score(s.scale("phq9")).total for s in b.sessions[:13] if s.scale("phq9")]
        first.append(totals[0])
        last.append(totals[-1])
        assert all(
            len(s.scale("phq9").items) == SCALES["phq9"].n_items
            for s in b.sessions[:13]
            if s.scale("phq9")
        )
    assert statistics.mean(last) < statistics.mean(first) - 4


def test_old_notes_signed_latest_drafts(demo):
    _, bundles = demo
    sessions = [s for b in bundles for s in b.sessions]
    signed = [s for s in sessions if s.is_signed]
    assert len(signed) > 0.8 * len(sessions)
    assert any(not s.is_signed for s in sessions)
    for b in bundles:
        for s in b.sessions:
            if (DEMO_TODAY - s.date).days < 7:
                assert not s.is_signed


def test_search_index_matches_what_the_store_builds(demo):
    practice, bundles = demo
    ids = [s.id for b in bundles[:5] for s in b.sessions]
    before = dict(practice.db.execute("SELECT rowid, body FROM search_index").fetchall())
    for sid in ids:
        reindex_session(practice.db, sid)
    after = dict(practice.db.execute("SELECT rowid, body FROM search_index").fetchall())
    assert all(before[sid] == after[sid] for sid in ids)
    assert practice.search("grief")


def test_the_demo_is_a_healthy_audited_practice(demo):
    practice, _ = demo
    assert practice.integrity_problems() == []
    check = practice.verify_audit()
    assert check.ok and check.checked >= 840


def test_a_long_client_for_the_benchmark():
    practice = memory_practice()
    build_demo(practice, clients=2, sessions_per_client=3)
    client = add_long_client(practice, 200)
    assert client.chart == "DEMO-0003"
    assert len(practice.list_sessions(client_id=client.id)) == 200
    assert len(practice.list_courses(client.id)) > 20
    assert set(routes()) >= {
        s.route for s in practice.list_sessions(client_id=client.id) if s.route
    }


def test_demo_records_are_clinically_plausible():
    from datetime import datetime

    from kapnotes.store import memory_practice
    from kapnotes.store.demo import build_demo
    from kapnotes.store.demo_people import NO_MEDICATIONS, NOT_WITH_MAOI

    practice = memory_practice()
    build_demo(practice, clients=40, sessions_per_client=8, seed=3)
    clients = practice.list_clients()
    assert sum(c.medications != NO_MEDICATIONS for c in clients) > len(clients) // 2
    addenda = 0
    for client in clients:
        meds = client.medications.split("; ")
        if any(m.startswith("phenelzine") for m in meds):
            assert not any(m.startswith(NOT_WITH_MAOI) for m in meds), client.chart
        assert NO_MEDICATIONS not in meds or meds == [NO_MEDICATIONS]
        for s in practice.load_sessions(client_id=client.id):
            addenda += len(s.addenda)
            if s.signed_at is None:
                continue
            for end in (s.discharge.time, s.rems.monitoring_end):
                assert end is None or datetime.combine(s.date, end) < s.signed_at, s.id
    assert addenda > 0


def test_a_list_of_names_reads_the_client_rows_alone(demo):
    practice, _bundles = demo
    full = practice.list_clients(include_archived=True)
    names = practice.list_clients(include_archived=True, details=False)
    assert [(c.id, c.name, c.chart, c.archived) for c in names] == [(c.id, c.name, c.chart, c.archived) for c in full]  # fmt: skip
    assert any(c.weights for c in full) and not any(c.weights or c.screening for c in names)
