"""Interactions with ketamine found in the client's medication list (resources/interactions.json).

MAOIs and stimulants raise blood pressure; opioids and other CNS depressants add sedation and
risk respiratory depression; benzodiazepines and lamotrigine blunt the response. Names match
as whole words, case- and accent-insensitively, brand or generic.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from kapnotes.config import resource_path


@dataclass(frozen=True)
class Interaction:
    """A medication class matched in the list: which name matched and what it does."""

    code: str
    label: str
    matched: str
    effects: tuple[str, ...]
    rems: str = ""  # the REMS concomitant question this class answers ("" = none)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _data() -> dict:
    with open(resource_path("interactions.json"), encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _patterns() -> list[tuple[dict, re.Pattern[str]]]:
    out = []
    for cls in _data()["classes"]:
        names = sorted({_fold(n) for n in cls["names"]}, key=len, reverse=True)
        out.append((cls, re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")))
    return out


def effect_text(effect: str) -> str:
    """The words for an effect code ("raises_bp" -> "raises blood pressure")."""
    return _data()["effects"].get(effect, effect)


def find_interactions(medications: str) -> list[Interaction]:
    """Every class whose name appears in the medication list, in the vocabulary's order."""
    text = _fold(medications or "")
    if not text.strip():
        return []
    found = []
    for cls, pattern in _patterns():
        m = pattern.search(text)
        if m:
            found.append(
                Interaction(
                    cls["code"],
                    cls["label"],
                    m.group(1),
                    tuple(cls["effects"]),
                    cls.get("rems", ""),
                )  # fmt: skip
            )
    return found


def interaction_message(i: Interaction) -> str:
    """One line for the findings: "Medications: phenelzine (MAOI) raises blood pressure."."""
    what = " and ".join(effect_text(e) for e in i.effects)
    return f"Medications: {i.matched} ({i.label}) {what}."


def rems_concomitant(medications: str) -> dict[str, bool]:
    """The REMS concomitant answers the medication list implies (True where a class matched)."""
    return {i.rems: True for i in find_interactions(medications) if i.rems}
