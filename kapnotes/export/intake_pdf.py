"""The intake PDF (intake, eligibility decisions, consent history) and the consent PDF (the
full text the client signed and both signatures: the client's drawn strokes and the
witnessing clinician's electronic signature)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable, KeepTogether, Spacer

from kapnotes.domain.formatting import fmt_date, fmt_datetime
from kapnotes.domain.intake import (
    ABSOLUTE,
    ConsentRecord,
    EligibilityDecision,
    Intake,
    consent_reminders,
    latest_decision,
)
from kapnotes.domain.records import Client
from kapnotes.domain.users import fingerprint
from kapnotes.export import styles as st
from kapnotes.export.blocks import data_table, fields_table, heading, note_line
from kapnotes.export.identity import identity
from kapnotes.export.page import ExportedPdf, PageInfo, build_pdf
from kapnotes.export.session_pdf import running_header
from kapnotes.export.text import para, paragraphs

PAD_WIDTH, PAD_HEIGHT = 600.0, 200.0  # the signature pad's coordinate box (docs/FORMAT.md)
ANSWER_TEXT = {"yes": "Yes", "no": "No", "not_assessed": "Not assessed"}
SEX_TEXT = {"female": "Female", "male": "Male", "intersex": "Intersex", "not_stated": "Not stated"}


class SignatureDrawing(Flowable):
    """The client's signature redrawn from its strokes, scaled into a box with a base line."""

    def __init__(self, strokes: list, width: float = 240, height: float = 80):
        super().__init__()
        self.strokes, self.width, self.height = strokes, width, height

    def wrap(self, _avail_w, _avail_h):
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(st.RULE)
        c.setLineWidth(0.6)
        c.line(0, 6, self.width, 6)
        scale = min(self.width / PAD_WIDTH, self.height / PAD_HEIGHT)
        c.setStrokeColor(st.INK)
        c.setLineWidth(1.1)
        c.setLineCap(1)
        c.setLineJoin(1)
        for stroke in self.strokes:
            if not stroke:
                continue
            path = c.beginPath()
            x0, y0 = stroke[0]
            path.moveTo(x0 * scale, self.height - y0 * scale)  # screen y grows downwards
            for x, y in stroke[1:]:
                path.lineTo(x * scale, self.height - y * scale)
            if len(stroke) == 1:
                path.lineTo(x0 * scale + 0.5, self.height - y0 * scale)
            c.drawPath(path, stroke=1, fill=0)


def _key_text(public_hex: str, signature: str) -> str:
    if signature and public_hex:
        return f"electronically signed · key {fingerprint(bytes.fromhex(public_hex))}"
    return "signed by name (no key: made without accounts or signed elsewhere)"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def decision_line(d: EligibilityDecision) -> str:
    return f"{d.label} — {d.who()}, {fmt_datetime(d.decided_at)}; {_key_text(d.public_key, d.signature)}"  # fmt: skip


def _intake_section(intake: Intake | None) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [heading("Intake")]
    if intake is None:
        return out + [para("No intake recorded.", s.missing)]
    out.append(
        fields_table(
            [
                ("Completed", fmt_date(intake.completed_on) or "—"),
                ("Sex", SEX_TEXT.get(intake.sex, "—")),
                ("Emergency contact", intake.emergency_contact or "—"),
                ("Responsible adult (ride home)", intake.responsible_adult or "—"),
                ("Medical history", intake.medical_history or "—"),
                ("Psychiatric history", intake.psychiatric_history or "—"),
                ("Prior ketamine / psychedelics", intake.prior_experience or "—"),
                ("Baseline scales", intake.baseline_scales or "—"),
            ],
            columns=1,
        )
    )
    rows, shading = [], []
    for i, item in enumerate(intake.items):
        rows.append([item.label, item.kind.capitalize(), ANSWER_TEXT.get(item.answer, item.answer), item.note])  # fmt: skip
        if item.answer == "yes":
            fill = st.URGENT_FILL if item.kind == ABSOLUTE else st.CAUTION_FILL
            shading.append((2, i, fill))
    out += [Spacer(1, 6), para("Contraindications", s.h3)]
    out.append(data_table(["Item", "Kind", "Answer", "Note"], rows, [4, 1.3, 1.4, 4], shading=shading))  # fmt: skip
    absolute = intake.positives(ABSOLUTE)
    if absolute:
        names = ", ".join(i.label for i in absolute)
        out.append(para(f"Absolute contraindication answered yes: {names}.", s.flag))
    out.append(note_line("Shaded: red = absolute contraindication present, yellow = relative."))
    return out


def _eligibility_section(decisions: list[EligibilityDecision]) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [heading("Eligibility decision")]
    latest = latest_decision(decisions)
    if latest is None:
        return out + [para("No eligibility decision signed by a prescriber.", s.missing)]
    style = s.flag if not latest.allows_dosing else s.body
    out.append(para(decision_line(latest), style))
    if latest.note:
        out += paragraphs(latest.note, s.body)
    if len(decisions) > 1:
        out.append(para("Earlier decisions", s.h3))
        earlier = [d for d in decisions if d is not latest]
        out += [para(decision_line(d), s.small) for d in reversed(earlier)]
    return out


