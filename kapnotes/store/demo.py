"""A realistic fictional practice, the same for the same seed: the demo and the benchmark data.

Each client has an induction series (preparation, then dosing and integration sessions in
turn) and, for longer histories, maintenance courses; questionnaire scores improve over the
course (most clients respond); past notes are signed, the latest ones are still drafts.
Everything is written through kapnotes.store.transfer in one transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from kapnotes.domain.records import (
    Addendum,
    Client,
    Course,
    RemsSubmission,
    ScaleScore,
    Session,
    ThemeTag,
)
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.vocab import vocabulary
from kapnotes.store import demo_text as text
from kapnotes.store.demo_accounts import add_demo_users, sign_demo_notes
from kapnotes.store.demo_dosing import ClientPlan, add_dosing, pick_route
from kapnotes.store.demo_intake import add_demo_intake, sign_demo_intake
from kapnotes.store.demo_ledger import assign_lots, post_demo_ledger
from kapnotes.store.demo_people import DEMO_SETTING, demo_clinicians, make_client
from kapnotes.store.practice import Practice
from kapnotes.store.transfer import ClientBundle, TransferSummary, insert_bundles

# A fixed "today" keeps the demo identical for a seed whatever day it is built.
DEMO_TODAY = date(2026, 11, 20)
INDUCTION_PAIRS = 6  # dosing + integration pairs after the preparation session
MAINTENANCE_PAIRS = 4
TEMPLATES = ("free", "free", "soap", "dap", "birp")
THEMES_BY_INDICATION = {
    "trd": ("grief", "self_compassion", "meaning", "insight", "acceptance", "relationships"),
    "ptsd": ("trauma", "fear", "body_awareness", "shame", "childhood", "agency"),
    "anxiety": ("fear", "body_awareness", "acceptance", "coping", "insight"),
    "sud": ("substance_use", "coping", "behaviour_change", "shame", "family"),
    "ocd": ("fear", "acceptance", "coping", "identity"),
    "other": ("insight", "meaning", "connectedness", "identity"),
}
ALL_THEMES = tuple(vocabulary("themes").codes())


def _schedule(rng: random.Random, total: int) -> list[tuple[int, str, int, int]]:
    """(course number, kind, number in course, day offset) for `total` sessions in order."""
    out: list[tuple[int, str, int, int]] = []
    day, course, number = 0, 0, 0
    kinds = ["preparation"] + ["dosing", "integration"] * INDUCTION_PAIRS
    while len(out) < total:
        if number >= len(kinds):
            course, number = course + 1, 0
            kinds = ["dosing", "integration"] * MAINTENANCE_PAIRS
            day += rng.randint(21, 42)
        kind = kinds[number]
        if out:
            if kind == "integration":
                day += rng.randint(1, 2)
            elif course == 0:
                day += rng.randint(3, 5) if number > 1 else rng.randint(5, 10)
            elif number > 0:
                day += rng.randint(20, 35)
        number += 1
        out.append((course, kind, number, day))
    return out


def _items(rng: random.Random, total: int, n: int, top: int, skip: tuple[int, ...] = ()) -> list:
    """n item scores (0..top) adding up to `total` (capped), none on the `skip` items."""
    items = [0] * n
    open_items = [i for i in range(n) if i not in skip]
    total = max(0, min(total, top * len(open_items)))
    while total > 0:
        i = rng.choice(open_items)
        if items[i] < top:
            items[i] += 1
            total -= 1
    return items


class _Trajectory:
    """A client's questionnaire scores from baseline toward their end point."""

    def __init__(self, rng: random.Random, indication: str):
        self.rng = rng
        self.phq = rng.randint(13, 24)
        self.gad = rng.randint(8, 18)
        self.pcl = rng.randint(36, 62) if indication == "ptsd" else None
        self.factor = rng.uniform(0.2, 0.5) if rng.random() < 0.65 else rng.uniform(0.7, 0.95)
        self.ideation = rng.random() < 0.15

    def at(self, progress: float, with_pcl: bool) -> list[ScaleScore]:
        rng = self.rng

        def value(base: int) -> int:
            target = base * (1 - (1 - self.factor) * min(progress, 1.0))
            return max(0, round(target + rng.uniform(-2, 2)))

        phq_items = _items(rng, value(self.phq), 9, 3, skip=(8,))
        if self.ideation and progress < 0.4:
            phq_items[8] = 1
        scores = [
            ScaleScore("phq9", phq_items),
            ScaleScore("gad7", _items(rng, value(self.gad), 7, 3)),
        ]
        if with_pcl and self.pcl is not None:
            scores.append(ScaleScore("pcl5", _items(rng, value(self.pcl), 20, 4)))
        return scores


