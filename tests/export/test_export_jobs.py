"""PDFs as an export job: one file per session and course, de-identified names without charts
or dates, a progress step per session."""

from __future__ import annotations

import re

from pypdf import PdfReader

from kapnotes.export.jobs import ExportRequest, run_export
from kapnotes.export.output import Progress
from kapnotes.store.demo import build_demo


def test_pdfs_of_a_client_and_their_deidentified_names(practice, tmp_path):
    build_demo(practice, clients=2, sessions_per_client=3, seed=9)
    client = practice.list_clients()[0]
    steps = []
    plain = tmp_path / "plain"
    plain.mkdir()
    result = run_export(practice, ExportRequest("pdf", plain, chart=client.chart),
                        Progress(report=lambda done, total: steps.append((done, total))))  # fmt: skip
    names = sorted(p.name for p in plain.iterdir())
    assert result.files == len(names) == 4  # one course summary, three session notes
    assert all(client.chart in n for n in names)
    assert steps[-1] == (3, 3)
    deid = tmp_path / "deid"
    run_export(practice, ExportRequest("pdf", deid, chart=client.chart, deidentified=True,
                                       new_folder=True))  # fmt: skip
    names = sorted(p.name for p in deid.iterdir())
    assert len(names) == 4 and all(n.startswith(("course-deidentified-0001-",
                                                 "session-deidentified-0001-")) for n in names)  # fmt: skip
    assert not any(client.chart in n or re.search(r"\d{4}-\d\d-\d\d", n) for n in names)
    text = "".join(page.extract_text() for page in PdfReader(deid / names[-1]).pages)
    assert client.name.split()[0] not in text
