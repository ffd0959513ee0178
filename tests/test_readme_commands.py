"""The README's command table agrees with the CLI (as datasette checks its docs with cog).

Every command of the Typer app has a row in the table under "## Commands"; every row names
a real command, and every option a row shows appears in that command's ``--help`` (or in
``ansvar --help``, for the global ``--db``). Adding, renaming or dropping a command or an
option without the README fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
GROUPS = {g.name: g.typer_instance for g in app.registered_groups}  # `ansvar taxonomy add|list|show`
COMMANDS = sorted([c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands], key=str)
COMMANDS += sorted(GROUPS)
runner = CliRunner()


def table_rows() -> dict[str, str]:
    """Command name → the first cell of its row in the README's command table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cell = line.split("|")[1].strip() if line.startswith("| `ansvar ") else None
        if cell:
            usage = cell.strip("`").replace("\\|", "|")
            rows[usage.split()[1]] = usage
    return rows


def help_text(*args: str) -> str:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def options_of(usage: str) -> list[str]:
    """The options a README row shows: ``--in`` in ``ansvar gaps [--in J]``."""
    return re.findall(r"(?<![\w-])--[a-z][a-z-]*", usage)


def test_the_table_is_found():
    assert len(table_rows()) >= 10


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_row(command):
    assert command in table_rows(), f"`ansvar {command}` is missing from the README's command table"


@pytest.mark.parametrize("command", sorted(table_rows()))
def test_every_row_names_a_real_command_and_real_options(command):
    assert command in COMMANDS, f"the README lists `ansvar {command}`, which the CLI does not have"
    known = help_text(command) + help_text()
    for sub in GROUPS[command].registered_commands if command in GROUPS else ():  # a group's commands' options
        known += help_text(command, sub.name or sub.callback.__name__.replace("_", "-"))
    for option in options_of(table_rows()[command]):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", known), (
            f"the README shows `ansvar {command} {option}`, which its --help does not"
        )


def test_the_check_notices_a_wrong_option():
    """The check can fail: an option no command has is not found in any help."""
    assert options_of("ansvar gaps [--in J] [--colour C]") == ["--in", "--colour"]
    assert not re.search(r"(?<![\w-])--colour(?![\w-])", help_text("gaps") + help_text())