ADDENDA = (
    "Addendum: the client called the next day; sleeping well, no lingering effects.",
    "Correction: the second vital-sign reading was taken at +45 min, not +40 min.",
    "Addendum: the client's partner confirmed a safe journey home; no driving until next day.",
    "Addendum: reviewed with the prescriber; the next dose stays the same.",
)


def _sign(rng: random.Random, s: Session, author, today: date) -> None:
    start = datetime.combine(s.date, s.start_time)
    if s.date > today - timedelta(days=7) or rng.random() < 0.01:
        s.updated_at = start + timedelta(hours=2, minutes=rng.randint(0, 50))
        return  # still a draft: recent, or (rarely) an older note nobody signed yet
    # A note is signed after the session is over: after discharge and the end of monitoring.
    ends = [start + timedelta(hours=1)]
    ends += [datetime.combine(s.date, t) for t in (s.discharge.time, s.rems.monitoring_end) if t]
    s.signed_at = max(ends) + timedelta(minutes=rng.randint(10, 59), hours=rng.randint(0, 26))
    s.signed_by, s.signed_credentials = author.name, author.credentials
    s.updated_at = s.signed_at
    if rng.random() < 0.06:
        s.addenda.append(
            Addendum(rng.choice(ADDENDA), author.name, s.signed_at + timedelta(days=1, hours=2))
        )


def _session(rng, client, first, plan, traj, clinicians, when, template, today) -> Session:
    course_no, kind, number, day = when
    therapist = clinicians[1 + rng.randrange(len(clinicians) - 1)]
    prescriber = clinicians[0]
    hour = rng.choice((9, 10, 13)) if kind == "dosing" else rng.randint(9, 17)
    s = Session(
        client_id=None,
        course_id=None,
        date=day,
        kind=kind,
        number=number,
        start_time=time(hour, rng.choice((0, 0, 30))),
        setting="telehealth" if kind != "dosing" and rng.random() < 0.3 else "office",
        clinicians=[prescriber.name, therapist.name] if kind == "dosing" else [therapist.name],
        template=template,
    )
    extra = {}
    if kind == "dosing":
        add_dosing(rng, s, plan, number // 2, clinicians)
        route = {"im": "IM", "iv": "IV", "in": "intranasal", "in_esk": "intranasal esketamine"}
        extra = {"route": route.get(plan.route, "sublingual" if plan.route == "sl" else "oral"),
                 "dose": f"{s.total_mg:g} mg"}  # fmt: skip
        if rng.random() < 0.4:
            s.scales.append(ScaleScore("cadss", [], float(rng.randint(8, 40))))
    facts = text.facts_for(rng, first, client.pronouns, **extra)
    s.intention = text.intention(rng, kind, facts)
    s.narrative = text.narrative(rng, kind, template, facts)
    if kind != "dosing":
        progress = number / (2 * INDUCTION_PAIRS) if course_no == 0 else 1.0
        s.scales.extend(traj.at(progress, with_pcl=number % 4 == 1))
    if kind == "preparation":
        s.scales.append(ScaleScore("cssrs", [int(traj.ideation), 0, 0, 0, 0, 0]))
    if kind == "integration":
        pool = THEMES_BY_INDICATION.get(client.indication, ALL_THEMES)
        for code in rng.sample(pool, rng.randint(2, min(4, len(pool)))):
            s.themes.append(ThemeTag(code, text.theme_note(rng, facts)))
        if rng.random() < 0.15:
            s.scales.append(ScaleScore("ebi", [rng.randint(20, 95) for _ in range(6)]))
    _sign(rng, s, therapist if kind != "dosing" else prescriber, today)
    return s


def demo_client(
    rng: random.Random, chart: str, sessions: int, clinicians, today: date = DEMO_TODAY
) -> ClientBundle:
    """One fictional client with `sessions` sessions in course order, ending near `today`."""
    plan_days = _schedule(rng, sessions)
    span = plan_days[-1][3] if plan_days else 0
    last_day = today - timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 13, 21, 34, 55)))
    first_visit = last_day - timedelta(days=span)
    client, first = make_client(rng, chart, first_visit, last_day)
    bundle = ClientBundle(client)
    kg = client.weights[0].kg
    plan = ClientPlan(
        route=pick_route(rng),
        kg=kg,
        systolic=rng.randint(108, 134)
        if not client.screening_positives()
        else rng.randint(128, 146),
        diastolic=rng.randint(66, 86),
        heart_rate=rng.randint(58, 88),
        medications=client.medications,
    )
    traj = _Trajectory(rng, client.indication)
    template = rng.choice(TEMPLATES)
    for course_no in sorted({c for c, *_ in plan_days}):
        start = first_visit + timedelta(days=min(d for c, _, _, d in plan_days if c == course_no))
        purpose = "induction" if course_no == 0 else "maintenance"
        bundle.courses.append(
            Course(
                client_id=None,
                purpose=purpose,
                start_date=start,
                status="completed",
                title=f"{'Induction series' if purpose == 'induction' else 'Maintenance'} "
                f"{start.year}",
            )
        )
    if bundle.courses:
        bundle.courses[-1].status = (
            "active" if span and last_day > today - timedelta(60) else "completed"
        )
    for course_no, kind, number, offset in plan_days:
        when = (course_no, kind, number, first_visit + timedelta(days=offset))
        session = _session(rng, client, first, plan, traj, clinicians, when, template, today)
        _rems_submitted(session, today)
        bundle.add_session(session, course_no)
    return bundle


