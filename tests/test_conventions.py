"""The conventions of the CLIs people already use (issue 20, part 8): -h and -V, examples in each
command's help (each one run here), `mmeval help TOPIC` from the installed package's docs, and
`mmeval completion SHELL` printing a script that completes program IDs and subject tags."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from mmeval import __version__
from mmeval.cli import app
from mmeval.cli.conventions import EXAMPLES
from mmeval.cli.help_cmds import TOPICS, docs_folder
from mmeval.vocabulary import GOALS
from tests.conftest import FIXTURES, REPO, SHIPPED

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def help_of(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, [*args, "-h"], prog_name="mmeval", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


# --- -h and -V -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_dash_h_is_help_everywhere(runner: CliRunner, name: str) -> None:
    args = [name] if name else []
    long = runner.invoke(app, [*args, "--help"], prog_name="mmeval", env={"COLUMNS": "200"})
    assert help_of(runner, *args) == long.stdout
    assert "Usage: mmeval" in help_of(runner, *args)


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_dash_v_is_the_version(runner: CliRunner, flag: str) -> None:
    result = runner.invoke(app, [flag])
    assert (result.exit_code, result.stdout) == (0, f"mmeval {__version__}\n")


def test_dash_v_takes_the_fast_path_without_typer() -> None:
    """`mmeval -V`, like --version, answers before Typer, Rich or Pydantic is imported."""
    from tests.test_performance import modules_after

    loaded = modules_after("-V")
    assert not loaded & {"typer", "rich", "pydantic", "click"}


# --- examples in each command's help ------------------------------------------------------------


def test_every_command_has_examples() -> None:
    assert sorted(EXAMPLES) == COMMANDS


def test_the_command_list_says_each_command_in_one_sentence(runner: CliRunner) -> None:
    """`mmeval -h` at 200 columns: one line per command, never a sentence broken mid-way."""
    shown = runner.invoke(app, ["-h"], env={"COLUMNS": "200"}).stdout
    lines = shown.split("Commands")[1].splitlines()
    rows = [line.strip("│ ").split(None, 1) for line in lines if line.startswith("│")]
    assert sorted(row[0] for row in rows) == COMMANDS  # no second line for any command


def test_each_example_in_help_runs(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every `$ mmeval ...` line a command's -h shows exits 0 on the shipped catalog, run in the
    order given (the result file one example writes is the file `report` reads)."""
    monkeypatch.setenv("MMEVAL_CATALOG", str(SHIPPED))
    monkeypatch.chdir(tmp_path)
    ran = []
    for name in EXAMPLES:
        shown = re.findall(r"^\s*\$ (mmeval .*?)\s*$", help_of(runner, name), re.M)
        assert shown == [line for _, line in EXAMPLES[name]], name  # whole lines, not wrapped
        for line in shown:
            command, _, target = line.partition(" > ")  # a redirect: the output is what it saves
            assert not target or target.startswith("~/"), line
            result = runner.invoke(app, shlex.split(command)[1:])
            assert result.exit_code == 0, (line, result.output)
            assert result.stdout.strip(), line
            ran.append(line)
    assert "mmeval report result.toml" in ran


# --- help TOPIC ---------------------------------------------------------------------------------


def test_help_lists_the_topics(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help"])
    assert result.exit_code == 0
    for topic in TOPICS:
        assert f"  {topic} " in result.stdout


@pytest.mark.parametrize("topic", TOPICS)
def test_help_topic_prints_the_doc(runner: CliRunner, topic: str) -> None:
    result = runner.invoke(app, ["help", topic])
    assert result.exit_code == 0
    assert result.stdout == (REPO / "docs" / f"{topic}.md").read_text("utf-8")


def test_the_docs_are_found_through_the_package_and_equal_the_repos() -> None:
    """docs_folder() is importlib.resources' mmeval/docs in an installed wheel (CI installs one),
    the repo's docs/ in a source checkout; either way it holds the repo's text, and the wheel
    is told to ship it."""
    folder = docs_folder()
    for topic in TOPICS:
        packaged = (folder / f"{topic}.md").read_text("utf-8")
        assert packaged == (REPO / "docs" / f"{topic}.md").read_text("utf-8"), topic
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]["build"]["targets"]
    assert wheel["wheel"]["force-include"]["docs"] == "mmeval/docs"


