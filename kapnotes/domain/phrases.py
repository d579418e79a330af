"""The practice's phrases: text snippets with a short shortcut, inserted while writing.

Stored in the practice settings as [shortcut, text] pairs. The picker filters as you type:
a phrase matches when its shortcut starts with, or its text contains, what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PHRASES = [
    ["grd", "Grounding offered (breath, feet on the floor); client settled within minutes."],
    ["sp", "Safety plan reviewed with the client and agreed; crisis numbers given."],
    ["nau", "Nausea reported; ondansetron 4 mg ODT given with good effect."],
    ["dc", "Discharged alert and oriented, steady gait, to the care of the responsible adult; "
           "reminded not to drive until tomorrow."],
    ["int", "Integration themes explored; client connected the experience to current goals."],
]  # fmt: skip


# Note templates' section prompts: shown in an empty section of the note as a reminder of
# what belongs there (never saved as text). Section name -> prompt; the practice edits them.
DEFAULT_PROMPTS = {
    "Note": "What happened, how the client responded, the plan.",
    "Subjective": "The client's words: mood, sleep, intention, since last session…",
    "Objective": "Observed: affect, vitals, dose response, dissociation, adverse effects…",
    "Assessment": "Your clinical view: progress toward goals, risk, response to treatment…",
    "Plan": "Next session, dose change, homework, referrals, safety plan…",
    "Data": "What was said and observed, including the dosing experience…",
    "Behaviour": "What the client presented with and said…",
    "Intervention": "What you did: preparation, support during dosing, integration work…",
    "Response": "How the client responded to the interventions…",
}


@dataclass(frozen=True)
class Phrase:
    shortcut: str
    text: str


def phrases_from(pairs: list) -> list[Phrase]:
    """Phrases from the settings' pairs (malformed entries are skipped, never fatal)."""
    out = []
    for pair in pairs or []:
        ok = isinstance(pair, list | tuple) and len(pair) == 2
        if ok and all(isinstance(x, str) and x.strip() for x in pair):
            out.append(Phrase(pair[0].strip(), pair[1].strip()))
    return out


def matching(phrases: list[Phrase], typed: str) -> list[Phrase]:
    """Phrases whose shortcut starts with `typed` first, then those whose text contains it."""
    t = typed.strip().lower()
    if not t:
        return list(phrases)
    first = [p for p in phrases if p.shortcut.lower().startswith(t)]
    rest = [p for p in phrases if p not in first and t in p.text.lower()]
    return first + rest


def exact(phrases: list[Phrase], word: str) -> Phrase | None:
    w = word.strip().lower()
    return next((p for p in phrases if p.shortcut.lower() == w), None) if w else None


def parse_lines(text: str) -> tuple[list[list[str]], list[str]]:
    """ "shortcut = text" lines into pairs, and one problem per line that is not one."""
    pairs, problems, seen = [], [], set()
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        shortcut, sep, body = line.partition("=")
        if not sep or not shortcut.strip() or not body.strip():
            problems.append(f"line {n}: write it as shortcut = text")
            continue
        if " " in shortcut.strip():
            problems.append(f"line {n}: a shortcut is one word")
            continue
        if shortcut.strip().lower() in seen:
            problems.append(f"line {n}: shortcut {shortcut.strip()!r} is used twice")
            continue
        seen.add(shortcut.strip().lower())
        pairs.append([shortcut.strip(), body.strip()])
    return pairs, problems


def prompts_as_lines(prompts: dict) -> str:
    return "\n".join(f"{k} = {v}" for k, v in prompts.items())


def as_lines(pairs: list) -> str:
    return "\n".join(f"{p.shortcut} = {p.text}" for p in phrases_from(pairs))
