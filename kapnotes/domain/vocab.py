"""Controlled vocabularies (routes, effects, themes, ...) loaded from resources as data.

A clinic extends them through settings; the built-in codes never change meaning, so records
stay readable when a clinic adds its own terms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from kapnotes.config import resource_path

INTENSITY_LABELS = ("none", "mild", "moderate", "severe")


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: a stable code and the words shown to people."""

    code: str
    label: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Route:
    """A route of administration with its soft warning range (mg/kg or mg)."""

    code: str
    label: str
    unit: str  # "mg/kg" or "mg"
    low: float
    high: float
    allowed: tuple[float, ...] = ()
    note: str = ""


class Vocabulary:
    """An ordered, extendable list of terms looked up by code."""

    def __init__(self, terms: list[Term]):
        self._terms = list(terms)
        self._by_code = {t.code: t for t in self._terms}

    def __iter__(self):
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def codes(self) -> list[str]:
        return [t.code for t in self._terms]

    def label(self, code: str) -> str:
        """The label of a code; an unknown (clinic's own) code shows as itself."""
        term = self._by_code.get(code)
        return term.label if term else code

    def get(self, code: str) -> Term | None:
        return self._by_code.get(code)

    def extended(self, extra: list[str] | list[dict[str, str]]) -> Vocabulary:
        """A copy with the clinic's own terms appended (labels or {code, label} dicts)."""
        terms = list(self._terms)
        for item in extra:
            if isinstance(item, dict):
                code, label = item["code"], item.get("label") or item["code"]
            else:
                label = str(item).strip()
                code = slug(label)
            if code and code not in self._by_code and all(t.code != code for t in terms):
                terms.append(Term(code, label))
        return Vocabulary(terms)


def slug(text: str) -> str:
    """A stable code for a clinic-defined term ("Inner child" -> "inner_child")."""
    out = []
    for ch in text.strip().lower():
        out.append(ch if ch.isalnum() else "_")
    return "_".join(part for part in "".join(out).split("_") if part)


@cache
def _raw() -> dict[str, Any]:
    with open(resource_path("vocabularies.json"), encoding="utf-8") as fh:
        return json.load(fh)


def vocabulary(name: str) -> Vocabulary:
    """A built-in vocabulary by name: effects, themes, interventions, screening, ..."""
    terms = []
    for item in _raw()[name]:
        extra = {k: v for k, v in item.items() if k not in ("code", "label")}
        terms.append(Term(item["code"], item["label"], extra))
    return Vocabulary(terms)


@cache
def routes() -> dict[str, Route]:
    """The routes of administration by code, with their default soft ranges."""
    out = {}
    for item in _raw()["routes"]:
        out[item["code"]] = Route(
            code=item["code"],
            label=item["label"],
            unit=item["unit"],
            low=float(item["low"]),
            high=float(item["high"]),
            allowed=tuple(float(x) for x in item.get("allowed", ())),
            note=item.get("note", ""),
        )
    return out


def template_sections(template: str) -> list[str]:
    """The narrative sections of a note template (free, soap, dap, birp)."""
    for item in _raw()["templates"]:
        if item["code"] == template:
            return list(item["sections"])
    return ["Note"]


def intensity_label(intensity: int) -> str:
    """none / mild / moderate / severe for 0..3."""
    if 0 <= intensity < len(INTENSITY_LABELS):
        return INTENSITY_LABELS[intensity]
    return str(intensity)
