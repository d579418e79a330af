"""The records a therapist keeps: clients, courses, sessions and everything in a session.

Plain dataclasses: no Qt, no SQL. Derived values (total mg, mg/kg, elapsed minutes) are
properties computed from the stored fields, never stored a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from kapnotes.domain.checklist import PreDoseChecklist
from kapnotes.domain.intake import ConsentRecord, EligibilityDecision, Intake
from kapnotes.domain.vocab import template_sections

SCREENING_ANSWERS = ("yes", "no", "not_assessed")


@dataclass
class WeightEntry:
    """A weight in kg and the date it was measured."""

    kg: float
    measured_on: date


@dataclass
class ScreeningItem:
    """One line of the contraindications checklist: yes / no / not_assessed, with a note."""

    item: str
    answer: str = "not_assessed"
    note: str = ""


@dataclass
class Client:
    """A client (or pseudonym) and what every session of theirs needs to know."""

    chart: str
    name: str
    dob: date | None = None
    pronouns: str = ""
    weights: list[WeightEntry] = field(default_factory=list)
    indication: str = ""
    medications: str = ""
    screening: list[ScreeningItem] = field(default_factory=list)
    consent_date: date | None = None
    notes: str = ""
    archived: bool = False
    # The REMS form asks for sex; "female", "male", "other" or "" (not recorded).
    sex: str = ""
    # Other names to redact from de-identified documents (family, employer…), one a line.
    redact_names: str = ""
    id: int | None = None
    # Before the first dose (kapnotes.domain.intake): loaded and saved by the store's intake
    # API, never by save_client. Decisions and consents are insert-only histories.
    intake: Intake | None = None
    eligibility: list[EligibilityDecision] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)

    def weight_on(self, day: date) -> float | None:
        """The most recent weight measured on or before `day` (else the earliest known)."""
        if not self.weights:
            return None
        ordered = sorted(self.weights, key=lambda w: w.measured_on)
        valid = [w for w in ordered if w.measured_on <= day]
        return (valid[-1] if valid else ordered[0]).kg

    def screening_positives(self) -> list[ScreeningItem]:
        """Checklist items answered "yes": each is a warning on every dosing session."""
        return [s for s in self.screening if s.answer == "yes"]

    def age_on(self, day: date) -> int | None:
        """Age in whole years on a given day."""
        if self.dob is None:
            return None
        years = day.year - self.dob.year
        if (day.month, day.day) < (self.dob.month, self.dob.day):
            years -= 1
        return years


@dataclass
class Course:
    """A series of sessions with a purpose: induction, maintenance or booster."""

    client_id: int | None
    purpose: str = "induction"
    start_date: date | None = None
    status: str = "active"
    title: str = ""
    archived: bool = False
    id: int | None = None


@dataclass
class Administration:
    """One dose given: time, route, medication, amount, site or device, who gave it."""

    time: time | None
    route: str
    mg: float | None  # None only while a new row waits for its dose in the editor (never stored)
    medication: str = "racemic"
    site: str = ""
    given_by: str = ""
    note: str = ""
    lot: str = ""  # the controlled-substance lot it was drawn from (kapnotes/domain/ledger.py)
    id: int | None = None
    # A pre-filled dose not given yet (a new session copies the last one as a plan): it counts
    # toward nothing (totals, mg/kg, the live timer) until confirmed, which clears the flag.
    planned: bool = False


@dataclass
class VitalSign:
    """One set of vital signs; any value may be missing."""

    time: time | None
    systolic: int | None = None
    diastolic: int | None = None
    heart_rate: int | None = None
    spo2: int | None = None
    resp_rate: int | None = None
    sedation_scale: str = "moaas"
    sedation_score: int | None = None
    phase: str = "during"  # pre / during / post
    note: str = ""
    id: int | None = None


@dataclass
class EffectObservation:
    """An observed effect with intensity 0 (none) .. 3 (severe) and optional onset time."""

    effect: str
    intensity: int = 1
    time: time | None = None
    note: str = ""
    id: int | None = None


@dataclass
class AdverseEvent:
    """What went wrong, how bad, when, what was done, and how it ended."""

    description: str
    severity: str = "mild"
    time: time | None = None
    interventions: list[str] = field(default_factory=list)
    outcome: str = ""
    note: str = ""
    id: int | None = None


@dataclass
class ThemeTag:
    """An integration theme (vocabulary code or the clinic's own tag) with a note."""

    theme: str
    note: str = ""
    id: int | None = None


@dataclass
class ScaleScore:
    """A rating scale: items as entered (None = missing), or only a total (CADSS)."""

    scale: str
    items: list[int | None] = field(default_factory=list)
    total: float | None = None  # entered total, for total-only scales
    id: int | None = None


@dataclass
class Addendum:
    """A correction or addition after signing: insert-only."""

    text: str
    author: str
    time: datetime
    id: int | None = None


@dataclass
class RemsSubmission:
    """When and how an esketamine session's REMS form was sent (due 7 days after it)."""

    submitted_on: date
    method: str  # "online" or "fax"
    confirmation: str = ""
    recorded_at: datetime | None = None
    recorded_by: str = ""
    id: int | None = None


@dataclass
class Discharge:
    """Discharge readiness: time, criteria met, released to whom."""

    time: time | None = None
    criteria: dict[str, bool] = field(default_factory=dict)
    released_to: str = ""
    note: str = ""

    def is_empty(self) -> bool:
        return self.time is None and not any(self.criteria.values()) and not self.released_to


@dataclass
class DosingDetails:
    """Per-session dosing facts that are not one administration."""

    lot_number: str = ""
    premedication: str = ""
    onset_min: int | None = None
    peak_min: int | None = None
    baseline_min: int | None = None
    sl_disposition: str = ""  # "spat" / "swallowed" for sublingual lozenges
    infusion_end: time | None = None


@dataclass
class RemsDetails:
    """Esketamine REMS form answers that the rest of the session does not hold."""

    concomitant: dict[str, bool | None] = field(default_factory=dict)
    vitals_ok_before: bool | None = None
    vitals_ok_end: bool | None = None
    sedation: bool | None = None
    dissociation: bool | None = None
    respiratory_depression: bool | None = None
    ready_to_leave_min: int | None = None
    monitoring_end: time | None = None
    monitoring_clinician: str = ""  # the one who monitored (a clinician profile's name)


@dataclass
class Session:
    """One session of a course, with all its children."""

    client_id: int | None
    course_id: int | None
    date: date
    kind: str = "dosing"
    number: int | None = None
    start_time: time | None = None
    setting: str = "office"
    clinicians: list[str] = field(default_factory=list)
    intention: str = ""
    template: str = "free"
    narrative: dict[str, str] = field(default_factory=dict)
    administrations: list[Administration] = field(default_factory=list)
    vitals: list[VitalSign] = field(default_factory=list)
    effects: list[EffectObservation] = field(default_factory=list)
    adverse_events: list[AdverseEvent] = field(default_factory=list)
    themes: list[ThemeTag] = field(default_factory=list)
    scales: list[ScaleScore] = field(default_factory=list)
    addenda: list[Addendum] = field(default_factory=list)
    rems_submissions: list[RemsSubmission] = field(default_factory=list)
    dosing: DosingDetails = field(default_factory=DosingDetails)
    discharge: Discharge = field(default_factory=Discharge)
    rems: RemsDetails = field(default_factory=RemsDetails)
    checklist: PreDoseChecklist | None = None  # dosing sessions only
    signed_at: datetime | None = None
    signed_by: str = ""
    signed_credentials: str = ""
    # Typed before signing: why a dose above "check the units" is right, and the
    # acknowledgement of what a dosing note lacks. Both print with the signature.
    units_reason: str = ""
    incomplete_ack: str = ""
    updated_at: datetime | None = None
    id: int | None = None
    # NoteSignature records (kapnotes.domain.signatures), loaded by the store; never saved back.
    signatures: list = field(default_factory=list)

    # -- derived values -------------------------------------------------------------------
    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    @property
    def total_mg(self) -> float:
        """Sum of the doses given in mg (planned doses count toward nothing)."""
        return round(sum(a.mg for a in self.given() if a.mg is not None), 3)

    def given(self) -> list[Administration]:
        """The administrations actually given (not the planned ones)."""
        return [a for a in self.administrations if not a.planned]

    def mg_per_kg(self, client: Client | None) -> float | None:
        """Total dose over the client's weight valid on the session date."""
        if client is None or not self.given():
            return None
        kg = client.weight_on(self.date)
        if not kg:
            return None
        return round(self.total_mg / kg, 3)

    @property
    def route(self) -> str:
        """The route of the first administration ("" when none)."""
        return self.administrations[0].route if self.administrations else ""

    @property
    def medication(self) -> str:
        return self.administrations[0].medication if self.administrations else ""

    @property
    def first_administration_time(self) -> time | None:
        times = [a.time for a in self.given() if a.time is not None]
        return min(times) if times else None

    @property
    def is_esketamine(self) -> bool:
        return any(
            a.route == "in_esk" or a.medication == "esketamine" for a in self.administrations
        )

    def peak_intensity(self, effect: str) -> int:
        """Highest intensity recorded for an effect (0 when not observed)."""
        return max((e.intensity for e in self.effects if e.effect == effect), default=0)

    def minutes_after_first_dose(self, when: time | None) -> int | None:
        """Minutes from the first administration to `when` (same day)."""
        first = self.first_administration_time
        if first is None or when is None:
            return None
        delta = datetime.combine(self.date, when) - datetime.combine(self.date, first)
        return int(delta.total_seconds() // 60)

    def narrative_sections(self) -> list[tuple[str, str]]:
        """The narrative in the template's section order, then any other sections kept."""
        names = template_sections(self.template)
        out = [(n, self.narrative.get(n, "")) for n in names]
        out += [(k, v) for k, v in self.narrative.items() if k not in names and v]
        return out

    def narrative_text(self) -> str:
        """All narrative sections as one text (for search and plain exports)."""
        parts = []
        for name, text in self.narrative_sections():
            if text:
                parts.append(text if len(self.narrative) <= 1 else f"{name}: {text}")
        return "\n\n".join(parts)

    def scale(self, name: str) -> ScaleScore | None:
        for s in self.scales:
            if s.scale == name:
                return s
        return None


def day_order(s: Session) -> tuple:
    """How sessions are ordered everywhere (lists, charts, PDFs): by date, then by number
    within a day (unnumbered last), then start time. Same-day sessions listed 3, 4, 2, 1."""
    return (s.date, s.number is None, s.number or 0, s.start_time or time.min, s.id or 0)
