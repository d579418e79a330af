"""Phrase banks for the demo practice: narratives, intentions, theme notes, all fictional.

Sentences are picked with the demo's seeded random generator and filled with the client's first
name, possessive pronoun and the session's facts, so notes read like a clinician's and differ.
"""

from __future__ import annotations

import random

PEOPLE = (
    "mother", "father", "older sister", "younger brother", "grandmother", "grandfather",
    "partner", "ex-husband", "ex-wife", "best friend from school", "stepfather", "aunt",
    "daughter", "son", "former manager", "childhood dog",
)  # fmt: skip
IMAGES = (
    "an ocean at night", "a forest path in autumn", "a childhood kitchen", "a field of light",
    "a long corridor of doors", "warm water holding the body", "a mountain ridge at dawn",
    "geometric colours folding inward", "a small boat on a still lake", "a house with no roof",
    "snow falling without sound", "a garden left to grow wild",
)  # fmt: skip
RARE = (
    "{first} spoke of a lighthouse keeper from childhood summers, a figure of steadiness.",
    "A brief memory of an accordion played at a wedding surfaced and stayed with {first}.",
)
INTENTIONS = {
    "preparation": (
        "Understand what the medicine sessions will be like and feel safe going in.",
        "Prepare for the first dosing session and agree on a signal for support.",
        "Clarify hopes for treatment and what would count as change.",
    ),
    "dosing": (
        "Meet the heaviness with curiosity instead of fighting it.",
        "Let go of the need to be in control, even for an hour.",
        "Look at the grief about my {person} without turning away.",
        "Find some softness toward myself.",
        "Feel what is underneath the anger.",
        "Rest, and trust the process.",
        "Understand why I keep returning to the same patterns.",
        "Reconnect with my body and feel safe in it.",
    ),
    "integration": (
        "Make sense of what came up in the last session.",
        "Turn the insight about my {person} into one concrete step.",
        "Keep the feeling of openness alive during the week.",
        "Talk through the fear that surfaced and what it protects.",
    ),
}
OPENINGS = {
    "preparation": (
        "{first} attended a preparation session to review the treatment plan and consent.",
        "Preparation session focused on psychoeducation about ketamine and the set and setting.",
        "We reviewed {their} history, current medications and the screening checklist together.",
    ),
    "dosing": (
        "{first} arrived on time, had fasted as instructed and reported sleeping about six hours.",
        "{first} arrived a little anxious and said the week had been demanding at work.",
        "{first} arrived settled and said {their} mood had been steadier since the last session.",
        "Session began with a short check-in and a review of {their} intention.",
    ),
    "integration": (
        "Integration session following the dosing session earlier this week.",
        "{first} returned for integration and wanted to stay with what had come up.",
        "{first} reflected on the days since dosing and what had shifted.",
    ),
}
BODY = {
    "preparation": (
        "We discussed what dissociation may feel like and agreed on grounding cues.",
        "{first} named fears about losing control and we practised slow breathing together.",
        "We talked about {their} {person} and how that relationship shapes {their} expectations.",
        "Music, eyeshades and the option to pause were explained and rehearsed.",
        "{first} asked thoughtful questions about tolerance, driving and the days after dosing.",
        "We agreed on touch boundaries: a hand on the shoulder only when {first} asks for it.",
        "Baseline questionnaires were completed and reviewed with {first}.",
        "We identified supports for the evening after dosing and a plan if distress comes up.",
        "{first} described depressive episodes going back to {their} early twenties.",
        "Prior treatments, including several antidepressants and talk therapy, were reviewed.",
    ),
    "dosing": (
        "Medicine was given by the {route} route, {dose} in total, with eyeshades and music.",
        "Onset was noticed within minutes; {first} described {image}.",
        "{first} spoke of {their} {person} and cried quietly for several minutes.",
        "At the peak {first} was mostly silent, breathing slowly, with occasional sighs.",
        "{first} later described feeling separate from {their} body but not frightened.",
        "A wave of anxiety passed; grounding with the breath and a hand on the shoulder helped.",
        "Time felt stretched; {first} said it seemed like hours had passed.",
        "{first} reported a sense of being held and of the grief becoming lighter.",
        "Mild nausea was noted at the peak and settled without further intervention.",
        "The return to baseline was gradual and calm, with gentle conversation.",
        "{first} described a feeling of connection with everyone in {their} life.",
        "Images of {image} recurred and felt meaningful rather than confusing.",
        "{first} said the usual critical voice was absent for a while, which felt unfamiliar.",
        "Breathing remained regular throughout and {first} responded readily when spoken to.",
    ),
    "integration": (
        "{first} described the dosing session as tender and, at moments, overwhelming.",
        "We explored the image of {image} and what it might represent for {first}.",
        "{first} noticed more patience with {their} {person} during the week.",
        "Sleep has improved and {first} reports less morning dread.",
        "We looked at the shame that surfaced and named where it first appeared.",
        "{first} wrote in a journal most days and brought several passages to read.",
        "We linked the sense of spaciousness from dosing to moments in daily life.",
        "{first} described a conversation with {their} {person} that went differently than usual.",
        "Old habits returned by the weekend, which {first} met with less self-criticism.",
        "We discussed grief as something to carry rather than to solve.",
        "{first} reported walking in nature three times and feeling more present.",
        "We practised a short body scan to reconnect with what was felt during the session.",
    ),
}
GENERAL = (
    "The room was kept dim and warm, with a playlist chosen together beforehand.",
    "{first} drank water afterwards and ate a small snack before leaving.",
    "We ended with a few minutes of quiet and a short grounding exercise.",
    "{first} asked to write down a few words before they faded, which we did together.",
    "There was laughter at one point, which {first} said felt like relief.",
    "{first} said the week ahead felt manageable and named who to call if it did not.",
    "We reviewed the plan for the evening: rest, no screens, an early night.",
    "The conversation moved slowly, with long pauses that felt comfortable.",
)
ASSESSMENTS = (
    "Mood appears brighter and affect more reactive than at baseline.",
    "{first} remains engaged and motivated; no safety concerns were raised today.",
    "Progress is steady; the work on self-compassion is deepening.",
    "Some residual anxiety, but {first} tolerated the session well and reports benefit.",
    "Depressive symptoms are easing, consistent with the questionnaire scores.",
    "Suicidal ideation was screened and denied; the safety plan remains in place.",
)
PLANS = (
    "Continue the series as planned; next session in a few days.",
    "Integration session booked; {first} will keep journalling between sessions.",
    "Review the dose at the next session given today's response.",
    "Repeat questionnaires at the next visit and review with the prescriber.",
    "{first} will try one conversation with {their} {person} before we meet again.",
    "Continue grounding practice daily and contact the clinic if distress rises.",
)
THEME_NOTES = (
    "Came up strongly around {their} {person}.",
    "{first} named this directly and wants to keep working on it.",
    "Linked to the image of {image}.",
    "Discussed with care; more to explore.",
    "Noticed in the body as warmth in the chest.",
    "",
)
EFFECT_NOTES = (
    "", "", "", "brief", "settled with grounding", "at the peak", "noted by the client",
)  # fmt: skip
PAIRS = {"they/them": "their", "she/her": "her", "he/him": "his"}


