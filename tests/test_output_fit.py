"""Output that fits the screen a new user has: the docs rendered and paged, short notes under
`list`, lines no wider than the terminal, words and IDs never cut, and a plan that agrees with
its own "For you" box. Run on the shipped catalog at the widths people use."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmeval.cli import app, pager
from tests.conftest import REPO, SHIPPED
from tests.ids_check import broken_ids

IDS = sorted(p.stem for p in SHIPPED.glob("*.toml"))
LONG = max(IDS, key=len)  # 69 characters: longer than a 60-column terminal
ANSI = re.compile(r"\x1b\[[0-9;]*m")
MMEVAL = Path(sys.executable).parent / "mmeval"


def run(runner: CliRunner, width: int, *args: str, **env: str) -> tuple[str, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width), **env})
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def too_wide(text: str, width: int) -> list[str]:
    """Lines wider than the terminal, but for an ID longer than it printed alone (it must wrap)."""
    return [line for line in text.splitlines() if len(line) > width and line.strip() not in IDS]


# --- help TOPIC ---------------------------------------------------------------------------------


def test_help_topic_on_a_terminal_is_rendered_and_paged(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    paged: list[str] = []
    monkeypatch.setattr(pager, "wanted", lambda no_pager: not no_pager)
    monkeypatch.setattr(pager, "page", paged.append)
    env = {"TTY_COMPATIBLE": "1", "LINES": "24"}
    out, _ = run(runner, 80, "help", "scoring", **env)
    assert out == "" and len(paged) == 1
    lines = ANSI.sub("", paged[0]).splitlines()
    assert lines[0].strip() == "How mmeval decides"  # its opening is the first screen, no "# "
    assert not [line for line in lines if line.startswith("#")]
    assert too_wide("\n".join(lines), 80) == []
    out, _ = run(runner, 80, "help", "scoring", "--no-pager", **env)
    assert len(paged) == 1 and ANSI.sub("", out).splitlines()[0].strip() == "How mmeval decides"
    piped, _ = run(runner, 80, "help", "scoring")  # not a terminal: the Markdown as it is
    assert piped == (REPO / "docs" / "scoring.md").read_text("utf-8")
    # On a terminal the generated records of the project's checks (the advisor panel's tables,
    # ~5,700 narrow lines at 80 columns) are left out with a line saying how to read them.
    shown = ANSI.sub("", out)
    assert len(shown.splitlines()) < 1000 and "Sign-off by fresh advisors" in shown
    assert "left out here: mmeval help scoring | less has it" in " ".join(shown.split())
    assert "E1 — Career changer" not in shown and "E1 — Career changer" in piped


@pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")
def test_help_topic_at_80x24_opens_with_its_first_screen(tmp_path: Path) -> None:
    from tests.test_pager import pexpect, screen_of, spawn

    # No less on PATH: Python's own pager, so the test needs no pager binary.
    child = spawn(tmp_path, ["help", "planning"], 80, 24, PATH=str(MMEVAL.parent))
    screen = screen_of(child, 80, 24, "-- more --")
    assert screen[0].strip() == "Study plans and credit pathways"
    assert "-- more --" in screen[-1]
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


# --- list ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100])
def test_no_line_of_list_is_wider_than_the_terminal(runner: CliRunner, shipped: Path, width: int) -> None:
    out, _ = run(runner, width, "list")
    assert too_wide(out, width) == []
    assert broken_ids(out, IDS) == []
    assert "…" in out if width == 60 else True  # subjects are shortened, not the line overflowed


def test_list_notes_on_programs_not_shown_are_short_at_80x24(runner: CliRunner, shipped: Path) -> None:
    out, err = run(runner, 80, "list", "--max-cost", "1500")
    lines = err.splitlines()
    assert lines[0].startswith("33 program(s) not shown")
    assert len(lines) <= 8, err  # one reason a line (two rows at most), not one program a line
    assert too_wide(err, 80) == [] and broken_ids(err, IDS) == []
    assert any(
        re.match(r"  price not stated \(13\): anux-evidence-based-management,", line) for line in lines
    )
    assert "and 11 more" in err and "price range crosses $1,500 (2): mitx-dedp, mitx-scm" in err
    assert "`mmeval show ID` says why" in err
    assert len(out.splitlines()) > 10  # the table is still what stdout holds


def test_list_with_few_programs_not_shown_says_why_for_each(runner: CliRunner, shipped: Path) -> None:
    _, err = run(runner, 60, "list", "--field", "supply-chain", "--max-cost", "2000")
    assert err.startswith("2 program(s) not shown: unknown if within the limit")
    assert "\n  mitx-pom: costs at least MXN 28,680" in err
    assert too_wide(err, 60) == [] and broken_ids(err, IDS) == []


def test_list_search_without_a_match_says_so_and_how_to_widen_it(runner: CliRunner) -> None:
    out, _ = run(runner, 80, "list", "--search", "zzz")
    assert "0 program(s)" not in out and "Platform" not in out
    assert out.startswith("No program matches --search zzz.")
    assert "fewer or shorter words" in out and "`mmeval list` lists all" in out
    out, _ = run(runner, 80, "list", "--search", "zzz", "--format", "json")
    assert json.loads(out) == []


# --- errors -------------------------------------------------------------------------------------


def test_usage_error_on_a_terminal_wraps_at_spaces(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["recommend", "--budget", "100"], env={"COLUMNS": "60", "TTY_COMPATIBLE": "1"}
    )
    assert result.exit_code == 2
    lines = ANSI.sub("", result.stderr).splitlines()
    assert lines[0] == "Error: missing --goal"
    assert len(lines) > 2 and all(len(line) <= 60 for line in lines)
    assert any(line.endswith("--profile NAME") for line in lines)  # never "--profil" | "e NAME"
    piped = runner.invoke(app, ["recommend", "--budget", "100"], env={"COLUMNS": "60"})
    assert len(piped.stderr.splitlines()) == 2  # to a file or pipe: one line each


# --- plan ---------------------------------------------------------------------------------------


def test_plan_chart_labels_are_shortened_with_an_ellipsis(runner: CliRunner, shipped: Path) -> None:
    data = json.loads(run(runner, 60, "plan", "adelaide-big-data", "--hours", "2", "-f", "json")[0])
    titles = [f"{s['order']} {s.get('code') or s['title']}" for s in data["steps"]]
    out, _ = run(runner, 60, "plan", "adelaide-big-data", "--hours", "2")  # 3.5 years: little room
    chart = out.split("By month", 1)[1].splitlines()[3 : 3 + len(titles)]
    labels = [re.split(r" +(?=[█?])", row, maxsplit=1)[0].rstrip() for row in chart]
    assert any(label.endswith("…") for label in labels)
    for label, title in zip(labels, titles, strict=True):
        assert label == title or (label.endswith("…") and title.startswith(label[:-1])), label


def test_plan_in_the_past_says_so(runner: CliRunner) -> None:
    _, err = run(runner, 80, "plan", "fx-full", "--start", "2020-01")
    assert err.strip() == "2020-01 is in the past: dates are as if you had started then"
    _, err = run(runner, 80, "plan", "fx-full", "--start", "2200-01")
    assert err == ""


def test_plan_says_why_its_months_differ_from_its_for_you_box(runner: CliRunner, shipped: Path) -> None:
    out, _ = run(runner, 100, "plan", "adelaide-big-data", "--hours", "5")
    flat = " ".join(out.split())
    assert "takes ~18-21 months at 5 h/week" in flat  # the For you box, as recommend says it
    assert "Finish:" in flat and "about 17.1 months" in flat
    assert (
        "`recommend` counts ~18-21 months at 5 h/week, not 17.1: it takes the program's stated length"
        " (12 months, scaled to the hours) as the least" in flat
    )
    shown, _ = run(runner, 100, "show", "adelaide-big-data")
    assert "weekly load stated per course only (4-10 h/week)" in shown


# --- recommend ----------------------------------------------------------------------------------


def test_an_id_too_long_for_its_indent_starts_at_column_0(runner: CliRunner, shipped: Path) -> None:
    out, _ = run(runner, 60, "recommend", "--goal", "explore", "--all", "--no-pager")
    assert LONG in out.splitlines()  # the whole line: not indented, so only the terminal wraps it
    assert not [line for line in out.splitlines() if line.strip() == LONG and line != LONG]


def test_a_price_in_another_currency_keeps_its_currency_in_its_basis(runner: CliRunner) -> None:
    """mitx-pom states MXN 3,585 a course: never shown as "$3,585" (about $208)."""
    args = ["recommend", "--goal", "upskill", "--field", "operations", "--budget", "3000", "--all"]
    args += ["--format", "json"]
    out = runner.invoke(app, args, env={"MMEVAL_CATALOG": str(SHIPPED)})
    rows = {r["id"]: r for r in json.loads(out.stdout)["ranking"]["rows"]}
    text = json.dumps(rows["mitx-pom"])
    assert "8 courses at MXN 3,585" in text and "$3,585" not in text


@pytest.mark.parametrize("args", [["recommend", "--goal", "upskill", "--top", "3"], ["show", "mitx-scm"]])
def test_output_to_a_file_has_no_padding_after_the_last_character(runner: CliRunner, args: list[str]) -> None:
    out = runner.invoke(app, args, env={"MMEVAL_CATALOG": str(SHIPPED), "COLUMNS": "80"}).stdout
    assert out.count("\n") > 10
    assert [line for line in out.splitlines() if line != line.rstrip()] == []
