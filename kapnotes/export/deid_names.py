"""Whose names a de-identified export removes besides the client's own.

Safe Harbor (45 CFR 164.514(b)(2)(i)) removes the names of the client and of their relatives,
employers and household members. A client record names them in three places: the "other
names" list typed for redaction, the intake's responsible adult and emergency contact, and
each session's "released to". And a note can name another client of the practice ("Bob
came with her"), so every client name of the practice is removed from every client's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache

from kapnotes.domain.records import Client, Session
from kapnotes.domain.vocab import vocabulary
from kapnotes.export.scrub import NAME, fold, split_other_names

# Words a contact field holds besides names: who the person is to the client, how they get
# home. Kept in the de-identified "released to" and never taken for a name.
_RELATION_WORDS = (
    "wife husband partner spouse mother father mom mum dad parent parents son daughter child "
    "children sister brother sibling friend aunt uncle cousin grandmother grandfather "
    "grandparent grandma grandpa niece nephew roommate flatmate neighbour neighbor boyfriend "
    "girlfriend fiance fiancé fiancee fiancée guardian caregiver carer stepmother stepfather "
    "stepson stepdaughter in-law mother-in-law father-in-law family relative colleague "
    "coworker co-worker self alone home taxi cab uber lyft rideshare ride car driver shuttle "
    "transport bus train walked walking drove driving picked pick up by with and or of the a "
    "an her his their my our your mr mrs ms mx dr adult responsible contact emergency "
    "phone cell mobile tel work"
)
RELATIONS = frozenset(_RELATION_WORDS.split())
# Never a name: the scrubber's placeholder words (a name "IP" would turn "[IP]" into
# "[[name]]") and months; nor a short all-capitals word (DOB, MRN, MA).
_NOT_NAME_WORDS = (
    "client name email url ip ssn record no number phone address city zip date withheld "
    "january february march april may june july august september october november december"
)
_NOT_NAMES = RELATIONS | frozenset(_NOT_NAME_WORDS.split())
_ASIDE = re.compile(r"\([^)]*\)|\[[^\]]*\]")  # "(wife)", "[name]": never a name
_PEOPLE = re.compile(r"[\n,;/&+]|\s(?:and|or)\s", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")


def contact_names(text: str) -> list[str]:
    """The people a contact field names, one string each: "Marta Quill (wife), 555-0100" ->
    ["Marta Quill"]. A name is the capitalised words that are not relations or titles."""
    out = []
    for part in _PEOPLE.split(_ASIDE.sub(" ", text or "")):
        words = [
            w.strip(".'’-") for w in part.split() if not any(ch.isdigit() or ch == "@" for ch in w)
        ]
        words = [
            w for w in words
            if w and w[0].isupper() and fold(w) not in _NOT_NAMES
            and not (w.isupper() and len(w) <= 3)
        ]  # fmt: skip
        if words:
            out.append(" ".join(words))
    return out


def other_names(client: Client, sessions: Iterable[Session] = ()) -> list[str]:
    """The client's relatives, contacts and employer named in their record: the typed "other
    names", the intake's responsible adult and emergency contact, who each session released
    the client to."""
    names = split_other_names(client.redact_names)
    if client.intake is not None:
        names += contact_names(client.intake.responsible_adult)
        names += contact_names(client.intake.emergency_contact)
    seen: set[str] = set()
    for s in sessions:
        text = s.discharge.released_to
        if text and text not in seen:
            seen.add(text)
            names += contact_names(text)
    return names


@cache
def _builtin_codes(name: str) -> frozenset[str]:
    return frozenset(vocabulary(name).codes())


def scrub_code(vocab: str, value: str, scrub: Callable[[str], str]) -> str:
    """A code of the built-in vocabulary `vocab` as is; anything else (a clinic's own theme,
    an intervention typed in: "Zoë held hand") is typed text, and scrubbed."""
    return value if value in _builtin_codes(vocab) else scrub(value)


def practice_names(practice) -> tuple[str, ...]:
    """Every client name of the practice (archived too), for Scrubber(shared_names=...)."""
    rows = practice.db.execute("SELECT name FROM clients ORDER BY id").fetchall()
    return tuple(sorted({r[0] for r in rows if r[0]}))


def deidentify_released_to(text: str, scrub) -> str:
    """ "Released to" names a relative or household member by definition: scrubbed, then any
    word left that is not a relation ("wife", "taxi") or a placeholder reads [name], so a name
    typed in lower case or unlisted does not survive: "Marta Quill (wife)" -> "[name] (wife)"."""
    if not text:
        return text
    parts = re.split(r"(\[[^\]]*\])", scrub(text))
    for i in range(0, len(parts), 2):  # the even parts are outside the placeholders
        parts[i] = _WORD.sub(lambda m: m[0] if fold(m[0]) in RELATIONS else NAME, parts[i])
    return re.sub(r"\[name\](?:\s+\[name\])+", NAME, "".join(parts))
