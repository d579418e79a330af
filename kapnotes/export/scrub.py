"""Scrubbing typed text of HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)).

Names (the client's and the other names their record lists: family, employer, city…) match
whatever the case and the accents ("josé", "Jose", "JOSÉ"), with possessives and hyphenated
parts; then patterns remove phone numbers, emails, SSNs, ZIP codes, street addresses, URLs,
IP addresses, record numbers, dates in the usual forms, ages over 89 and long numbers.

Patterns cannot know every identifier (a nickname, a town named in passing): the document
says so, and free text must still be read before it is shared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

CLIENT = "[client]"
NAME = "[name]"
_MIN_PART = 2  # a one-letter initial would hit every "a" of a note
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-", "–": "-"})

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_STREET_WORDS = (
    r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|"
    r"terrace|ter|circle|cir|highway|hwy|parkway|pkwy|square|sq|trail|trl|crescent|close)"
)
_RECORD_WORDS = (
    r"(?:mrn|medical record(?: number| no\.?| #)?|record(?: number| no\.?| #)|chart(?: number| no\.?| #)|"
    r"account(?: number| no\.?| #)?|acct\.?|member id|member(?: number| no\.?)|policy(?: number| no\.?| #)?|"
    r"health plan(?: number| id)?|insurance(?: number| id)|licen[cs]e(?: number| no\.?| #)?|"
    r"driver'?s licen[cs]e|dl|plate(?: number)?|vin|serial(?: number| no\.?)?|device id|"
    r"npi|dea(?: number| no\.?)?|patient id|case(?: number| no\.?))"
)

# Cities: Safe Harbor removes every place smaller than a state, and keeps the state. A city is
# one to three capitalised words before ", ST", " ST" or a state's name. Abbreviations that are
# also credentials or words (MD, MA, PA, OK, IN…) count without a comma only before a ZIP code.
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming|District of Columbia|Puerto Rico"
)
_AMBIGUOUS_STATES = "AL|CO|CT|DE|GA|HI|ID|IN|LA|MA|MD|ME|MO|MS|MT|NE|OH|OK|OR|PA|SC"
_PLAIN_STATES = (
    "AK|AZ|AR|CA|DC|FL|IL|IA|KS|KY|MI|MN|NV|NH|NJ|NM|NY|NC|ND|PR|RI|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY"
)
_CITY = r"\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+\.?(?:[ -][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+){0,2}"
_ZIP_AHEAD = r"\s+(?:\d{5}|\[ZIP\])"

# (pattern, placeholder), applied in order: what contains digits or names goes first.
# The first _TEXT_PATTERNS need no digit; every later one does (text without a digit skips them).
_TEXT_PATTERNS = 5
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "[email]"),
    (re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>\"]+"), "[URL]"),
    (
        re.compile(
            r"(?i)\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|io|co|us|uk|ca|info|biz|me|health)(?:/[^\s<>\"]*)?\b"
        ),
        "[URL]",
    ),  # fmt: skip
    (
        re.compile(
            rf"{_CITY},\s*(?=(?:{_AMBIGUOUS_STATES}|{_PLAIN_STATES}|{_STATE_NAMES})(?![\w-]))"
        ),
        "[city], ",
    ),  # fmt: skip
    (
        re.compile(
            rf"{_CITY}\s+(?=(?:{_PLAIN_STATES}|{_STATE_NAMES})(?![\w-])|(?:{_AMBIGUOUS_STATES}){_ZIP_AHEAD}\b)"
        ),
        "[city] ",
    ),  # fmt: skip
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[IP]"),
    (
        re.compile(
            r"(?i)(?<![\w:])(?:(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4})(?![\w:])"
        ),
        "[IP]",
    ),  # fmt: skip
    (
        re.compile(
            r"(?i)\b(?:ssn|social security(?: number| no\.?)?)\s*[:#]?\s*\d{3}[- ]?\d{2}[- ]?\d{4}\b"
        ),
        "[SSN]",
    ),  # fmt: skip
    (re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), "[SSN]"),
    (
        re.compile(rf"(?i)\b{_RECORD_WORDS}\s*[:#]?\s*(?:is\s+)?[A-Z0-9][A-Z0-9./-]*\d[A-Z0-9-]*"),
        "[record no.]",
    ),  # fmt: skip
    # Dates: ISO, numeric with a year, month names with a day and/or a year.
    (re.compile(r"\b\d{4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])\b"), "[date]"),
    (
        re.compile(
            r"\b(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.](?:\d{4}|\d{2})\b"
        ),
        "[date]",
    ),  # fmt: skip
    (re.compile(rf"(?i)\b{_DAY}(?:\s+of)?\s+{_MONTHS}(?:,?\s+\d{{4}})?\b"), "[date]"),
    (re.compile(rf"(?i)\b{_MONTHS}\s+{_DAY}(?:,?\s+\d{{4}})?\b"), "[date]"),
    (re.compile(rf"(?i)\b{_MONTHS}\s+\d{{4}}\b"), "[date]"),
    # Phones: North American and international forms, 7 to 15 digits with separators.
    (
        re.compile(
            r"(?<![\w/])(?:\+?\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?\b"
        ),
        "[phone]",
    ),  # fmt: skip
    (re.compile(r"(?<![\w/])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,5}\b"), "[phone]"),
    (re.compile(r"(?<![\w/.:])\d{3}-\d{4}\b"), "[phone]"),
    # Street addresses, PO boxes and units; "City, ST 12345".
    (
        re.compile(
            rf"(?i)\b\d{{1,6}}[A-Z]?\s+(?:[\w'.-]+\s+){{0,4}}{_STREET_WORDS}\b\.?(?:,?\s*(?:apt|unit|suite|ste|#)\.?\s*[\w-]+)?"
        ),
        "[address]",
    ),  # fmt: skip
    (re.compile(r"(?i)\bp\.?\s?o\.?\s+box\s+\d+\b"), "[address]"),
    (re.compile(r"(?i)\b(?:apt|apartment|unit|suite)\.?\s*#?\s*\d+[A-Z]?\b"), "[address]"),
    (
        re.compile(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2},\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"),
        "[address]",
    ),  # fmt: skip
    (re.compile(r"\b\d{5}(?:-\d{4})?\b"), "[ZIP]"),
    # Ages over 89 become "90 or older" (the whole phrase, so no exact age survives).
    (
        re.compile(r"(?i)\b(?:9\d|1[0-4]\d)(?:[- ]?(?:years?|yrs?)[- ]?old|[- ]?y/?o)\b"),
        "90 or older",
    ),  # fmt: skip
    (re.compile(r"(?i)\b(?:age|aged)\s*:?\s*(?:9\d|1[0-4]\d)\b"), "aged 90 or older"),
    # Any other long number is someone's identifier until shown otherwise.
    (re.compile(r"\b\d{6,}\b"), "[number]"),
]


@cache
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    folded = base.casefold()
    return folded if len(folded) == 1 else ch.lower() if len(ch.lower()) == 1 else ch


_DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """Case- and accent-free text of the same length (one character for one character), so a
    match in the folded text is a match at the same place in the original."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.lower()  # one character for one character in ASCII
    return "".join(map(_fold_char, text))


