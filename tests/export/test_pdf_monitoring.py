"""The monitoring record (flowsheet) of any dosing session: doses with times and lots, the
vitals chart with thresholds and effects, sedation, discharge and the monitoring clinician."""

from __future__ import annotations

from datetime import time

import pytest
from pdf_records import (  # fmt: skip
    make_client,
    make_esketamine_session,
    make_session,
    make_settings,
    pdf_text,
    squash,
)

from kapnotes.domain.records import Administration, Session, VitalSign
from kapnotes.export.flowsheet_chart import flowsheet_chart
from kapnotes.export.monitoring_pdf import NotDosingSession, export_monitoring_pdf


@pytest.mark.parametrize("route", ["iv", "im", "in", "sl"])
def test_every_route_gets_a_one_page_flowsheet(tmp_path, route):
    session = make_session()
    for a in session.administrations:
        a.route = route
    out = tmp_path / f"{route}.pdf"
    result = export_monitoring_pdf(session, make_client(), out, settings=make_settings())
    text = squash("".join(pdf_text(out)))
    for expected in (
        "Monitoringrecord",
        "10:00",
        "40mg",
        "LOT-77A1",  # the lot of each dose
        "Vitalsignsoverthesession,withthepractice'sthresholds",
        "systolic180urgent",
        "SpO290urgent",
        "Dissociation",  # effects on the same time axis
        "MOAA/S4",
        "Discharge",
        "Responsibleadultpresent",
        "Dr.RobinLowell,MD(555-010-2000,rlowell@harbour.test)",
    ):
        assert expected in text, expected
    assert result.pages <= 2


def test_a_session_without_a_dose_is_refused(tmp_path):
    with pytest.raises(NotDosingSession):
        export_monitoring_pdf(Session(1, 1, make_session().date, kind="integration"), make_client(), tmp_path / "x.pdf")  # fmt: skip


def test_the_chart_places_readings_on_the_clock_and_marks_each_dose():
    session = make_esketamine_session()
    session.administrations.append(Administration(time(10, 30), "in_esk", 28.0, "esketamine"))
    drawing = flowsheet_chart(session)
    labels = [getattr(g.contents[0], "text", "") for g in drawing.contents if g.__class__.__name__ == "Group" and g.contents]  # fmt: skip
    assert labels.count("28 mg") == 3  # one marker per device
    assert "09:50" in labels and "systolic 180 urgent" in labels  # the clock from the first event


def test_200_readings_still_print_whole(tmp_path):
    session = make_session()
    session.vitals = [VitalSign(time(9 + i // 30, (2 * i) % 60), 120, 80, 70, 92, 14, "moaas", 5) for i in range(200)]  # fmt: skip
    session.discharge.time = time(16, 0)
    out = tmp_path / "long.pdf"
    export_monitoring_pdf(session, make_client(), out, settings=make_settings())
    pages = pdf_text(out)
    assert sum(p.count("During") for p in pages) >= 200
    # 200 identical cautions print once, with their count, in the Checks table.
    assert "SpO2 92% is below 94% (×200)" in "".join(pages)
    assert "signed by Dr. Robin Lowell" in pages[-1]
