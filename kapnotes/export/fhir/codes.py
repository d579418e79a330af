"""Code systems, codes and US Core profiles of the FHIR export (docs/FHIR.md lists them).

Standard codes where one fits (LOINC, SNOMED CT, RxNorm, UCUM, HL7 terminology); where none
does, a KAPNotes code system (URN_*) whose display is the app's own label, and the
CodeableConcept's text says it in words.
"""

from __future__ import annotations

from typing import Any

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
PROVENANCE_AGENT = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
DOC_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"

# KAPNotes' own vocabularies (no standard code fits): URNs, never network addresses.
URN_CHART = "urn:kapnotes:chart-number"
URN_CLINICIAN = "urn:kapnotes:clinician"
URN_SESSION_KIND = "urn:kapnotes:session-kind"
URN_EFFECT = "urn:kapnotes:effect"
URN_INTENSITY = "urn:kapnotes:intensity"
URN_RECORD = "urn:kapnotes:record"
URN_SCALE = "urn:kapnotes:scale"
URN_SEVERITY = "urn:kapnotes:severity"
URN_QUESTIONNAIRE = "urn:kapnotes:questionnaire:"

_US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
PROFILES = {
    "patient": _US_CORE + "us-core-patient",
    "practitioner": _US_CORE + "us-core-practitioner",
    "encounter": _US_CORE + "us-core-encounter",
    "blood_pressure": _US_CORE + "us-core-blood-pressure",
    "heart_rate": _US_CORE + "us-core-heart-rate",
    "pulse_oximetry": _US_CORE + "us-core-pulse-oximetry",
    "respiratory_rate": _US_CORE + "us-core-respiratory-rate",
    "body_weight": _US_CORE + "us-core-body-weight",
    "screening": _US_CORE + "us-core-observation-screening-assessment",
    "questionnaire_response": _US_CORE + "us-core-questionnaireresponse",
    "document": _US_CORE + "us-core-documentreference",
    "provenance": _US_CORE + "us-core-provenance",
}


def coding(system: str, code: str, display: str = "") -> dict[str, Any]:
    """A Coding (display left out when empty). A clinic's own code keeps its words with single
    spaces between them: FHIR's code type admits no other whitespace (" lead", "x  y")."""
    code = " ".join(code.split())
    out = {"system": system, "code": code} if code else {"system": system}
    if display:
        out["display"] = display
    return out


def concept(text: str, *codings: dict[str, Any]) -> dict[str, Any]:
    """A CodeableConcept with its codings and the words a reader sees."""
    out: dict[str, Any] = {}
    if codings:
        out["coding"] = list(codings)
    out["text"] = text
    return out


# -- medication (RxNorm) -----------------------------------------------------------------------
# Racemic ketamine: the ingredient (DOMAIN.md). Esketamine: RxNorm's clinical drug form
# "esketamine Nasal Spray" (2201623) and the branded form "esketamine Nasal Spray [Spravato]"
# (2201625), the only esketamine product on the US market.
MEDICATIONS = {
    "racemic": concept("Ketamine", coding(RXNORM, "6130", "ketamine")),
    "esketamine": concept(
        "Esketamine nasal spray (Spravato)",
        coding(RXNORM, "2201623", "esketamine Nasal Spray"),
        coding(RXNORM, "2201625", "esketamine Nasal Spray [Spravato]"),
    ),
}

# -- routes (SNOMED CT) ----------------------------------------------------------------------
ROUTES = {
    "iv": coding(SNOMED, "47625008", "Intravenous route"),
    "im": coding(SNOMED, "78421000", "Intramuscular route"),
    "in": coding(SNOMED, "46713006", "Nasal route"),
    "in_esk": coding(SNOMED, "46713006", "Nasal route"),
    "sl": coding(SNOMED, "37839007", "Sublingual route"),
    "po": coding(SNOMED, "26643006", "Oral route"),
    "buccal": coding(SNOMED, "54471007", "Buccal route"),
}

# -- vital signs (LOINC, US Core) ----------------------------------------------------------
BP_PANEL = coding(LOINC, "85354-9", "Blood pressure panel with all children optional")
SYSTOLIC = coding(LOINC, "8480-6", "Systolic blood pressure")
DIASTOLIC = coding(LOINC, "8462-4", "Diastolic blood pressure")
HEART_RATE = coding(LOINC, "8867-4", "Heart rate")
SPO2 = coding(LOINC, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry")
SPO2_ALT = coding(LOINC, "2708-6", "Oxygen saturation in Arterial blood")
RESP_RATE = coding(LOINC, "9279-1", "Respiratory rate")
BODY_WEIGHT = coding(LOINC, "29463-7", "Body weight")
VITAL_SIGNS = concept("Vital Signs", coding(OBS_CATEGORY, "vital-signs", "Vital Signs"))
SURVEY = concept("Survey", coding(OBS_CATEGORY, "survey", "Survey"))
EXAM = concept("Exam", coding(OBS_CATEGORY, "exam", "Exam"))

# -- rating scales ---------------------------------------------------------------------------
# Totals with a LOINC code; the others are text-coded (URN_SCALE). C-SSRS screen: LOINC's
# "Suicide risk level" (93374-7), the result the US Behavioral Health profiles record.
# PCL-5: 101698-9 "PTSD PCL-5 score [PCL-5]" (Qn, 1 month; panel 101697-1, LOINC 2.75), as two
# LOINC browsers give it; not checked against loinc.org itself (docs/FHIR.md). The 91006-2
# used before was found in no source.
SCALE_TOTALS = {
    "phq9": coding(LOINC, "44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score"),
    "gad7": coding(LOINC, "70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score"),
    "pcl5": coding(LOINC, "101698-9", "PTSD PCL-5 score [PCL-5]"),
    "cssrs": coding(LOINC, "93374-7", "Suicide risk level"),
}
# LOINC's C-SSRS screener questions, in the screen's order (QuestionnaireResponse items).
CSSRS_ITEM_CODES = ("93246-7", "93247-5", "93248-3", "93249-1", "93250-9", "93267-3")
PHQ9_PANEL = "44249-1"  # PHQ-9 quick depression assessment panel: the questionnaire

# -- documents and signatures ---------------------------------------------------------------
PROGRESS_NOTE = coding(LOINC, "11506-3", "Progress note")
CLINICAL_NOTE = concept("Clinical Note", coding(DOC_CATEGORY, "clinical-note", "Clinical Note"))
AUTHOR_AGENT = concept("Author", coding(PROVENANCE_AGENT, "author", "Author"))
AUTHOR_SIGNATURE = coding(SIGNATURE_TYPE, "1.2.840.10065.1.12.1.1", "Author's Signature")
AMBULATORY = coding(ACT_CODE, "AMB", "ambulatory")
VIRTUAL = coding(ACT_CODE, "VR", "virtual")
MEDICAL_RECORD = concept("Medical record number", coding(V2_0203, "MR", "Medical record number"))


def quantity(value: float | int, unit: str, code: str | None = None) -> dict[str, Any]:
    """A UCUM Quantity."""
    return {"value": value, "unit": unit, "system": UCUM, "code": code or unit}