def fill(text: str, facts: dict[str, str]) -> str:
    """A bank sentence with the client's and the session's facts filled in."""
    return text.format_map(facts)


def facts_for(rng: random.Random, first: str, pronouns: str, **extra: str) -> dict[str, str]:
    """The words a note's sentences are filled with."""
    facts = {
        "first": first,
        "their": PAIRS.get(pronouns, "their"),
        "person": rng.choice(PEOPLE),
        "image": rng.choice(IMAGES),
        "route": "",
        "dose": "",
    }
    facts.update(extra)
    return facts


def _paragraph(rng: random.Random, bank: tuple[str, ...], n: int, facts: dict[str, str]) -> str:
    picked = rng.sample(bank, min(n, len(bank)))
    return " ".join(fill(s, facts) for s in picked)


def intention(rng: random.Random, kind: str, facts: dict[str, str]) -> str:
    """The client's intention for a session, in their words."""
    return fill(rng.choice(INTENTIONS.get(kind, INTENTIONS["integration"])), facts)


def narrative(
    rng: random.Random, kind: str, template: str, facts: dict[str, str]
) -> dict[str, str]:
    """A note of a few hundred words split into the template's sections."""
    bank = BODY.get(kind, BODY["integration"])
    opening = fill(rng.choice(OPENINGS.get(kind, OPENINGS["integration"])), facts)
    picked = [fill(t, facts) for t in rng.sample(bank, min(14, len(bank)))]
    half = len(picked) // 2
    first_half = " ".join(picked[:half])
    second_half = " ".join(picked[half:]) + " " + _paragraph(rng, GENERAL, 3, facts)
    assessment = _paragraph(rng, ASSESSMENTS, 3, facts)
    plan = _paragraph(rng, PLANS, 2, facts)
    if rng.random() < 0.004:
        second_half += " " + fill(rng.choice(RARE), facts)
    if template == "soap":
        return {
            "Subjective": f"{opening} {first_half}",
            "Objective": second_half,
            "Assessment": assessment,
            "Plan": plan,
        }
    if template == "dap":
        return {
            "Data": f"{opening} {first_half} {second_half}",
            "Assessment": assessment,
            "Plan": plan,
        }
    if template == "birp":
        return {
            "Behaviour": opening + " " + first_half,
            "Intervention": second_half,
            "Response": assessment,
            "Plan": plan,
        }
    return {"Note": f"{opening} {first_half}\n\n{second_half}\n\n{assessment} {plan}"}


def theme_note(rng: random.Random, facts: dict[str, str]) -> str:
    """A short note on an integration theme (often empty)."""
    return fill(rng.choice(THEME_NOTES), facts)


def effect_note(rng: random.Random) -> str:
    return rng.choice(EFFECT_NOTES)
