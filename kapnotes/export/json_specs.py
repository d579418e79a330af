"""What the KAPNotes JSON format holds (docs/FORMAT.md): each record's fields and their kinds,
which fields a file must have, and the format's name and version. json_format writes and reads
documents by these tables; json_check checks a decoded file against them."""

from __future__ import annotations

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
from kapnotes.export.json_intake import INTAKE_REQUIRED, INTAKE_SPECS

FORMAT = "kapnotes"
VERSION = 1

# Field kinds: "str", "int", "float", "bool", "date", "time", "datetime"; a trailing "?" allows
# null; "list:K" and "map:K" (string keys) hold kinds; a record class name is a nested object.
# A field in REQUIRED must be present; any other missing field takes the record's default.
# SPECS leave out the records' database ids and links (id, client_id, course_id): the nesting
# already says them (a client holds its courses and sessions; "course" is an index).
# Signatures stay in the practice that can check them (notes' as well as the Ed25519
# signatures of eligibility decisions and consent witnesses): an imported decision or consent
# names its signer and prints as signed elsewhere.


def _spec(text: str) -> dict[str, str]:
    """Parse "name=kind name=kind ..." into {name: kind}, in the order the format writes them."""
    return dict(item.split("=", 1) for item in text.split())


SPECS: dict[type, dict[str, str]] = {
    WeightEntry: _spec("kg=float measured_on=date"),
    ScreeningItem: _spec("item=str answer=str note=str"),
    Client: _spec(
        "chart=str name=str dob=date? pronouns=str weights=list:WeightEntry indication=str "
        "medications=str screening=list:ScreeningItem consent_date=date? notes=str archived=bool "
        "sex=str redact_names=str "
        "intake=Intake? eligibility=list:EligibilityDecision consents=list:ConsentRecord"
    ),
    **INTAKE_SPECS,
    Course: _spec("purpose=str title=str start_date=date? status=str archived=bool"),
    Administration: _spec(
        "time=time? route=str mg=float medication=str site=str given_by=str note=str planned=bool "
        "lot=str"
    ),
    VitalSign: _spec(
        "time=time? systolic=int? diastolic=int? heart_rate=int? spo2=int? resp_rate=int? "
        "sedation_scale=str sedation_score=int? phase=str note=str"
    ),
    EffectObservation: _spec("effect=str intensity=int time=time? note=str"),
    AdverseEvent: _spec(
        "description=str severity=str time=time? interventions=list:str outcome=str note=str"
    ),
    ThemeTag: _spec("theme=str note=str"),
    ScaleScore: _spec("scale=str items=list:int? total=float?"),
    Addendum: _spec("text=str author=str time=datetime"),
    RemsSubmission: _spec(
        "submitted_on=date method=str confirmation=str recorded_at=datetime? recorded_by=str"
    ),
    DosingDetails: _spec(
        "lot_number=str premedication=str onset_min=int? peak_min=int? baseline_min=int? "
        "sl_disposition=str infusion_end=time?"
    ),
    Discharge: _spec("time=time? criteria=map:bool released_to=str note=str"),
    RemsDetails: _spec(
        "concomitant=map:bool? vitals_ok_before=bool? vitals_ok_end=bool? sedation=bool? "
        "dissociation=bool? respiratory_depression=bool? ready_to_leave_min=int? "
        "monitoring_end=time? monitoring_clinician=str"
    ),
    Session: _spec(
        "date=date kind=str number=int? start_time=time? setting=str clinicians=list:str "
        "intention=str template=str narrative=map:str administrations=list:Administration "
        "vitals=list:VitalSign effects=list:EffectObservation adverse_events=list:AdverseEvent "
        "themes=list:ThemeTag scales=list:ScaleScore addenda=list:Addendum dosing=DosingDetails "
        "discharge=Discharge rems=RemsDetails signed_at=datetime? signed_by=str "
        "signed_credentials=str units_reason=str incomplete_ack=str updated_at=datetime? "
        "rems_submissions=list:RemsSubmission checklist=PreDoseChecklist?"
    ),
}
REQUIRED: dict[type, set[str]] = {
    WeightEntry: {"kg", "measured_on"},
    ScreeningItem: {"item"},
    Client: {"chart", "name"},
    Administration: {"route", "mg"},
    EffectObservation: {"effect"},
    AdverseEvent: {"description"},
    ThemeTag: {"theme"},
    ScaleScore: {"scale"},
    Addendum: {"text", "author", "time"},
    RemsSubmission: {"submitted_on", "method"},
    Session: {"date"},
    **INTAKE_REQUIRED,
}
RECORDS = {cls.__name__: cls for cls in SPECS}


def strip_optional(kind: str) -> str:
    """The kind without its "may be null" mark ("list:int?" is a list of optional ints)."""
    return kind if kind.startswith(("list:", "map:")) else kind.rstrip("?")