def name_variants(names: Iterable[str]) -> list[str]:
    """Folded forms to find: each whole name, each word of it, and each hyphen or apostrophe
    part ("O'Brien" whole and "Brien"; "Quinn-Testperson", "Quinn", "Testperson")."""
    found: set[str] = set()
    for name in names:
        name = " ".join(fold(name).split())
        if not name:
            continue
        found.add(name)
        for word in name.split():
            word = word.strip(',.;:()"<>&')
            for piece in {word, *word.split("-")}:
                # "o'brien", "obrien" and "brien": typed with or without the apostrophe.
                for part in {piece, piece.replace("'", ""), *piece.split("'")}:
                    if len(part) >= _MIN_PART:
                        found.add(part)
    # Longest first, so the whole name becomes one placeholder rather than two.
    return sorted(found, key=len, reverse=True)


def _names_body(names: Iterable[str]) -> str | None:
    variants = name_variants(names)
    return _trie_body(variants) if variants else None


def _trie_body(words: list[str]) -> str:
    """One pattern matching any of `words`, longest first, as a trie ("bob(?: smith)?|ann"):
    a practice's every client name is thousands of words, and a flat alternation would try
    each of them at every word of every note."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # Greedy: the longer name is tried first, a shorter one when the longer cannot end.
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


@lru_cache(maxsize=4)
def _shared_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """The names every document of one export redacts (all the practice's clients): compiled
    once per export, not once per client."""
    body = _names_body(names)
    return re.compile(rf"(?<!\w)(?P<other>(?:{body})(?:'s|')?)(?!\w)") if body else None


def split_other_names(text: str) -> list[str]:
    """The client record's other names to redact: one a line, or separated by commas/semicolons."""
    return [p.strip() for p in re.split(r"[\n,;]+", text or "") if p.strip()]


class Scrubber:
    """Replaces Safe Harbor identifiers in typed text; made once per document."""

    def __init__(
        self,
        client_name: str,
        other_names: Iterable[str] = (),
        literals: Iterable[str] = (),
        shared_names: tuple[str, ...] = (),
    ):
        """`other_names`: this client's relatives, contacts, employer…; `shared_names`: the
        names every client's documents redact (the practice's clients), applied after the
        client's own so the client's name still reads [client]."""
        self._shared = _shared_pattern(tuple(shared_names)) if shared_names else None
        groups = []
        # Exact strings the record holds (the chart number), then the names; longest first
        # within each, and a possessive ('s) or trailing apostrophe goes with a name.
        lits = sorted({fold(x) for x in literals if x and len(x.strip()) >= 2}, key=len, reverse=True)  # fmt: skip
        if lits:
            groups.append(f"(?P<lit>{'|'.join(map(re.escape, lits))})")
        for group, names in (("client", [client_name]), ("other", list(other_names))):
            body = _names_body(names)
            if body:
                groups.append(f"(?P<{group}>(?:{body})(?:'s|')?)")
        self._names = re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)") if groups else None
        self._memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        """The text with every identifier the patterns know replaced by a placeholder."""
        if not text:
            return text
        done = self._memo.get(text)
        if done is not None:
            return done  # a phrase a course repeats is scrubbed once
        original = text
        text = "\n".join(map(_scrub_line, text.split("\n")))
        if self._names is not None:
            text = _sub_folded(self._names, text)
        if self._shared is not None:
            text = _sub_folded(self._shared, text)
        if len(self._memo) < 10_000:
            self._memo[original] = text
        return text


