"""`kapnotes export pdf ...` as a user types it: files written, unknown ids refused clearly."""

from __future__ import annotations

import argparse
import stat

import pytest
from pdf_records import (
    make_client,
    make_course,
    make_course_sessions,
    make_esketamine_session,
    pdf_text,
)

from kapnotes import config
from kapnotes.cli.common import CliError
from kapnotes.cli.pdf_cmd import add_pdf_parser
from kapnotes.store import open_practice


def export_pdf(argv: list[str]) -> int:
    """Parse like `kapnotes export ...` does and run the handler the pdf parser sets."""
    parser = argparse.ArgumentParser(prog="kapnotes export")
    add_pdf_parser(parser.add_subparsers(dest="format", required=True))
    args = parser.parse_args(argv)
    # What `kapnotes` sets on every command: no global options given, so the default data folder
    # (pointed at tmp_path by the test fixture) and no passphrase file.
    args.command, args.data_dir, args.passphrase_file = "export", None, None
    return args.export_handler(args)


@pytest.fixture
def filled_practice():
    """A practice in the default data folder with one client, a course and sessions."""
    path = config.database_path()
    config.ensure_private_dir(path.parent)
    practice = open_practice(path, create=True)
    client = make_client()
    client.id = None
    client_id = practice.save_client(client)
    course = make_course()
    course.id, course.client_id = None, client_id
    course_id = practice.save_course(course)
    ids = []
    for s in [*make_course_sessions(5), make_esketamine_session(number=6)]:
        s.id, s.client_id, s.course_id, s.addenda = None, client_id, course_id, []
        ids.append(practice.save_session(s))
    practice.close()
    return {"sessions": ids, "course": course_id}


def test_session_note_is_written_privately(filled_practice, tmp_path, capsys):
    out = tmp_path / "note.pdf"
    assert export_pdf(["pdf", "session", str(filled_practice["sessions"][1]), "-o", str(out)]) == 0
    assert "Avery Quinn-Testperson" in "".join(pdf_text(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "wrote" in capsys.readouterr().out


def test_deidentified_course_summary(filled_practice, tmp_path):
    out = tmp_path / "course.pdf"
    argv = [
        "pdf",
        "course",
        "KAP-0042",
        "--course",
        str(filled_practice["course"]),
        "--deidentified",
        "-o",
        str(out),
    ]
    assert export_pdf(argv) == 0
    text = "".join(pdf_text(out))
    assert "Course summary (de-identified)" in text and "Quinn" not in text


def test_rems_record_of_an_esketamine_session(filled_practice, tmp_path):
    out = tmp_path / "rems.pdf"
    assert export_pdf(["pdf", "rems", str(filled_practice["sessions"][-1]), "-o", str(out)]) == 0
    assert "Esketamine monitoring record" in pdf_text(out)[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["pdf", "session", "9999"], "Session 9999 does not exist"),
        (["pdf", "rems", "9999"], "Session 9999 does not exist"),
        (["pdf", "course", "NOPE"], "No client has chart number NOPE"),
        (["pdf", "course", "KAP-0042", "--course", "9999"], "Course 9999 does not exist"),
    ],
)
def test_unknown_ids_are_refused_with_a_clear_message(filled_practice, tmp_path, argv, message):
    out = tmp_path / "x.pdf"
    with pytest.raises(CliError) as caught:
        export_pdf([*argv, "-o", str(out)])
    assert message in str(caught.value)
    assert caught.value.status != 0
    assert not out.exists()


def test_rems_of_a_non_esketamine_session_is_refused(filled_practice, tmp_path):
    with pytest.raises(CliError, match="only for esketamine sessions"):
        export_pdf(
            ["pdf", "rems", str(filled_practice["sessions"][1]), "-o", str(tmp_path / "x.pdf")]
        )


def test_output_folder_must_exist(filled_practice, tmp_path):
    with pytest.raises(CliError, match="does not exist"):
        export_pdf(["pdf", "session", "1", "-o", str(tmp_path / "missing" / "x.pdf")])


def test_output_is_required():
    with pytest.raises(SystemExit) as caught:
        export_pdf(["pdf", "session", "1"])
    assert caught.value.code != 0
