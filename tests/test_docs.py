"""The docs describe what the code does: every command documented, the README's quick start."""

from __future__ import annotations

import re

import pytest
import typer

from mmeval.cli import app
from tests.conftest import REPO

DOCS = REPO / "docs"
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented(name: str) -> None:
    assert f"## mmeval {name}" in (DOCS / "cli.md").read_text()


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help) > 20


def test_readme_quick_start_has_two_commands() -> None:
    text = (REPO / "README.md").read_text()
    section = re.search(r"^## Quick start$(.*?)^## ", text, re.M | re.S)
    assert section
    commands = [
        line
        for block in re.findall(r"```[a-z]*\n(.*?)```", section.group(1), re.S)
        for line in block.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(commands) == 2
    assert "mmeval recommend" in commands[0] and "pip install" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]


def test_readme_quick_start_says_how_to_install_it_as_a_tool() -> None:
    """Beside the two commands (outside their code blocks, which stay two): pipx and uv."""
    text = (REPO / "README.md").read_text()
    section = re.search(r"^## Quick start$(.*?)^## ", text, re.M | re.S)
    assert section
    prose = re.sub(r"```.*?```", "", section.group(1), flags=re.S)
    assert "`pipx install .`" in prose and "`uv tool install .`" in prose


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    assert "python -m pytest -q" in readme and "python -m pytest -q" in ci


@pytest.mark.parametrize(
    "doc",
    [
        "scoring.md",
        "program-format.md",
        "cli.md",
        "export-format.md",
        "planning.md",
        "architecture.md",
        "answers.md",
    ],
)
def test_linked_docs_exist(doc: str) -> None:
    assert doc in (REPO / "README.md").read_text()
    assert (DOCS / doc).is_file()


def test_scoring_doc_names_every_criterion_and_preset() -> None:
    from mmeval.vocabulary import CRITERIA, GOALS

    text = (DOCS / "scoring.md").read_text()
    for word in (*CRITERIA, *GOALS):
        assert word in text


def test_program_format_lists_every_vocabulary_word() -> None:
    from mmeval.vocabulary import ASSESSMENT_KINDS, CREDENTIALS, MATH_TOPICS, PLATFORMS, SUBJECT_TAGS

    text = (DOCS / "program-format.md").read_text()
    for word in (*SUBJECT_TAGS, *MATH_TOPICS, *PLATFORMS, *CREDENTIALS, *ASSESSMENT_KINDS):
        assert f"`{word}`" in text, word


def _readme_examples() -> list[tuple[str, str]]:
    """Each `$ mmeval ...` line of the README's console blocks that shows its output, with it."""
    text = (REPO / "README.md").read_text()
    out = []
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        for chunk in re.split(r"^(?=\$ )", block, flags=re.M):
            command, _, shown = chunk.partition("\n")
            shown = "".join(line for line in shown.splitlines(True) if not line.lstrip().startswith("#"))
            if command.startswith("$ mmeval") and shown.strip():
                out.append((command[2:], shown))
    return out


@pytest.mark.parametrize(("command", "shown"), _readme_examples(), ids=lambda x: x[:40])
def test_readme_examples_print_what_the_readme_shows(
    command: str, shown: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's examples are what the shipped catalog prints at 100 columns, without colour."""
    from typer.testing import CliRunner

    monkeypatch.delenv("MMEVAL_CATALOG", raising=False)
    result = CliRunner().invoke(app, command.split()[1:], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    # stdout, then what stderr adds (as a terminal shows both; the notes come after the table)
    printed = "\n".join(line.rstrip() for line in (result.stdout + result.stderr).splitlines())
    assert printed == shown.rstrip("\n"), "run the command and paste its output into README.md"
