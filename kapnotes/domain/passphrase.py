"""How strong a passphrase is: a score, a word for it and one hint, computed offline.

The practice file is protected by this passphrase alone (SQLCipher stretches it, but a guessable
passphrase is still guessed), so the creation dialog refuses anything below "fair".
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 10
FAIR = 2
LABELS = ("very weak", "weak", "fair", "good", "strong")

# The most common passwords of the public breach lists, plus words anyone would try on a KAP
# practice. Compared after lower-casing, undoing look-alike digits and dropping trailing digits
# and symbols, so "P@ssw0rd2024!" counts as "password".
_COMMON_WORDS = """
    123456 1234567 12345678 123456789 1234567890 0987654321 111111 000000 121212 123123 654321
    666666 696969 777777 987654321 abc123 abcd1234 password passw0rd password1 qwerty qwertyuiop
    qwerty123 asdfgh asdfghjkl zxcvbnm letmein welcome iloveyou admin administrator root login
    monkey dragon football baseball basketball soccer hockey sunshine princess master shadow
    superman batman starwars pokemon trustno1 whatever freedom secret changeme default guest
    hello hellothere qazwsx michael jennifer jordan hunter ranger buster thomas robert charlie
    daniel andrew jessica ashley maggie ginger pepper summer winter autumn spring flower
    chocolate cookie cheese computer internet samsung google apple mustang harley corvette
    access killer pussy fuckyou lovely loveme mypassword yourpassword nothing starwars1 zaq12wsx
    1q2w3e4r 1qaz2wsx q1w2e3r4 aa123456 picture1 senha azerty solo thunder orange purple
    passwordpassword iloveyou1 letmeinplease opensesame
    kapnotes kapnotesdemo ketamine ketamine123 esketamine spravato therapy therapist
    psychotherapy clinic practice patient doctor healing integration
"""
COMMON = frozenset(_COMMON_WORDS.split())

_LOOKALIKE = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "3": "e", "$": "s", "5": "s"})
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class PassphraseStrength:
    """A 0–4 score with its label ("very weak" … "strong") and one hint to improve it."""

    score: int
    label: str
    hint: str

    @property
    def acceptable(self) -> bool:
        """At least "fair": strong enough to protect a practice."""
        return self.score >= FAIR


def _normal_forms(text: str) -> set[str]:
    lowered = text.lower().strip()
    squeezed = "".join(ch for ch in lowered if ch.isalnum())
    forms = {lowered, squeezed, squeezed.translate(_LOOKALIKE)}
    for form in list(forms):
        stripped = form.rstrip("0123456789!?.#*_-+ ")
        forms.update((stripped, stripped.translate(_LOOKALIKE)))
        forms.add(form.translate(_LOOKALIKE).rstrip("0123456789!?.#*_-+ "))
    return {f for f in forms if f}


def is_common(text: str) -> bool:
    """True when the passphrase is (a light disguise of) a very common password."""
    return any(form in COMMON for form in _normal_forms(text))


def _common_part(text: str) -> str:
    """The longest common password (6+ letters) hidden inside the text, or ""."""
    lowered = text.lower().translate(_LOOKALIKE)
    found = [word for word in COMMON if len(word) >= 6 and word in lowered]
    return max(found, key=len, default="")


def _longest_run(text: str) -> int:
    best = run = 1 if text else 0
    for previous, current in zip(text, text[1:], strict=False):
        run = run + 1 if current == previous else 1
        best = max(best, run)
    return best


def _has_sequence(text: str, length: int = 4) -> bool:
    lowered = text.lower()
    for row in _ROWS:
        for source in (row, row[::-1]):
            for start in range(len(source) - length + 1):
                if source[start : start + length] in lowered:
                    return True
    return False


def _variety(text: str) -> int:
    classes = (
        any(c.islower() for c in text),
        any(c.isupper() for c in text),
        any(c.isdigit() for c in text),
        any(not c.isalnum() for c in text),
    )
    return sum(classes)


def _result(score: int, hint: str) -> PassphraseStrength:
    score = max(0, min(4, score))
    return PassphraseStrength(score, LABELS[score], hint)


def passphrase_strength(text: str) -> PassphraseStrength:
    """Score a passphrase 0–4 from its length, variety, common words, repeats and sequences."""
    if not text:
        return _result(0, "Type a passphrase: a few unrelated words work well.")
    if is_common(text):
        return _result(0, "This is one of the most common passwords: choose something personal.")
    length = len(text)
    if length < MIN_LENGTH:
        return _result(
            0 if length < 6 else 1,
            f"Use at least {MIN_LENGTH} characters ({length} so far): "
            "a few unrelated words work well.",
        )
    score = 2 if length < 14 else 3 if length < 20 else 4
    variety = _variety(text)
    if variety >= 3:
        score += 1
    problems = []
    if _longest_run(text) >= 3:
        score -= 1
        problems.append("Avoid repeating the same character.")
    distinct = len(set(text.lower()))
    if distinct <= max(3, length // 4):
        # A handful of characters repeated is guessed as fast as a short password.
        score = min(score - 1, 1) if distinct <= 3 else score - 1
        problems.append("Avoid repeating the same few characters.")
    if _has_sequence(text):
        score -= 1
        problems.append("Avoid runs like “abcd”, “1234” or “qwerty”.")
    common = _common_part(text)
    if common:
        # What is left once the common word is guessed is what really protects the file.
        score = min(score - 1, 1) if length - len(common) < 6 else score - 1
        problems.append("It contains a very common password.")
    if problems:
        return _result(score, " ".join(problems))
    if score >= 4:
        return _result(score, "Strong passphrase.")
    if variety == 1 and score < 3:
        return _result(score, "Longer is stronger: add another word, a capital or a digit.")
    return _result(score, "Longer is stronger: add another unrelated word.")
