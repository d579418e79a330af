"""`kapnotes demo`: an encrypted demo practice, only ever into an empty one."""

from __future__ import annotations

import json

from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.store import open_practice


def test_demo_creates_an_encrypted_practice_and_says_what_it_built(cli, data_dir):
    result = cli("demo", "--clients", "3", "--sessions-per-client", "4", "--seed", "5")
    assert result.code == 0, result.err
    assert "3 clients" in result.out and "12 sessions" in result.out and " s" in result.out
    with open_practice(config.database_path(data_dir), config.DEMO_PASSPHRASE) as practice:
        assert practice.is_encrypted
        assert practice.count("clients") == 3 and practice.count("sessions") == 12


def test_data_dir_before_or_after_the_command(cli, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert cli("--data-dir", str(first), "demo", "--clients", "1").code == 0
    assert cli("demo", "--clients", "2", "--data-dir", str(second)).code == 0
    assert cli("demo", f"--data-dir={tmp_path / 'three'}", "--clients", "1").code == 0
    for folder, clients in ((first, 1), (second, 2), (tmp_path / "three", 1)):
        path = config.database_path(folder)
        with open_practice(path, config.DEMO_PASSPHRASE) as practice:
            assert practice.count("clients") == clients


def test_demo_refuses_a_practice_that_holds_clients(cli, data_dir):
    assert cli("demo", "--clients", "2").code == 0
    result = cli("demo", "--clients", "5")
    assert_one_line_error(result, "already holds 2 clients", "only fills an empty practice")
    with open_practice(config.database_path(data_dir), config.DEMO_PASSPHRASE) as practice:
        assert practice.count("clients") == 2


def test_demo_never_mixes_into_a_real_practice(cli, filled):
    result = cli("demo")
    assert_one_line_error(result, "already holds 4 clients")
    with open_practice(filled) as practice:
        assert practice.count("clients") == 4 and practice.count("sessions") == 24


def test_same_seed_same_demo(cli, tmp_path, monkeypatch):
    monkeypatch.setenv(config.PASSPHRASE_ENV, config.DEMO_PASSPHRASE)
    docs = []
    for name in ("a", "b"):
        assert cli("demo", "--data-dir", str(tmp_path / name), "--clients", "3").code == 0
        out = cli("export", "json", "-o", "-", "--data-dir", str(tmp_path / name)).out
        doc = json.loads(out)
        doc.pop("exported_at")
        docs.append(doc)
    assert docs[0] == docs[1]


def test_bad_numbers_are_refused_by_the_parser(cli, data_dir):
    result = cli("demo", "--clients", "-3")
    assert result.code == 2 and "must be 0 or more" in result.err
    assert cli("demo", "--seed", "x").code == 2
    assert not config.database_path(data_dir).exists()
