"""The written parts of a session note, each a function from records to flowables: themes,
the narrative, scales, findings, addenda and the signature block. The dosing and monitoring
sections are in session_sections.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from kapnotes.domain.formatting import (
    DASH,
    fmt_datetime,
    fmt_number,
    label,
    theme_labeller,
)
from kapnotes.domain.records import Client, Session
from kapnotes.domain.settings import PracticeSettings
from kapnotes.domain.signatures import AWAITING_COSIGN, IMPORTED, awaits_cosign
from kapnotes.export import styles as st
from kapnotes.export.blocks import (
    block_heading,
    data_table,
    heading,
    note_line,
    sub_heading,
)
from kapnotes.export.text import para, paragraphs


def themes_section(session: Session, settings: PracticeSettings | None) -> list[Flowable]:
    if not session.themes:
        return []
    theme_label = theme_labeller(settings)
    rows = [[theme_label(t.theme), t.note] for t in session.themes]
    return [heading("Integration themes"), data_table(["Theme", "Note"], rows, [2.0, 5.0])]


def narrative_section(session: Session) -> list[Flowable]:
    """The note in its template's sections; long text flows on across pages."""
    s = st.styles()
    sections = session.narrative_sections()
    if not any(text.strip() for _, text in sections):
        return [heading("Note"), note_line("No narrative written.")]
    out: list[Flowable] = [heading(f"Note ({label('templates', session.template)})")]
    single = len(sections) == 1
    for name, text in sections:
        if not single:
            out.append(sub_heading(name))
        if text.strip():
            out += paragraphs(text, s.body)
        else:
            out.append(note_line("Not written."))
    return out


def scales_section(session: Session) -> list[Flowable]:
    """Each rating scale with its total, band, items and any safety flag."""
    from kapnotes.domain.scales import SCALES, score

    if not session.scales:
        return []
    rows, shading = [], []
    for i, sc in enumerate(session.scales):
        result = score(sc)
        scale_def = SCALES.get(sc.scale)
        name = scale_def.label if scale_def else sc.scale
        items = ", ".join(DASH if x is None else str(x) for x in sc.items) if sc.items else DASH
        notes = []
        if result.missing:
            notes.append("Missing item(s): " + ", ".join(str(m + 1) for m in result.missing))
        for sub, value in (result.subscales or {}).items():
            notes.append(f"{sub}: {fmt_number(value, 2)}")
        if result.safety_flag:
            notes.append(f"Safety flag: {result.safety_flag}")
            shading.append((4, i, st.URGENT_FILL))
        rows.append(
            [name, fmt_number(result.total, 2), result.band or DASH, items, "\n".join(notes)]
        )
    return [
        heading("Rating scales"),
        data_table(
            ["Scale", "Score", "Band", "Items as entered", "Notes"],
            rows,
            [1.0, 0.6, 1.2, 2.4, 2.3],
            shading=shading,
        ),
    ]


def findings_section(
    session: Session, client: Client | None, settings, scrub=None
) -> list[Flowable]:
    """Open checks (soft warnings) so a reader sees what the clinician was warned about."""
    from kapnotes.domain.findings import by_severity
    from kapnotes.domain.validation import validate_session

    findings = by_severity(validate_session(session, client, settings))
    if not findings:
        return []
    # The same finding on many readings (a long session) prints once, with its count.
    counted: dict[tuple[str, str], int] = {}
    for f in findings:
        counted[(f.shown_severity, f.message)] = counted.get((f.shown_severity, f.message), 0) + 1
    fills = {"error": st.URGENT_FILL, "urgent": st.URGENT_FILL, "warning": st.CAUTION_FILL}
    # De-identified, messages go through the scrubber too (a weight date, an addendum time).
    shown = scrub or (lambda text: text)
    rows = [[sev.capitalize(), shown(msg) + (f" (×{n})" if n > 1 else "")] for (sev, msg), n in counted.items()]  # fmt: skip
    shading = [(0, i, fills[sev]) for i, (sev, _m) in enumerate(counted) if sev in fills]
    return [
        heading("Checks"),
        data_table(["Severity", "Finding"], rows, [0.8, 6.2], shading=shading),
    ]


def addenda_section(session: Session) -> list[Flowable]:
    """Addenda after the signature, each with its own signature line."""
    s = st.styles()
    if not session.addenda:
        return []
    out: list[Flowable] = [heading("Addenda", keep=False)]
    signed = {sig.addendum_id: sig for sig in session.signatures if sig.addendum_id is not None}
    for a in session.addenda:
        body = paragraphs(a.text, s.body)
        # The title never ends a page (its first lines come with it, a long text still splits);
        # the signature line stays with the end of the text.
        out.append(sub_heading(f"Addendum {fmt_datetime(a.time)} by {a.author}"))
        out += body[:-1]
        tail = [*body[-1:]]
        if a.id in signed:
            tail.append(note_line(signed[a.id].line(fmt_datetime(signed[a.id].signed_at))))
        else:
            tail.append(para(f"Addendum signed by {a.author} on {fmt_datetime(a.time)}.", s.muted))
        out.append(KeepTogether(tail))
    return out


def signature_section(session: Session, settings: PracticeSettings | None = None) -> list[Flowable]:
    """The signature block, kept in one piece (never a heading alone at a page foot), with the
    typed reason and the acknowledgement the signer gave."""
    s = st.styles()
    out: list[Flowable] = [block_heading("Signature")]
    notes = [sig for sig in session.signatures if sig.addendum_id is None]
    if session.is_signed and notes:
        # Signatures made here (name, credentials, time, key fingerprint), or marks saying
        # the note was signed elsewhere / before accounts: never shown as a local signature.
        for sig in notes:
            style = s.flag if sig.kind == IMPORTED else s.body
            out.append(para(sig.line(fmt_datetime(sig.signed_at)), style))
        if awaits_cosign(session, bool(settings and settings.require_cosign)):
            out.append(para(AWAITING_COSIGN, s.flag))
    elif session.is_signed:
        who = session.signed_by + (
            f", {session.signed_credentials}" if session.signed_credentials else ""
        )
        out.append(
            para(f"Electronically signed by {who} on {fmt_datetime(session.signed_at)}.", s.body)
        )
    if session.is_signed:
        if session.units_reason.strip():
            out.append(para(f"Dose above \"check the units\" — the signer's reason: {session.units_reason}", s.body))  # fmt: skip
        if session.incomplete_ack.strip():
            out.append(para(session.incomplete_ack, s.body))
        out.append(
            note_line(
                "A signed note is not changed; corrections follow as addenda."
                if session.addenda
                else "A signed note is not changed; corrections are added as addenda."
            )
        )
    else:
        out.append(para("DRAFT — not signed. This note may still change.", s.flag))
        if session.units_reason.strip():
            out.append(para(f"Reason given for the dose: {session.units_reason}", s.body))
    return [KeepTogether(out)]
