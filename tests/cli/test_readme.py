"""Every command is shown in README.md's command-line section (a command nobody can find is
not there for a user)."""

from __future__ import annotations

import re
from pathlib import Path

from kapnotes.cli import COMMANDS

README = Path(__file__).resolve().parents[2] / "README.md"


def _command_line_section() -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"^## Command line\n(.*?)(?=^## )", text, re.S | re.M)
    assert match, "README.md has no '## Command line' section"
    return match.group(1)


def test_every_command_is_in_the_readme_command_line_section():
    section = _command_line_section()
    missing = []
    for name in COMMANDS:
        if name == "gui":  # the default: plain `kapnotes` starts the app
            found = re.search(r"^kapnotes( gui)?\s+#", section, re.M)
        else:
            found = re.search(rf"^kapnotes {re.escape(name)}\b", section, re.M)
        if not found:
            missing.append(name)
    assert not missing, f"README.md's command-line section does not show: {', '.join(missing)}"