def _consent_section(
    consents: list[ConsentRecord], latest_versions: dict[str, int], today: date, valid_days: int
) -> list[Flowable]:
    s = st.styles()
    out: list[Flowable] = [heading("Consent history")]
    if not consents:
        return out + [para("No informed consent on file.", s.missing)]
    rows = []
    for c in consents:
        withdrawn = f"Withdrawn {fmt_date(c.withdrawn_on)}" if c.withdrawn else "In force"
        if c.withdrawal_note:
            withdrawn += f": {c.withdrawal_note}"
        witness = f"{c.witness}, {c.witness_credentials}" if c.witness_credentials else c.witness
        rows.append([c.name, fmt_date(c.signed_on), SignatureDrawing(c.client_strokes, 120, 40), witness, withdrawn])  # fmt: skip
    out.append(data_table(["Template", "Signed", "Client's signature", "Witness", "Status"], rows, [2.4, 1.3, 2.2, 1.8, 2]))  # fmt: skip
    for line in consent_reminders(consents, latest_versions, today, valid_days):
        out.append(para(line, s.flag))
    return out


def intake_story(
    client: Client,
    latest_versions: dict[str, int],
    *,
    today: date | None = None,
    valid_days: int = 365,
) -> list[Flowable]:
    """Intake, eligibility decision with its signer, and the consent history of a client."""
    s = st.styles()
    today = today or date.today()
    who = identity(client, today)
    story: list[Flowable] = [
        para("Intake and eligibility", s.title),
        para(f"{who.heading} · chart {who.chart} · born {who.dob_line}", s.subtitle),
        Spacer(1, 4),
    ]
    story += _intake_section(client.intake)
    story += _eligibility_section(client.eligibility)
    story += _consent_section(client.consents, latest_versions, today, valid_days)
    return story


def consent_story(client: Client, consent: ConsentRecord) -> list[Flowable]:
    """One consent: the full text as signed, the client's drawn signature, the witness's."""
    s = st.styles()
    who = identity(client, consent.signed_on)
    story: list[Flowable] = [
        para(consent.template_title, s.title),
        para(f"Version {consent.template_version} · {who.heading} · chart {who.chart}", s.subtitle),
        Spacer(1, 6),
    ]
    story += paragraphs(consent.text, s.body)
    client_block = [
        heading("Client's signature"),
        SignatureDrawing(consent.client_strokes),
        para(f"{who.heading}, signed on {fmt_date(consent.signed_on)} (drawn on screen)", s.small),
    ]
    witness = f"{consent.witness}, {consent.witness_credentials}" if consent.witness_credentials else consent.witness  # fmt: skip
    when = fmt_datetime(consent.witnessed_at) if consent.witnessed_at else fmt_date(consent.signed_on)  # fmt: skip
    witness_block = [
        heading("Witnessed by"),
        para(f"{witness}, {when}", s.body),
        para(_sentence(_key_text(consent.witness_key, consent.witness_signature)), s.small),
    ]
    story += [Spacer(1, 10), KeepTogether(client_block), Spacer(1, 6), KeepTogether(witness_block)]
    if consent.withdrawn:
        note = f": {consent.withdrawal_note}" if consent.withdrawal_note else ""
        story.append(para(f"Withdrawn on {fmt_date(consent.withdrawn_on)}{note}", s.flag))
    return story


def _info(kind: str, client: Client, when) -> PageInfo:
    return PageInfo(running_header(kind, client, when, deidentified=False), datetime.now())


def intake_pdf_from_practice(practice, chart: str, out: Path | str | BinaryIO) -> ExportedPdf:
    """Load a client by chart number and write their intake PDF."""
    from kapnotes.store import RecordNotFound

    client = practice.find_client(chart)
    if client is None:
        raise RecordNotFound(f"No client with chart number {chart}.")
    settings = practice.settings()
    story = intake_story(
        client, practice.latest_template_versions(), valid_days=settings.consent_valid_days
    )
    return build_pdf(out, story, _info("Intake", client, date.today()), title="Intake")


def consent_pdf_from_practice(
    practice, chart: str, out: Path | str | BinaryIO, consent_id: int | None = None
) -> ExportedPdf:
    """A client's consent (default: the latest) as a PDF with both signatures."""
    from kapnotes.store import RecordNotFound

    client = practice.find_client(chart)
    if client is None:
        raise RecordNotFound(f"No client with chart number {chart}.")
    chosen = [c for c in client.consents if consent_id is None or c.id == consent_id]
    if not chosen:
        what = f"consent {consent_id}" if consent_id is not None else "consent"
        raise RecordNotFound(f"Chart {chart} has no {what} on file.")
    consent = chosen[-1]
    info = _info("Consent", client, consent.signed_on)
    return build_pdf(out, consent_story(client, consent), info, title="Informed consent")
