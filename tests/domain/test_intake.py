"""Intake, eligibility, consent and the pre-dose checklist: the domain rules."""

from __future__ import annotations

from datetime import date, datetime, time

from kapnotes.domain.checklist import PreDoseChecklist, checklist_rules, fasting_problem
from kapnotes.domain.intake import (
    ABSOLUTE,
    CONTRAINDICATIONS,
    ELIGIBLE,
    NOT_ELIGIBLE,
    WITH_PRECAUTIONS,
    ConsentRecord,
    EligibilityDecision,
    blank_intake,
    consent_reminders,
    current_consent,
    decision_problem,
    intake_problems,
    signature_problem,
)
from kapnotes.domain.records import Administration, Client, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.validation import validate_session

DAY = date(2026, 5, 1)
SIG = [[(0, 0), (10, 5), (20, 10)], [(30, 0), (40, 20), (50, 5)]]


def consent(on=date(2026, 4, 1), version=1, withdrawn=None) -> ConsentRecord:
    return ConsentRecord("KAP consent", version, on, SIG, "Dr P", withdrawn_on=withdrawn)


def decision(kind=ELIGIBLE, when=datetime(2026, 4, 2, 9, 0)) -> EligibilityDecision:
    return EligibilityDecision(kind, when, "Dr P", "MD", precautions="BP" if kind == WITH_PRECAUTIONS else "")  # fmt: skip


def dosing(**kw) -> Session:
    s = Session(client_id=1, course_id=1, date=DAY, start_time=time(9, 0), **kw)
    s.administrations = [Administration(time(9, 10), "im", 40.0)]
    return s


def codes(s: Session, c: Client) -> dict[str, bool]:
    return {f.code: f.is_urgent for f in validate_session(s, c, PracticeSettings(), today=DAY)}


def test_the_intake_lists_every_contraindication_of_the_domain_with_its_kind():
    intake = blank_intake()
    assert len(intake.items) == len(CONTRAINDICATIONS) == 15
    assert {i.item for i in intake.items if i.kind == ABSOLUTE} >= {"pregnancy", "active_psychosis_mania"}  # fmt: skip
    assert all(i.answer == "not_assessed" for i in intake.items)
    intake.items[3].answer = "yes"
    assert [i.item for i in intake.positives(ABSOLUTE)] == ["pregnancy"]
    intake.items[0].answer = "maybe"
    intake.sex = "robot"
    assert len(intake_problems(intake)) == 2


def test_a_dosing_session_without_a_signed_eligible_decision_is_urgent():
    client = Client("C1", "Ann", consent_date=date(2026, 4, 1))
    assert codes(dosing(), client)["eligibility_missing"] is True
    client.eligibility = [decision(NOT_ELIGIBLE)]
    assert codes(dosing(), client)["not_eligible"] is True
    client.eligibility.append(decision(ELIGIBLE, datetime(2026, 4, 20, 9, 0)))
    assert "not_eligible" not in codes(dosing(), client)
    # A decision made after the session does not cover it.
    client.eligibility = [decision(ELIGIBLE, datetime(2026, 5, 2, 9, 0))]
    assert "eligibility_missing" in codes(dosing(), client)
    # Never on a non-dosing session.
    assert "eligibility_missing" not in codes(Session(1, 1, DAY, kind="integration"), client)


def test_a_dosing_session_without_current_consent_is_urgent():
    client = Client("C1", "Ann", eligibility=[decision()])
    assert codes(dosing(), client)["no_consent"] is True
    client.consents = [consent(withdrawn=date(2026, 4, 20))]
    assert codes(dosing(), client)["consent_not_current"] is True
    client.consents = [consent(on=date(2025, 1, 1))]  # older than a year
    assert "consent_not_current" in codes(dosing(), client)
    client.consents = [consent()]
    found = codes(dosing(), client)
    assert "consent_not_current" not in found and "no_consent" not in found


def test_current_consent_and_reminders():
    old, new = consent(date(2025, 6, 1)), consent(date(2026, 4, 1))
    assert current_consent([old, new], DAY) is new
    assert current_consent([old], DAY, valid_days=300) is None
    assert current_consent([old], DAY, valid_days=365) is old
    assert consent_reminders([], {}, DAY) == ["No informed consent on file."]
    assert "withdrawn" in consent_reminders([consent(withdrawn=DAY)], {}, DAY)[0]
    reminders = consent_reminders([new], {"KAP consent": 3}, DAY)
    assert reminders == ["KAP consent has a newer version (v3); the client signed v1."]
    assert "days old" in consent_reminders([old], {}, DAY, valid_days=300)[0]


def test_bad_decisions_and_signatures_get_a_clear_message():
    assert "precautions" in decision_problem(WITH_PRECAUTIONS, "  ")
    assert decision_problem("maybe", "") is not None
    assert decision_problem(ELIGIBLE, "") is None
    assert "empty" in signature_problem([])
    assert "too short" in signature_problem([[(1, 1)]])
    assert signature_problem([[(1, "x")] * 6]) is not None
    assert signature_problem(SIG) is None


def test_fasting_hours_negative_or_implausible_are_errors_short_ones_warn():
    assert "negative" in fasting_problem(-1)
    assert "implausible" in fasting_problem(200)
    assert fasting_problem(6) is None and fasting_problem(None) is None
    rules = checklist_rules(PreDoseChecklist(fasting_hours=2), "dosing")
    assert ("warning", "checklist.fasting_hours") in [(r[0], r[1]) for r in rules]
    rules = checklist_rules(PreDoseChecklist(fasting_hours=-3), "dosing")
    assert ("error", "fasting_range") in [(r[0], r[3]) for r in rules]


def test_unchecked_items_are_warnings_never_errors():
    rules = checklist_rules(PreDoseChecklist(fasting_hours=6), "dosing")
    assert rules and all(r[0] == "warning" for r in rules)
    assert sum(r[3] == "checklist_gap" for r in rules) == 7  # 6 checks + pregnancy test
    full = PreDoseChecklist(
        fasting_hours=6, transport_arranged=True, transport_by="Sam", no_driving_acknowledged=True,
        vitals_in_range=True, pregnancy_test="negative", intention_set=True, consent_current=True,
        eligibility_signed=True, medications_today={"lamotrigine": True},
    )  # fmt: skip
    assert [r[3] for r in checklist_rules(full, "dosing")] == ["medication_today"]
    assert [r[3] for r in checklist_rules(None, "dosing")] == ["checklist_missing"]


def test_a_checklist_on_a_non_dosing_session_is_an_error_and_is_kept():
    s = Session(1, 1, DAY, kind="integration", checklist=PreDoseChecklist(fasting_hours=5))
    found = validate_session(s, None, today=DAY)
    assert [f.code for f in found if f.is_error] == ["checklist_not_dosing"]
    assert s.checklist.fasting_hours == 5