def test_a_wheel_layout_finds_its_packaged_docs(tmp_path: Path) -> None:
    """Laid out as the wheel is (mmeval/ with docs/ inside, per pyproject's force-include) and run
    from a zip, as nothing on disk: `mmeval help` reads the packaged copy through importlib.resources."""
    import zipfile

    archive = tmp_path / "mmeval.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (REPO / "src" / "mmeval").rglob("*.py"):
            z.write(path, path.relative_to(REPO / "src").as_posix())
        z.write(REPO / "docs" / "planning.md", "mmeval/docs/planning.md")
    code = (
        f"import sys; sys.path.insert(0, {str(archive)!r}); sys.argv = ['mmeval', 'help', 'planning']\n"
        "from mmeval.cli.help_cmds import docs_folder; print(type(docs_folder()).__name__, file=sys.stderr)\n"
        "from mmeval.entry import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "Path"  # zipfile.Path: the archive's copy, not the repo's docs/
    assert result.stdout == (REPO / "docs" / "planning.md").read_text("utf-8")


def test_help_unknown_topic_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["help", "scorng"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Did you mean: scoring?" in result.stderr
    result = runner.invoke(app, ["help", "show"])
    assert "mmeval show -h" in result.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_help_texts_point_to_mmeval_help_not_docs_files(runner: CliRunner, name: str) -> None:
    assert "docs/" not in help_of(runner, name)


# --- completion ----------------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_and_changes_no_file(
    runner: CliRunner, shell: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["completion", shell])
    assert result.exit_code == 0, result.output
    assert "_MMEVAL_COMPLETE=complete_" in result.stdout and "mmeval" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_install_completion_is_kept(runner: CliRunner) -> None:
    assert "--install-completion" in help_of(runner)


def complete(runner: CliRunner, words: str) -> list[str]:
    """What bash is offered for the last word of `words` (a trailing space: a new word)."""
    parts = words.split(" ")
    env = {"_MMEVAL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = runner.invoke(app, [], prog_name="mmeval", env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_completion_offers_the_ids_of_the_catalog_in_use(runner: CliRunner) -> None:
    fixtures = sorted(p.stem for p in FIXTURES.glob("*.toml"))
    assert complete(runner, "mmeval show ") == fixtures
    assert complete(runner, "mmeval compare fx-full fx-m") == [i for i in fixtures if i.startswith("fx-m")]
    assert "mitx-scm" in complete(runner, f"mmeval explain --catalog {SHIPPED} mitx-s")
    assert complete(runner, "mmeval plan --catalog /no/such/folder ") == []


def test_completion_offers_subject_tags_for_field(runner: CliRunner) -> None:
    assert complete(runner, "mmeval recommend --field supply") == ["supply-chain"]
    assert "data-science" in complete(runner, "mmeval list --field ")
    assert "all" in complete(runner, "mmeval recommend --field a")


def test_completion_offers_goals_and_math_topics(runner: CliRunner) -> None:
    assert complete(runner, "mmeval recommend --goal ") == list(GOALS)
    assert complete(runner, "mmeval recommend --goal mb") == ["mba-path"]
    assert complete(runner, "mmeval explain fx-full --goal deg") == ["degree-credit"]
    assert complete(runner, "mmeval recommend --math lin") == ["linear-algebra"]
    assert complete(runner, "mmeval recommend --math no") == ["none"]


def test_the_examples_say_what_they_do(runner: CliRunner) -> None:
    """The fish example saves the script where fish looks (its comment says so), and no example
    names a start month that is already past."""
    fish = [line for _, line in EXAMPLES["completion"] if "fish" in line]
    assert fish == ["mmeval completion fish > ~/.config/fish/completions/mmeval.fish"]
    months = re.findall(r"--start (\d{4}-\d{2})", " ".join(line for e in EXAMPLES.values() for _, line in e))
    assert all(m > dt.date.today().strftime("%Y-%m") for m in months), months


def test_completion_script_drives_the_installed_command(tmp_path: Path) -> None:
    """What the bash script runs on Tab, run as bash would: the installed command answers with IDs."""
    script = Path(sys.executable).parent / "mmeval"
    if not script.is_file():
        pytest.skip("needs the installed console script")
    env = {**os.environ, "_MMEVAL_COMPLETE": "complete_bash", "COMP_WORDS": "mmeval show mitx-sc"}
    env.update(COMP_CWORD="2", MMEVAL_CATALOG=str(SHIPPED))
    result = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.split() == ["mitx-scm"]
