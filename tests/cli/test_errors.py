"""Missing, corrupt, foreign or locked practices and hostile input: one line, no traceback,
nothing overwritten; every command, with --data-dir before and after the command name."""

from __future__ import annotations

import sqlite3

import pytest
from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.cli import COMMANDS
from kapnotes.store import open_practice

READING = [
    ("search", "grief"),
    ("check",),
    ("export", "json", "-o", "-"),
    ("export", "pdf", "session", "1", "-o", "OUT"),
    ("audit", "verify"),
]
WRITING = [("demo", "--clients", "1"), ("import", "IN")]


def _argv(argv, tmp_path):
    return [str(tmp_path / "x.pdf") if a == "OUT" else a for a in argv]


@pytest.mark.parametrize("argv", READING)
def test_no_practice_yet(cli, tmp_path, argv, data_dir):
    result = cli(*_argv(argv, tmp_path))
    assert_one_line_error(result, "no practice in")
    assert not config.database_path(data_dir).exists()


def _corrupt(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    open_practice(path, create=True).close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\xa5" * (len(data) - 100)
    path.write_bytes(bytes(data))


def _text_file(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("my shopping list\n")


def _other_database(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()


def _folder(path):
    path.mkdir(parents=True)


@pytest.mark.parametrize("damage", [_corrupt, _text_file, _other_database, _folder])
@pytest.mark.parametrize("argv", READING + WRITING)
def test_a_bad_practice_file_is_one_line_and_left_alone(cli, tmp_path, data_dir, damage, argv):
    path = config.database_path(data_dir)
    damage(path)
    before = path.read_bytes() if path.is_file() else None
    json_file = tmp_path / "in.json"
    json_file.write_text('{"format": "kapnotes", "version": 1, "clients": []}')
    args = [str(json_file) if a == "IN" else a for a in _argv(argv, tmp_path)]
    result = cli(*args)
    assert_one_line_error(result)
    if before is not None:
        assert path.read_bytes() == before


def test_an_encrypted_practice_without_passphrase(cli, data_dir):
    assert cli("demo", "--clients", "1").code == 0
    result = cli("search", "grief")
    assert_one_line_error(result, "--passphrase-file")


def test_passphrase_file_opens_the_demo(cli, data_dir, tmp_path):
    assert cli("demo", "--clients", "2").code == 0
    secret = tmp_path / "pass.txt"
    secret.write_text(config.DEMO_PASSPHRASE + "\n")
    result = cli("search", "grief", "--limit", "1", "--passphrase-file", str(secret))
    assert result.code == 0 and result.out.count("\n") == 1


@pytest.mark.parametrize("position", ["before", "after"])
@pytest.mark.parametrize(
    "argv",
    [("search", "grief"), ("check",), ("export", "json", "-o", "-"), ("audit", "verify")],
)
def test_every_reading_command_takes_data_dir_before_or_after(cli, filled, position, argv):
    where = ["--data-dir", str(filled.parent)]
    full = [*where, *argv] if position == "before" else [*argv, *where]
    result = cli(*full)
    assert result.code == 0, result.err


HOSTILE = [
    '"', '""', '"unclosed phrase', "AND", "OR OR", "NOT", "NEAR(", "*", "-", "()", ")(",
    "'; DROP TABLE sessions; --", "grief AND", "a:b", "^start", "col:grief", "{x}", "\\",
    "%_", "\x00", "😀", "שלום", "x" * 5000, "NEAR(grief mother, 2)", "grie*", '"her mother" -dog',
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_search_text_never_fails(cli, filled, text):
    result = cli("search", text)
    assert result.code == 0, result.err
    assert result.err == ""
    with open_practice(filled) as practice:
        assert practice.count("sessions") == 24


def test_text_starting_with_a_dash_after_double_dash(cli, filled):
    result = cli("search", "--", "-grief")
    assert result.code == 0 and result.out == ""


def test_search_prints_one_match_a_line(cli, filled):
    result = cli("search", "grief", "--limit", "3")
    lines = result.out.splitlines()
    assert len(lines) == 3
    session_id, chart, name, day, snippet = lines[0].split("\t")
    assert session_id.isdigit() and chart.startswith("DEMO-") and name and len(day) == 10
    assert "[grief]" in snippet.lower() or "[" in snippet


def test_check_reports_ok(cli, filled):
    result = cli("check")
    assert result.code == 0 and "ok" in result.out


def test_unknown_command_is_a_usage_error(cli):
    result = cli("frobnicate")
    assert result.code == 2 and "invalid choice" in result.err
    assert set(COMMANDS) >= {"demo", "import", "export", "search", "check"}


def test_an_empty_passphrase_file_is_refused_not_replaced(cli, data_dir, tmp_path):
    """An empty file must not fall back to the demo's passphrase (or to no encryption)."""
    blank = tmp_path / "blank.txt"
    blank.write_text("\n")
    result = cli("demo", "--clients", "1", "--passphrase-file", str(blank))
    assert_one_line_error(result, "is empty")
    assert not config.database_path(data_dir).exists()


def test_a_blank_passphrase_creates_nothing(cli, data_dir, tmp_path):
    spaces = tmp_path / "spaces.txt"
    spaces.write_text("    \n")
    result = cli("demo", "--clients", "1", "--passphrase-file", str(spaces))
    assert_one_line_error(result, "only spaces")
    assert not config.database_path(data_dir).exists(), "no 0-byte file left behind"
    own = tmp_path / "own.txt"
    own.write_text("a passphrase of my own\n")
    result = cli("demo", "--clients", "1", "--passphrase-file", str(own))
    assert result.code == 0, result.err
    assert "your passphrase" in result.out and "README" not in result.out
    with open_practice(config.database_path(data_dir), "a passphrase of my own") as practice:
        assert practice.is_encrypted


def test_a_binary_passphrase_file_is_one_line(cli, data_dir, tmp_path):
    assert cli("demo", "--clients", "1").code == 0
    binary = tmp_path / "key.bin"
    binary.write_bytes(b"\xff\xfe\x00binary")
    result = cli("check", "--passphrase-file", str(binary))
    assert_one_line_error(result, "not UTF-8 text")


@pytest.mark.parametrize("argv", [("demo", "--clients", "1"), ("import", "IN"), ("gui",)])
def test_a_data_folder_that_is_a_file_is_one_line(cli, tmp_path, argv, monkeypatch):
    monkeypatch.setenv(config.PASSPHRASE_ENV, "a passphrase for the import")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("something else")
    (tmp_path / "in.json").write_text('{"format": "kapnotes", "version": 1, "clients": []}')
    result = cli(
        "--data-dir", str(blocker), *[a if a != "IN" else str(tmp_path / "in.json") for a in argv]
    )
    assert_one_line_error(result, "is a file, not a folder")
    assert blocker.read_text() == "something else"
