"""Passphrase strength: length, variety, common passwords, repeats and sequences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapnotes.domain.passphrase import LABELS, MIN_LENGTH, is_common, passphrase_strength


@pytest.mark.parametrize(
    "text",
    ["password", "Password1", "P@ssw0rd", "123456789", "qwerty123", "letmein!", "kapnotes-demo"],
)
def test_common_passwords_are_very_weak_even_disguised(text):
    result = passphrase_strength(text)
    assert result.score == 0
    assert "common" in result.hint
    assert not result.acceptable


def test_empty_passphrase_is_very_weak_with_a_hint():
    result = passphrase_strength("")
    assert (result.score, result.label) == (0, "very weak")
    assert result.hint


def test_shorter_than_the_minimum_is_never_acceptable():
    nine = "Zq7!mK2#p"
    assert len(nine) == MIN_LENGTH - 1
    result = passphrase_strength(nine)
    assert result.score <= 1
    assert str(MIN_LENGTH) in result.hint


def test_ten_unrelated_characters_reach_fair():
    result = passphrase_strength("tulipharbo")
    assert result.label == "fair"
    assert result.acceptable


def test_several_words_are_strong():
    result = passphrase_strength("correct horse battery staple")
    assert (result.score, result.label) == (4, "strong")


def test_variety_raises_the_score():
    plain = passphrase_strength("tulipharbour")
    mixed = passphrase_strength("Tulip-harb0ur")
    assert mixed.score > plain.score


@pytest.mark.parametrize("text", ["aaaaaaaaaaaa", "abababababab", "zzzzzzzzzzzzzzzzzzzz"])
def test_repeated_characters_are_weak(text):
    result = passphrase_strength(text)
    assert result.score <= 1
    assert "repeat" in result.hint.lower()


def test_keyboard_and_alphabet_runs_lower_the_score():
    assert passphrase_strength("abcdefghij").score < passphrase_strength("tulipharbo").score
    assert "abcd" in passphrase_strength("abcdefghij").hint


def test_a_common_password_inside_with_little_else_is_weak():
    result = passphrase_strength("Password-Zq1")
    assert result.score == 1
    assert "common" in result.hint


def test_is_common_ignores_case_lookalikes_and_trailing_digits():
    assert is_common("SUNSHINE")
    assert is_common("sunsh1ne2024")
    assert not is_common("tulip harbour lantern")


@given(st.text(max_size=80))
def test_any_text_gets_a_score_label_and_hint(text):
    result = passphrase_strength(text)
    assert 0 <= result.score <= 4
    assert result.label == LABELS[result.score]
    assert result.hint
    assert result.acceptable == (result.score >= 2)
    if len(text) < MIN_LENGTH:
        assert not result.acceptable
