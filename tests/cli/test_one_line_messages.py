"""Issue 12 item 16: each of these is one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import pytest
from cli_helpers import assert_one_line_error

from kapnotes import config
from kapnotes.store import open_practice
from kapnotes.store.demo import build_demo


def test_a_300_character_data_dir_is_one_line(cli, tmp_path):
    result = cli("--data-dir", str(tmp_path / ("x" * 300)), "check")
    assert_one_line_error(result, "--data-dir", "300 characters long")
    assert result.code == 2


def test_a_path_too_long_overall_is_one_line(cli, tmp_path):
    deep = tmp_path.joinpath(*["z"] * 2100)
    result = cli("--data-dir", str(deep), "check")
    assert_one_line_error(result, "File name too long")
    assert len(result.err) < 200


@pytest.mark.parametrize("argv", [("--data-dir", ""), ("--data-dir=",), ("--data-dir", "  ")])
def test_an_empty_data_dir_is_refused_not_the_default_folder(cli, data_dir, argv):
    # The default folder (KAPNOTES_DATA_DIR in the tests) holds a practice: never touched.
    config.ensure_private_dir(data_dir)
    open_practice(config.database_path(data_dir), create=True).close()
    for command in (("check",), ("search", "x"), ("backup",)):
        result = cli(*argv, *command)
        assert_one_line_error(result, "--data-dir is empty")
    assert not config.backup_dir(data_dir).exists()


def test_a_passphrase_file_with_a_byte_order_mark_opens_the_practice(cli, tmp_path, data_dir):
    config.ensure_private_dir(data_dir)
    open_practice(config.database_path(data_dir), "bom passphrase", create=True).close()
    secret = tmp_path / "pass.txt"
    secret.write_bytes("\ufeffbom passphrase\r\n".encode())
    result = cli("check", "--passphrase-file", str(secret))
    assert result.code == 0, result.err
    assert "ok" in result.out


def _damage(path) -> None:
    data = bytearray(path.read_bytes())
    for page in range(8, len(data) // 4096 - 1):
        start = page * 4096
        for i in range(start + 8, start + 40):
            data[i] = (data[i] + 7) % 256
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "command", [("check",), ("export", "json", "-o", "-"), ("search", "x"), ("audit", "verify")]
)
def test_the_damaged_file_message_is_one_line(cli, data_dir, command):
    path = config.database_path(data_dir)
    config.ensure_private_dir(data_dir)
    with open_practice(path, create=True) as practice:
        build_demo(practice, clients=3, sessions_per_client=3, seed=1)
    _damage(path)
    result = cli(*command)
    assert_one_line_error(result, "damaged", "restore it from a backup")
    assert len(result.err) < 300
