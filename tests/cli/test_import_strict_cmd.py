"""`kapnotes import` on lenient or hostile files: one line naming the field, nothing imported."""

from __future__ import annotations

import json

import pytest
from cli_helpers import assert_one_line_error
from test_import_cmd import DOC, _write

from kapnotes import config


@pytest.fixture(autouse=True)
def _passphrase(cli, monkeypatch):
    monkeypatch.setenv(config.PASSPHRASE_ENV, "a new clinic passphrase")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (json.dumps(DOC).replace('"mg": 40', '"mg": ' + "7" * 5000), ("mg: too large a number",)),
        (json.dumps(DOC).replace('"mg": 40', '"mg": 40, "mg": 400'), ("mg: given twice",)),
        (json.dumps(DOC).replace("2025-02-03", "20250203"), ("date: not a date (YYYY-MM-DD)",)),
        (json.dumps(DOC).replace("2025-02-03", "2025-W06-1"), ("sessions[0].date: not a date",)),
        (json.dumps(DOC).replace('"rest"', '"re\\u0000st"'), ("intention: holds a NUL",)),
        (
            json.dumps({**DOC, "settings": {"autosave_ms": "x"}}),
            ("settings.autosave_ms: 'x' is not a whole number",),
        ),
    ],
)
def test_a_hostile_file_is_one_line_and_imports_nothing(cli, tmp_path, data_dir, text, words):
    result = cli("import", _write(tmp_path, text))
    assert_one_line_error(result, *words, "nothing was imported")
    assert len(result.err) < 300
    assert not config.database_path(data_dir).exists()


def test_an_imported_practice_with_good_settings_opens_with_them(cli, tmp_path, data_dir):
    from kapnotes.store import open_practice

    doc = {**DOC, "settings": {"autosave_ms": 1500, "backup_keep": 30}}
    sheet = str(tmp_path / "sheet.pdf")  # a new encrypted practice gets its Emergency sheet
    assert cli("import", _write(tmp_path, doc), "--recovery-sheet", sheet).code == 0
    with open_practice(config.database_path(data_dir), "a new clinic passphrase") as practice:
        assert practice.settings().autosave_ms == 1500
        assert practice.settings_warnings() == []
