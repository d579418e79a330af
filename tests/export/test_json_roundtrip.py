"""Export then import into an empty practice gives back the same records, whatever the text."""

from __future__ import annotations

import json
from datetime import date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kapnotes.domain.limits import possible_range
from kapnotes.domain.records import (
    Addendum,
    Administration,
    AdverseEvent,
    Client,
    Course,
    Discharge,
    DosingDetails,
    EffectObservation,
    RemsDetails,
    RemsSubmission,
    ScaleScore,
    ScreeningItem,
    Session,
    ThemeTag,
    VitalSign,
    WeightEntry,
)
from kapnotes.domain.scales import SCALES
from kapnotes.domain.settings import Clinician, PracticeSettings
from kapnotes.export.json_format import SPECS, document, dumps, parse_document
from kapnotes.store import memory_practice
from kapnotes.store.transfer import ClientBundle, insert_bundles, load_bundles

ODD = [
    "",
    "Zoë Ångström-Łukasiewicz",
    "שלום עולם مرحبا بالعالم",  # right-to-left
    "\u202eevil override\u202c",
    "👩🏽‍⚕️🧠💊 emoji with ZWJ",
    "<b>bold</b> & <script>alert(1)</script> &amp; ]]> {{x}} %s \\n",
    "'; DROP TABLE sessions; --",
    '"quoted" NEAR(a b) grie* -x OR',
    "line\nbreaks\r\nand\ttabs",
    "combining e\u0301 and \ufeff BOM and \u200b zero width",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓂀 astral",
    "control \x01\x1f bytes",  # a NUL byte is refused by the import (tested in test_json_problems)
]
texts = st.one_of(
    st.sampled_from(ODD),
    st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=40),
)
big = st.builds(lambda piece, n: (piece + " ") * n, st.sampled_from(ODD[1:]), st.just(4000))
long_texts = st.one_of(texts, big.map(lambda s: s[:100_000]))
days = st.dates(date(1900, 1, 1), date(2100, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
stamps = st.datetimes(datetime(1990, 1, 1), datetime(2090, 1, 1)).map(
    lambda d: d.replace(microsecond=0)
)
mg = st.floats(0, 5000, allow_nan=False, allow_infinity=False)


def opt_int(record: str, name: str):
    """None or any whole number within the field's bounds of the possible (domain.limits)."""
    low, high = possible_range(record, name)
    return st.none() | st.integers(int(low), int(high))


@st.composite
def scale_scores(draw):
    """A score as the scale form enters it: a known scale, its items (None = missing) or total."""
    scale = SCALES[draw(st.sampled_from(sorted(SCALES)))]
    if scale.total_only:
        return ScaleScore(scale.code, [], draw(st.none() | st.integers(0, int(scale.total_max))))
    item = st.none() | st.integers(scale.item_min, scale.item_max)
    return ScaleScore(
        scale.code, draw(st.lists(item, min_size=scale.n_items, max_size=scale.n_items))
    )


def _sorted_by_time(items):
    return sorted(items, key=lambda a: a.time)


def _in_order(s: Session) -> Session:
    """Times out of order are refused at import: discharge after the vitals, addenda after
    the signature (the rest of the record stays as drawn)."""
    times_ = [v.time for v in s.vitals if v.time is not None]
    if s.discharge.time is not None and times_ and max(times_) > s.discharge.time:
        s.discharge.time = max(times_)
    if s.signed_at is not None and s.addenda and s.addenda[0].time < s.signed_at:
        s.signed_at = s.addenda[0].time
    return s


sessions = st.builds(
    Session,
    client_id=st.none(),
    course_id=st.none(),
    date=days,
    kind=texts,
    number=opt_int("Session", "number"),
    start_time=st.none() | times,
    setting=texts,
    clinicians=st.lists(texts, max_size=3),
    intention=texts,
    template=st.sampled_from(["free", "soap", "dap", "birp", "own"]),
    narrative=st.dictionaries(texts, long_texts, max_size=4),
    administrations=st.lists(
        st.builds(Administration, st.none() | times, texts, mg, texts, texts, texts, texts),
        max_size=3,
    ),
    vitals=st.lists(
        st.builds(
            VitalSign,
            st.none() | times,
            opt_int("VitalSign", "systolic"),
            opt_int("VitalSign", "diastolic"),
            opt_int("VitalSign", "heart_rate"),
            opt_int("VitalSign", "spo2"),
            opt_int("VitalSign", "resp_rate"),
            texts,
            opt_int("VitalSign", "sedation_score"),
            texts,
            texts,
        ),  # fmt: skip
        max_size=3,
    ),
    effects=st.lists(
        st.builds(EffectObservation, texts, st.integers(0, 3), st.none() | times, texts),
        max_size=3,
    ),
    adverse_events=st.lists(
        st.builds(
            AdverseEvent, texts, texts, st.none() | times, st.lists(texts, max_size=3), texts, texts
        ),  # fmt: skip
        max_size=2,
    ),
    themes=st.lists(st.builds(ThemeTag, texts, texts), max_size=3),
    scales=st.lists(scale_scores(), max_size=3),
    addenda=st.lists(st.builds(Addendum, long_texts, texts, stamps), max_size=2).map(
        _sorted_by_time
    ),
    dosing=st.builds(
        DosingDetails,
        texts,
        texts,
        opt_int("DosingDetails", "onset_min"),
        opt_int("DosingDetails", "peak_min"),
        opt_int("DosingDetails", "baseline_min"),
        texts,
        st.none() | times,
    ),  # fmt: skip
    discharge=st.builds(
        Discharge,
        st.none() | times,
        st.dictionaries(texts, st.booleans(), max_size=3),
        texts,
        texts,
    ),
    rems=st.builds(
        RemsDetails,
        st.dictionaries(texts, st.none() | st.booleans(), max_size=3),
        *[st.none() | st.booleans()] * 5,
        opt_int("RemsDetails", "ready_to_leave_min"),
        st.none() | times,
        texts,
    ),
    signed_at=st.none() | stamps,
    signed_by=texts,
    signed_credentials=texts,
    units_reason=texts,
    incomplete_ack=texts,
    rems_submissions=st.lists(
        st.builds(RemsSubmission, days, st.sampled_from(["online", "fax"]), texts, stamps, texts),
        max_size=2,
    ),
    updated_at=stamps,  # a file without it gets the time of the import
).map(_in_order)


@st.composite
def bundles(draw):
    """Clients with unique charts, each with courses and sessions pointing at them."""
    charts = draw(st.lists(texts.filter(lambda t: t.strip()), min_size=1, max_size=3, unique=True))
    out = []
    for chart in charts:
        items = draw(st.lists(st.sampled_from(["hypertension", "psychosis", "x"]), unique=True))
        client = Client(
            chart=chart,
            name=draw(texts.filter(lambda t: t.strip())),
            dob=draw(st.none() | days),
            pronouns=draw(texts),
            weights=draw(st.lists(st.builds(WeightEntry, st.floats(0.5, 500), days), max_size=3)),
            indication=draw(texts),
            medications=draw(long_texts),
            screening=[
                ScreeningItem(i, draw(st.sampled_from(["yes", "no", "not_assessed"])), draw(texts))
                for i in items
            ],
            consent_date=draw(st.none() | days),
            notes=draw(texts),
            archived=draw(st.booleans()),
            sex=draw(st.sampled_from(["", "female", "male", "other"])),
            redact_names=draw(texts),
        )
        courses = draw(
            st.lists(
                st.builds(Course, st.none(), texts, st.none() | days, texts, texts, st.booleans()),
                max_size=2,
            )
        )
        bundle = ClientBundle(client, courses)
        for s in draw(st.lists(sessions, max_size=3)):
            index = draw(st.none() | st.integers(0, len(courses) - 1)) if courses else None
            bundle.add_session(s, index)
        out.append(bundle)
    return out


def _load_order(bundle: ClientBundle) -> None:
    """Put records in the order the store gives them back (sessions by date, then number
    within a day, then time)."""
    pairs = sorted(
        zip(bundle.sessions, bundle.course_index, strict=True),
        key=lambda p: (
            p[0].date,
            p[0].number is None,
            p[0].number or 0,
            p[0].start_time is not None,
            p[0].start_time or time.min,
        ),
    )
    bundle.sessions = [p[0] for p in pairs]
    bundle.course_index = [p[1] for p in pairs]


def _normal(doc: dict) -> dict:
    for client in doc["clients"]:
        client["weights"].sort(key=lambda w: (w["measured_on"], w["kg"]))
    return doc


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(bundles())
def test_export_then_import_gives_back_the_same_records(generated):
    settings_ = PracticeSettings(practice_name="Ørsted & Søn", clinicians=[Clinician("Ana", "RN")])
    for bundle in generated:
        _load_order(bundle)
    expected = _normal(document(generated, settings_))
    text = dumps(document(generated, settings_, exported_at=datetime(2026, 1, 1)))
    parsed, parsed_settings = parse_document(json.loads(text))
    practice = memory_practice()
    try:
        insert_bundles(practice, parsed, parsed_settings)
        again = _normal(document(load_bundles(practice), practice.settings()))
    finally:
        practice.close()
    assert again == expected


def test_a_hundred_kilobyte_narrative_survives_the_file(tmp_path):
    narrative = ("Ünïcödé 👩🏽‍⚕️ שלום <b>&amp;</b> " * 4000)[:100_000]
    client = Client(chart="C-1", name="Zoë")
    session = Session(None, None, date(2025, 5, 1), narrative={"Note": narrative})
    practice = memory_practice()
    insert_bundles(practice, [ClientBundle(client, [], [session], [None])])
    text = dumps(document(load_bundles(practice)))
    practice.close()
    (back,), _ = parse_document(json.loads(text))
    assert back.sessions[0].narrative["Note"] == narrative
    assert len(narrative) == 100_000


def test_every_record_field_is_in_the_format_and_documented():
    from dataclasses import fields
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "FORMAT.md").read_text()
    for cls, spec in SPECS.items():
        # Signatures stay in the practice that can check them: an imported signed note is
        # marked "signed elsewhere", never shown as signed by a user here.
        names = {f.name for f in fields(cls)} - {"id", "client_id", "course_id", "signatures"}
        names -= {"public_key", "signature", "payload", "witness_key", "witness_signature"}
        assert set(spec) == names, cls.__name__
        for name in spec:
            assert f"`{name}`" in doc, f"{cls.__name__}.{name} is not in docs/FORMAT.md"
