"""Reading a one-line vital-signs entry: "128/82 76 98" (BP, HR, SpO2), then optional more.

Plain Python (no Qt) so the grammar is tested on its own. Accepted after the blood pressure,
in order: heart rate, SpO2, respiratory rate; anywhere: "s4" / "moaas 4" / "rass -1" for a
sedation score, and "pre" / "during" / "post" for the phase.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from kapnotes.domain.records import VitalSign
from kapnotes.domain.settings import VitalThresholds
from kapnotes.domain.validation import validate_vital

EXAMPLE = "128/82 76 98"
_BP = re.compile(r"^(\d{2,3})/(\d{2,3})$")
_SEDATION = re.compile(r"^(s|sed|moaas|rass)(-?\d)?$")
PHASES = ("pre", "during", "post")


class VitalsLineError(ValueError):
    """A line that cannot be read or holds an impossible value; the message says which."""


@dataclass(frozen=True)
class ParsedVitals:
    """What the line said; phase None when the line did not name one."""

    systolic: int | None
    diastolic: int | None
    heart_rate: int | None
    spo2: int | None
    resp_rate: int | None = None
    sedation_scale: str = "moaas"
    sedation_score: int | None = None
    phase: str | None = None

    def to_vital(self, when: time | None, default_phase: str) -> VitalSign:
        """A VitalSign at `when` (the line's phase, else `default_phase`)."""
        return VitalSign(
            time=when,
            systolic=self.systolic,
            diastolic=self.diastolic,
            heart_rate=self.heart_rate,
            spo2=self.spo2,
            resp_rate=self.resp_rate,
            sedation_scale=self.sedation_scale,
            sedation_score=self.sedation_score,
            phase=self.phase or default_phase,
        )


def parse_vitals_line(text: str, t: VitalThresholds | None = None) -> ParsedVitals:
    """Read a vitals line; raises VitalsLineError with a one-line message on bad input."""
    t = t or VitalThresholds()
    # "128 / 82" and "98%" are how people write vitals on paper: read them, do not refuse.
    text = re.sub(r"\s*/\s*", "/", text.strip().lower())
    text = re.sub(r"(?<![/\d])(\d{2,3})\s*%", r"\1", text)  # SpO2 only, never the BP
    tokens = [tok for tok in re.split(r"[\s,;]+", text) if tok]
    if not tokens:
        raise VitalsLineError(f"Type the vitals, e.g. {EXAMPLE} (BP, heart rate, SpO2).")
    systolic = diastolic = None
    numbers: list[int] = []
    sedation_scale, sedation = "moaas", None
    phase = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        bp = _BP.match(tok)
        sed = _SEDATION.match(tok)
        if bp:
            if systolic is not None:
                raise VitalsLineError("Two blood pressures on one line: enter one reading.")
            systolic, diastolic = int(bp.group(1)), int(bp.group(2))
        elif tok in PHASES:
            phase = tok
        elif sed:
            sedation_scale = "rass" if sed.group(1) == "rass" else "moaas"
            number = sed.group(2)
            if number is None and i + 1 < len(tokens) and re.fullmatch(r"-?\d", tokens[i + 1]):
                i += 1
                number = tokens[i]
            if number is None:
                raise VitalsLineError(f"“{tok}” needs a sedation score, e.g. s5 or rass -1.")
            sedation = int(number)
        elif tok.isdigit():
            numbers.append(int(tok))
        else:
            raise VitalsLineError(
                f"Could not read “{tok[:12]}”: type e.g. {EXAMPLE} (BP, heart rate, SpO2)."
            )
        i += 1
    if len(numbers) > 3:
        raise VitalsLineError("Too many numbers: BP, heart rate, SpO2 and resp. rate at most.")
    if systolic is None and not numbers and sedation is None:
        raise VitalsLineError(f"No reading found: type e.g. {EXAMPLE}.")
    hr, spo2, rr = (numbers + [None, None, None])[:3]
    parsed = ParsedVitals(systolic, diastolic, hr, spo2, rr, sedation_scale, sedation, phase)
    # The one rule set (domain.validation), as in the editor and the PDFs: BP 300/20 is
    # impossible everywhere, never "urgent" here and impossible there.
    errors = [f for f in validate_vital(parsed.to_vital(None, "during"), t) if f.is_error]
    if errors:
        raise VitalsLineError(errors[0].message)
    return parsed


def format_vitals(v: VitalSign) -> str:
    """A reading as one line, the same grammar the entry accepts (for corrections)."""
    parts = []
    if v.systolic is not None and v.diastolic is not None:
        parts.append(f"{v.systolic}/{v.diastolic}")
    parts += [str(n) for n in (v.heart_rate, v.spo2, v.resp_rate) if n is not None]
    if v.sedation_score is not None:
        parts.append(f"{'rass' if v.sedation_scale == 'rass' else 's'}{v.sedation_score}")
    return " ".join(parts)


def describe_vitals(v: VitalSign) -> str:
    """A reading in words for the timeline: BP 128/82 · HR 76 · SpO2 98%."""
    parts = []
    if v.systolic is not None and v.diastolic is not None:
        parts.append(f"BP {v.systolic}/{v.diastolic}")
    if v.heart_rate is not None:
        parts.append(f"HR {v.heart_rate}")
    if v.spo2 is not None:
        parts.append(f"SpO2 {v.spo2}%")
    if v.resp_rate is not None:
        parts.append(f"RR {v.resp_rate}")
    if v.sedation_score is not None:
        parts.append(f"{'RASS' if v.sedation_scale == 'rass' else 'MOAA/S'} {v.sedation_score}")
    return " · ".join(parts) or "—"
