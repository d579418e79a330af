"""`python -m kapnotes` as a separate process: exit status, output, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

from kapnotes import config


def _run(*argv: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != config.PASSPHRASE_ENV}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "kapnotes", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_demo_then_search_in_a_real_process(tmp_path):
    folder = str(tmp_path / "d")
    built = _run("--data-dir", folder, "demo", "--clients", "2", "--sessions-per-client", "3")
    assert built.returncode == 0, built.stderr
    assert "2 clients" in built.stdout
    found = _run("search", "grief", "--data-dir", folder,
                 env_extra={config.PASSPHRASE_ENV: config.DEMO_PASSPHRASE})  # fmt: skip
    assert found.returncode == 0, found.stderr
    assert found.stdout.count("DEMO-") >= 1
    path = config.database_path(tmp_path / "d")
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_corrupt_file_in_a_real_process(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    path = config.database_path(folder)
    path.write_bytes(b"SQLite format 3\x00" + b"\x00\xff" * 3000)
    before = path.read_bytes()
    for argv in (("check",), ("import", str(path)), ("export", "json", "-o", "-")):
        done = _run(*argv, "--data-dir", str(folder))
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert path.read_bytes() == before


def test_output_piped_into_a_reader_that_stops_early(tmp_path):
    """`kapnotes audit list | head -1`: the closed pipe ends the command quietly."""
    folder = str(tmp_path / "d")
    # Far more than a pipe's 64 KiB buffer, so the write really meets the closed pipe.
    assert _run("--data-dir", folder, "demo", "--clients", "200").returncode == 0
    env = {k: v for k, v in os.environ.items() if k != config.PASSPHRASE_ENV}
    env[config.PASSPHRASE_ENV] = config.DEMO_PASSPHRASE
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kapnotes",
            "--data-dir",
            folder,
            "audit",
            "list",
            "--limit",
            "5000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line, like `head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert proc.returncode in (0, 141)
