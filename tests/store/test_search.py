"""Full-text search: ranked, with snippets, and safe whatever the user types."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapnotes.domain.records import AdverseEvent, Client, EffectObservation, Session, ThemeTag
from kapnotes.store import build_match

HOSTILE = [
    '"',
    '""',
    '"unbalanced phrase',
    "*",
    "**",
    "-",
    "--",
    "(",
    ")",
    "()",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(grief mother, 3)",
    "grief AND",
    "OR grief",
    "NOT grief",
    "grief NOT",
    "a OR OR b",
    "'; DROP TABLE sessions; --",
    "1' OR '1'='1",
    "body:grief",
    "^grief",
    "{grief}",
    "grief + mother",
    "\x00",
    "\u202egrief",
    "%_%",
    "\\",
    "SELECT * FROM clients",
    "🙂",
    "x" * 5000,
    " ".join(["grief"] * 200),
]


@pytest.fixture
def notes(practice):
    client = Client(chart="K-1", name="Mira Stone")
    practice.save_client(client)
    texts = [
        ("She spoke of grief for her mother and the garden.", []),
        ("Grieving slowly; self-compassion came up twice.", [ThemeTag("self_compassion", "")]),
        ("Nothing about loss today: body awareness, breathing.", []),
    ]
    ids = []
    for i, (narrative, themes) in enumerate(texts):
        s = Session(client.id, None, date(2026, 3, i + 1), narrative={"Note": narrative})
        s.themes = themes
        practice.save_session(s)
        ids.append(s.id)
    extra = Session(client.id, None, date(2026, 3, 9), intention="quiet")
    extra.effects = [EffectObservation("nausea", 2, note="queasy after peak")]
    extra.adverse_events = [AdverseEvent("vomited once", outcome="settled with ondansetron")]
    extra.themes = [ThemeTag("grief", "the dog Pepper")]
    practice.save_session(extra)
    ids.append(extra.id)
    return practice, ids


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_never_raises(notes, text):
    practice, _ = notes
    hits = practice.search(text)
    assert isinstance(hits, list)


@given(st.text(max_size=200))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_a_safe_query(notes, text):
    practice, _ = notes
    practice.search(text)


def test_prefix_search_matches_word_starts(notes):
    practice, ids = notes
    found = {h.session_id for h in practice.search("grie*")}
    assert found == {ids[0], ids[1], ids[3]}


def test_quoted_phrase_matches_only_the_phrase(notes):
    practice, ids = notes
    assert [h.session_id for h in practice.search('"her mother"')] == [ids[0]]
    assert practice.search('"mother her"') == []


def test_terms_are_anded_and_or_and_not_work(notes):
    practice, ids = notes
    assert [h.session_id for h in practice.search("grief garden")] == [ids[0]]
    assert {h.session_id for h in practice.search("garden OR breathing")} == {ids[0], ids[2]}
    assert [h.session_id for h in practice.search("grief -garden")] == [ids[3]]
    assert [h.session_id for h in practice.search("grief NOT garden")] == [ids[3]]


def test_hyphenated_words_and_accents(notes):
    practice, ids = notes
    assert [h.session_id for h in practice.search("self-compassion")] == [ids[1]]


def test_child_notes_are_searchable(notes):
    practice, ids = notes
    assert [h.session_id for h in practice.search("queasy")] == [ids[3]]
    assert [h.session_id for h in practice.search("ondansetron")] == [ids[3]]
    assert [h.session_id for h in practice.search("Pepper")] == [ids[3]]


def test_hits_carry_client_and_highlighted_snippet(notes):
    practice, ids = notes
    hit = practice.search("garden")[0]
    assert (hit.chart, hit.client_name, hit.date) == ("K-1", "Mira Stone", date(2026, 3, 1))
    assert ("garden", True) in hit.snippet_parts()
    assert "[garden]" in hit.plain_snippet()


def test_ranking_puts_the_denser_match_first(practice):
    client = Client(chart="R", name="R")
    practice.save_client(client)
    thin = Session(client.id, None, date(2026, 1, 1), narrative={"Note": "grief " + "word " * 80})
    dense = Session(client.id, None, date(2026, 1, 2), narrative={"Note": "grief grief grief"})
    practice.save_session(thin)
    practice.save_session(dense)
    assert [h.session_id for h in practice.search("grief")] == [dense.id, thin.id]


def test_limit_is_respected(notes):
    practice, _ = notes
    assert len(practice.search("grie*", limit=1)) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("grief", '"grief"'),
        ("grie*", '"grie"*'),
        ('"her mother"', '"her mother"'),
        ("a OR b", '"a" OR "b"'),
        ("a -b", '("a") NOT "b"'),
        ("", None),
        ("AND OR NOT", '"AND" AND "OR" AND "NOT"'),  # operator words alone are words
        ("-only", None),
    ],
)
def test_build_match(text, expected):
    assert build_match(text) == expected
