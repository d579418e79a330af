"""Running the command line in-process, as a user types it, with its exit status and output."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kapnotes import config
from kapnotes.cli import run
from kapnotes.store import open_practice
from kapnotes.store.demo import build_demo


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch):
    """cli("search", "x") -> Result; argparse's own exits become a status too."""
    monkeypatch.delenv(config.PASSPHRASE_ENV, raising=False)

    def call(*argv: str) -> Result:
        capsys.readouterr()
        try:
            code = run(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
            if isinstance(exc.code, str):
                print(exc.code, file=__import__("sys").stderr)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return call


@pytest.fixture
def data_dir(tmp_path):
    """The default data folder (KAPNOTES_DATA_DIR, set by tests/conftest.py)."""
    return tmp_path / "data"


@pytest.fixture
def filled(data_dir):
    """A plain (unencrypted) practice with 4 demo clients in the default data folder."""
    path = config.database_path(data_dir)
    config.ensure_private_dir(data_dir)
    practice = open_practice(path, create=True)
    build_demo(practice, clients=4, sessions_per_client=6, seed=2)
    practice.close()
    return path