def _rems_submitted(session, today: date) -> None:
    """The demo clinic submits its signed esketamine forms two days after the session (the
    last week's are still due); no random draw, so the rest of the demo stays as it was."""
    if session.is_esketamine and session.is_signed and session.date + timedelta(days=7) < today:
        session.rems_submissions.append(
            RemsSubmission(
                session.date + timedelta(days=2),
                "online",
                f"SPR-{session.date:%y%m%d}-{session.number or 0}",
                recorded_at=datetime.combine(session.date + timedelta(days=2), time(9, 0)),
                recorded_by="demo",
            )
        )


def _free_charts(practice: Practice, count: int) -> list[str]:
    taken = {r[0] for r in practice.db.execute("SELECT chart FROM clients").fetchall()}
    out, n = [], 1
    while len(out) < count:
        chart = f"DEMO-{n:04d}"
        if chart not in taken:
            out.append(chart)
        n += 1
    return out


def build_demo(
    practice: Practice, *, clients: int = 12, sessions_per_client: int = 8, seed: int = 1
) -> TransferSummary:
    """Fill a practice with fictional clients, courses and sessions (deterministic for a seed)."""
    rng = random.Random(seed)
    if practice.user is not None:
        add_demo_users(practice)  # the demo's clinicians are users who sign in
    settings = practice.settings()
    if not settings.clinicians or (
        practice.user is not None and settings.practice_name == PracticeSettings().practice_name
    ):
        settings.clinicians = demo_clinicians()
        settings.practice_name = "Riverside KAP Clinic (demo)"
        for key, value in DEMO_SETTING.items():
            setattr(settings, key, value)
        practice.save_settings(settings)
    clinicians = (
        settings.clinicians
        if len(settings.clinicians) > 1 and practice.user is None
        else demo_clinicians()
    )
    charts = _free_charts(practice, clients)
    bundles = [demo_client(rng, chart, sessions_per_client, clinicians) for chart in charts]
    for bundle in bundles:
        add_demo_intake(bundle, clinicians)
    if practice.user is None:
        return insert_bundles(practice, bundles, detail="demo data")
    # With accounts every signed note, decision and consent is signed by its signer's own key,
    # and the ledger holds the lots each administration was drawn from.
    receipts = assign_lots(rng, bundles)
    signed_intake = [(b.client.eligibility, b.client.consents) for b in bundles]
    for b in bundles:
        b.client.eligibility, b.client.consents = [], []
    summary = insert_bundles(practice, bundles, detail="demo data", mark_signed=None)
    for b, (decisions, consents) in zip(bundles, signed_intake, strict=True):
        b.client.eligibility, b.client.consents = decisions, consents
    sign_demo_intake(practice, bundles)
    signed = [s.id for b in bundles for s in b.sessions if s.signed_at is not None]
    # A note marked imported (its signer is no user here) posted nothing in this practice.
    post_demo_ledger(practice, receipts, sign_demo_notes(practice, signed), seed)
    return summary


def add_long_client(practice: Practice, sessions: int, *, seed: int = 1) -> Client:
    """One more fictional client with a long history (the benchmark's 200-session client)."""
    rng = random.Random(seed)
    bundle = demo_client(rng, _free_charts(practice, 1)[0], sessions, demo_clinicians())
    insert_bundles(practice, [bundle], detail="demo data")
    return bundle.client
