"""`mmeval plan` and `mmeval pathways`, driven the way a user drives them."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

from rich.console import Console
from typer.testing import CliRunner

from mmeval.catalog.load import load_catalog
from mmeval.cli import app
from mmeval.planning.pathways import pathway_report
from mmeval.planning.plan import plan_program
from mmeval.render.plan import pathways_view, plan_view


def run_json(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# --- plan -----------------------------------------------------------------------------------------


def test_plan_fixture_in_order_with_hand_computed_finish(runner: CliRunner) -> None:
    # fx-full: 4 courses x 10 weeks at 8-12 h/week; at 10 h/week one at a time: 40 weeks =
    # 280 days from 2026-01-01 -> 2026-10-08; the last day of study is 2026-10-07.
    result = runner.invoke(app, ["plan", "fx-full", "--start", "2026-01"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    titles = ["Foundations", "Methods", "Advanced Methods", "Systems"]
    assert [out.index(t) for t in titles] == sorted(out.index(t) for t in titles)
    assert "Finish: 2026-10 (40 weeks, about 9.2 months)" in out
    assert "Assumes: one course at a time" in out
    assert "\x1b[" not in out
    data = run_json(runner, "plan", "fx-full", "--start", "2026-01")
    assert data["finish"] == "2026-10-07"
    assert [s["key"] for s in data["steps"]] == ["F1", "F2", "F3", "F4", "final-assessment"]


def test_plan_real_program_slower_at_6_than_at_12_hours(runner: CliRunner, shipped: Path) -> None:
    six = runner.invoke(app, ["plan", "adelaide-big-data", "--hours", "6", "--start", "2026-01"])
    twelve = runner.invoke(app, ["plan", "adelaide-big-data", "--hours", "12", "--start", "2026-01"])
    assert (six.exit_code, twelve.exit_code) == (0, 0)
    # self-paced courses of 10, 10, 10 and 12 weeks at 8-10 h/week and a 6-week capstone at 4-5:
    # at 6 h/week the courses stretch (x 8/6: 14, 14, 14, 16 weeks) and the capstone shortens
    # (x 5/6: 5) = 63 weeks; at 12 all shorten (x 10/12: 9, 9, 9, 10; capstone x 5/12: 3) = 40
    assert "Finish: 2027-03 (63 weeks" in six.stdout
    assert "Finish: 2026-10 (40 weeks" in twelve.stdout
    scm = runner.invoke(app, ["plan", "mitx-scm", "--hours", "6", "--start", "2026-01"])
    assert "does not fit as scheduled" in " ".join(scm.stdout.split())  # 6 h < its 8 h/week
    for result in (six, twelve):
        assert "more than 15" not in result.stdout and "heavy" not in result.stdout
    two = runner.invoke(app, ["plan", "mitx-scm", "--hours", "12", "--parallel", "2", "--start", "2026-01"])
    assert two.exit_code == 0
    assert "CTL.SC1x + CTL.SC2x together need 20 h/week, more than 15" in " ".join(two.stdout.split())


def test_plan_math_warnings_list_the_courses(runner: CliRunner) -> None:
    data = run_json(runner, "plan", "fx-full", "--math", "calculus")
    assert [(g["topic"], g["courses"]) for g in data["math_gaps"]] == [("probability", ["F3"])]
    data = run_json(runner, "plan", "fx-full", "--math", "calculus", "--math", "probability")
    assert data["math_gaps"] == [] and not any("Review" in w for w in data["warnings"])


def test_plan_reads_the_profile_and_flags_override_it(runner: CliRunner, tmp_path: Path) -> None:
    profile = tmp_path / "me.toml"
    profile.write_text('hours_per_week = 5\nmonths = 6\nmath = ["calculus", "probability"]\n')
    data = run_json(runner, "plan", "fx-full", "--profile", str(profile), "--start", "2026-01")
    assert data["hours_per_week"] == 5 and data["steps"][0]["weeks"] == 16  # 10 x 8 / 5: below 8-12 h
    assert data["math_gaps"] == []
    assert any("more than your 6 (--months)" in w for w in data["warnings"])
    data = run_json(runner, "plan", "fx-full", "--profile", str(profile), "--hours", "10")
    assert data["hours_per_week"] == 10 and data["steps"][0]["weeks"] == 10


def test_plan_default_start_is_next_month(runner: CliRunner) -> None:
    today = dt.date.today()
    start = dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)
    assert run_json(runner, "plan", "fx-full")["start"] == start.isoformat()


def test_plan_toml_is_parseable(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "fx-full", "--format", "toml", "--start", "2026-01"])
    assert result.exit_code == 0
    assert tomllib.loads(result.stdout)["total_weeks"] == 40


def test_plan_unknown_effort_is_said_not_guessed(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "fx-sparse"])
    assert result.exit_code == 0
    assert "Finish: unknown" in result.stdout


def test_plan_user_errors_exit_2_without_traceback(runner: CliRunner) -> None:
    for args, message in [
        (["plan", "fx-full", "--start", "2026-13"], "bad --start '2026-13'"),
        (["plan", "fx-ful"], "Did you mean: fx-full"),
        (["plan", "fx-full", "--parallel", "0"], "--parallel"),
        (["plan", "fx-full", "--profile", "/nonexistent/me.toml"], "does not exist"),
    ]:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, args
        assert result.stdout == ""
        assert message in result.stderr
        assert "Traceback" not in result.stderr


# --- pathways -------------------------------------------------------------------------------------


def test_pathways_master_credit_share_and_what_remains(runner: CliRunner, shipped: Path) -> None:
    result = runner.invoke(app, ["pathways", "mitx-scm"])
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "50% of the degree" in out
    assert "One on-campus semester (January-June)" in out
    assert "$74,000 (as of 2018-07-17) for the whole degree" in out
    assert "admission not guaranteed" in out  # the conditions, next to the numbers
    assert "is not guaranteed" in out  # the general caveat
    assert "MicroMasters vs. a master's vs. an MBA" in out
    assert "Assumes:" in out


def test_pathways_real_program_without_any(runner: CliRunner, shipped: Path) -> None:
    none = next(p.id for p in load_catalog(shipped) if p.pathways is None)
    result = runner.invoke(app, ["pathways", none])
    assert result.exit_code == 0
    assert "No credit pathway is listed" in " ".join(result.stdout.split())
    assert run_json(runner, "pathways", none)["status"] == "unknown"


def test_pathways_fixture_mba_and_json_keys(runner: CliRunner) -> None:
    data = run_json(runner, "pathways", "fx-mba")
    assert sorted(data) == [
        "assumptions",
        "caveat",
        "options",
        "pathways",
        "program_id",
        "program_name",
        "reviewed",
        "status",
        "university",
    ]
    assert [o["label"] for o in data["options"]] == ["This MicroMasters", "Master's", "MBA"]
    assert data["options"][2]["credit"] == "20% of the degree"
    assert data["options"][1]["cost"] == "unknown"


def test_commands_have_help(runner: CliRunner) -> None:
    for name in ("plan", "pathways"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "ID" in result.stdout


# --- rendering at 80 columns ----------------------------------------------------------------------


def render(renderable: Any, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_views_fit_the_width_without_cutting_numbers() -> None:
    catalog = load_catalog(Path(__file__).parent.parent / "programs")
    scm = catalog.get("mitx-scm")
    plan = plan_program(scm, hours=12, start=dt.date(2026, 1, 1), parallel=2)
    for width in (50, 80, 120):
        text = render(plan_view(plan), width)
        assert max(map(len, text.splitlines())) <= width
        assert "…" not in text
        for number in ("2026-01", "2026-10", "42 weeks", "20"):
            assert number in text
        text = render(pathways_view(pathway_report(scm)), width)
        assert max(map(len, text.splitlines())) <= width
        assert "…" not in text
        flat = " ".join(text.split())
        for number in ("$74,000", "$1,295", "50%", "33%", "16 of 48 credits"):
            assert number in flat