_PLACEHOLDERS = {"lit": "[record no.]", "client": CLIENT, "other": NAME}


_MONTH_HINTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_TLD_HINTS = (".com", ".org", ".net", ".edu", ".gov", ".io", ".co", ".us", ".uk", ".ca", ".info", ".biz", ".me", ".health")  # fmt: skip
_RECORD_HINTS = ("mrn", "record", "chart", "account", "acct", "member", "policy", "plan", "insurance", "licen", "dl", "plate", "vin", "serial", "device", "npi", "dea", "patient", "case")  # fmt: skip
# Per pattern: substrings (of the lower-cased line) one of which a match must contain; a line
# without any skips the pattern. Cheap `in` tests spare long notes two dozen regex scans.
_HINTS: list[tuple[str, ...]] = [
    ("@",), ("://", "www."), _TLD_HINTS, (), (), (".",), (":",), ("ssn", "social security"), ("-",),
    _RECORD_HINTS, ("-", "/", "."), ("-", "/", "."), _MONTH_HINTS, _MONTH_HINTS, _MONTH_HINTS,
    (), ("+",), ("-",), (), ("box",), ("apt", "apartment", "unit", "suite"), (",",), (),
    ("y",), ("age",), (),
]  # fmt: skip


def _scrub_line(line: str) -> str:
    """The patterns on one line, each only where its hint occurs; every pattern after the
    first _TEXT_PATTERNS needs a digit too."""
    if not line:
        return line
    digits = _DIGIT.search(line) is not None
    lower = line.lower()
    for i, (pattern, placeholder) in enumerate(_PATTERNS):
        if i >= _TEXT_PATTERNS and not digits:
            break
        hints = _HINTS[i]
        if hints and not any(h in lower for h in hints):
            continue
        changed = pattern.sub(placeholder, line)
        if changed != line:
            line, lower = changed, changed.lower()
            digits = _DIGIT.search(line) is not None
    return line


def _sub_folded(pattern: re.Pattern[str], text: str) -> str:
    """Replace the matches found in the folded text at the same places in the original."""
    matches = list(pattern.finditer(fold(text)))
    for m in reversed(matches):
        start, end = m.span()
        text = text[:start] + _PLACEHOLDERS[m.lastgroup] + text[end:]
    return text
