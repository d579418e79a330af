"""A finding of the rule set: its blocking level, its clinical severity, its field and message.

`level` says what a finding does (an "error" refuses, a "warning" never blocks); `severity`
says how much it matters to the clinician: error, urgent, warning or caution. The editor's
findings list, live mode, the PDFs' Checks table and the CLI all print the severity.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
URGENT = "urgent"
CAUTION = "caution"
SEVERITY_ORDER = {ERROR: 0, URGENT: 1, WARNING: 2, CAUTION: 3}


@dataclass(frozen=True)
class Finding:
    """One problem: level "error" or "warning", the field it concerns, a human message."""

    level: str
    field: str
    message: str
    code: str
    severity: str = ""  # "" = the level itself

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def shown_severity(self) -> str:
        """error / urgent / warning / caution: what the Checks table and the lists show."""
        return self.severity or self.level

    @property
    def is_urgent(self) -> bool:
        return self.shown_severity == URGENT


def by_severity(findings: list[Finding]) -> list[Finding]:
    """Errors first, then urgent, warning and caution findings (stable within each)."""
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.shown_severity, 9))
