"""Assertions shared by the command-line tests."""

from __future__ import annotations


def assert_one_line_error(result, *words: str) -> None:
    """A failure: non-zero status, one line on stderr starting with "kapnotes:", no traceback."""
    assert result.code != 0
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("kapnotes: ")
    assert "Traceback" not in result.err
    for word in words:
        assert word in lines[0], lines[0]
