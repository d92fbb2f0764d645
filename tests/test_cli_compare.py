"""`compare` as a user drives it: side-by-side facts, marked winners, verdict, errors, 80 columns."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mmeval.cli import app
from mmeval.vocabulary import CRITERIA

SCM, SDS = "mitx-scm", "mitx-sds"
MARK = "✓"
NUMBER = re.compile(r"\d+(?:[.,:\-]\d+)*")  # 1,350  2022-06  9-24  76.7  2026-11-24
TABLE_LINE = re.compile(r"^[┏┃┡│├└]")
BORDER_END = ("┓", "┃", "┩", "│", "┤", "┘")


def run(runner: CliRunner, *args: str, env: dict[str, str] | None = None) -> Any:
    result = runner.invoke(app, ["compare", *args], env=env)
    assert result.exit_code == 0, result.stderr
    return result


def data(runner: CliRunner, *args: str) -> dict[str, Any]:
    return json.loads(run(runner, *args, "--format", "json").stdout)


def table_rows(text: str) -> dict[str, list[str]]:
    """Body rows of the side-by-side table: label -> each program cell, wrapped lines rejoined."""
    rows: dict[str, list[str]] = {}
    current: list[list[str]] | None = None
    for line in text.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip().strip("│").split("│")]
            current = current or [[] for _ in cells]
            for parts, cell in zip(current, cells, strict=True):
                if cell:
                    parts.append(cell)
        elif current is not None:  # a rule line ends the row
            rows[" ".join(current[0])] = [" ".join(parts) for parts in current[1:]]
            current = None
    return rows


def score(row: dict[str, Any], criterion: str) -> float:
    return float(next(s for s in row["scores"] if s["criterion"] == criterion)["points"])


def marked(row: list[str]) -> tuple[int, ...]:
    return tuple(i for i, cell in enumerate(row) if cell.endswith(MARK))


# --- facts read straight from the program files, independently of mmeval ---------------------


def program_file(folder: Path, pid: str) -> dict[str, Any]:
    return tomllib.loads((folder / f"{pid}.toml").read_text("utf-8"))


def total_cost(p: dict[str, Any]) -> float | None:
    cost = p.get("cost", {})
    if "total" in cost:
        return float(cost["total"])
    n = p.get("course_count") or len(p.get("courses", []))
    if "per_course" in cost and n:
        return float(cost["per_course"] * n + cost.get("exam_fee", 0))
    prices = [c.get("price") for c in p.get("courses", [])]
    return float(sum(prices)) if prices and None not in prices else None


def middle(section: str, key: str) -> Callable[[dict[str, Any]], float | None]:
    def value(p: dict[str, Any]) -> float | None:
        stated = [p.get(section, {}).get(f"{key}_{end}") for end in ("min", "max")]
        known = [float(v) for v in stated if v is not None]
        return sum(known) / len(known) if known else None

    return value


def best_credit_share(p: dict[str, Any]) -> float | None:
    shares = [pw["credit_fraction"] for pw in p.get("pathways", []) if "credit_fraction" in pw]
    return max(shares) if shares else None


def newest_source_year(p: dict[str, Any]) -> float | None:
    years = [int(s["as_of"][:4]) for s in p["sources"] if "as_of" in s]
    return float(max(years)) if years else None


def expected_best(values: list[float | None], *, lower: bool) -> tuple[int, ...]:
    known = [v for v in values if v is not None]
    if len(known) < 2 or len(set(known)) == 1:
        return ()
    target = min(known) if lower else max(known)
    return tuple(i for i, v in enumerate(values) if v == target)


FACT_RULES = [
    ("Months to complete", middle("time", "months"), True),
    ("Hours a week", middle("time", "hours"), True),
    ("Credit pathways", best_credit_share, False),
    ("Facts dated", newest_source_year, False),
]


# --- the side-by-side table -----------------------------------------------------------------


def test_must_show_two_real_programs_side_by_side(runner: CliRunner, shipped: Path) -> None:
    result = run(runner, SCM, SDS)
    out = result.stdout
    assert "Side by side" in out and SCM in out and SDS in out
    assert out.count(MARK) >= 5, "winners are marked"
    summary = data(runner, SCM, SDS)
    leader = summary["ranking"]["rows"][0]["id"]
    verdict = summary["comparison"]["verdict"]
    assert verdict.startswith(f"{leader} leads") or verdict.startswith("No clear winner")
    assert " ".join(verdict.split()) in " ".join(out.split())
    rows = table_rows(out)
    for label in (
        "Months to complete",
        "Hours a week",
        "Courses",
        "Final exam / capstone",
        "Math prerequisites",
        "Credit pathways",
        "Platform",
        "Facts dated",
        "Entry reviewed",
        "Total",
    ):
        assert label in rows, f"row {label!r} missing"
    assert "\x1b[" not in out


@pytest.mark.parametrize("order", [(SCM, SDS), (SDS, SCM)])
@pytest.mark.parametrize(("label", "fact", "lower"), FACT_RULES, ids=[r[0] for r in FACT_RULES])
def test_winner_marks_follow_the_program_files(
    runner: CliRunner,
    shipped: Path,
    order: tuple[str, str],
    label: str,
    fact: Callable[[dict[str, Any]], float | None],
    lower: bool,
) -> None:
    expected = expected_best([fact(program_file(shipped, pid)) for pid in order], lower=lower)
    table = table_rows(run(runner, *order).stdout)
    facts = {f["label"]: f for f in data(runner, *order)["comparison"]["facts"]}
    assert tuple(facts[label]["best"]) == expected
    assert marked(table[label]) == expected


def test_prices_from_different_years_are_shown_not_compared(runner: CliRunner, shipped: Path) -> None:
    # mitx-scm's price is computed from 2020 course prices and a fee, mitx-sds's is a 2022 figure:
    # each is shown with its year, and neither is marked as the better price.
    rows = table_rows(run(runner, SCM, SDS).stdout)
    label = "Total cost (prices from different years: not compared)"
    assert label in rows and marked(rows[label]) == ()
    assert "$1,295-$1,595 (as of 2020" in rows[label][0]
    assert "$1,500 (as of 2022-06)" in rows[label][1]
    facts = {f["label"]: f for f in data(runner, SCM, SDS)["comparison"]["facts"]}
    assert facts[label]["best"] == []


def test_prices_of_one_year_mark_the_cheaper(runner: CliRunner, shipped: Path) -> None:
    a, b = "adelaide-big-data", "ubc-software-development"  # both 2022-06 totals
    costs = [total_cost(program_file(shipped, pid)) for pid in (a, b)]
    rows = table_rows(run(runner, a, b).stdout)
    assert "Total cost" in rows, rows.keys()
    cheaper = costs.index(min(c for c in costs if c is not None))
    assert marked(rows["Total cost"]) == (cheaper,)


@pytest.mark.parametrize(
    "math",
    [["none"], ["calculus", "linear-algebra", "probability", "programming"], ["algebra", "statistics"]],
)
def test_math_row_marks_the_smaller_gap(runner: CliRunner, shipped: Path, math: list[str]) -> None:
    def gap(pid: str) -> float:
        p = program_file(shipped, pid)
        pre = p.get("prerequisites", {})
        need = set(pre.get("math", [])) | {t for c in p.get("courses", []) for t in c.get("math", [])}
        if pre.get("programming"):
            need.add("programming")
        taught = [c for c in p.get("courses", []) if not c.get("final")]
        first = next((c for c in taught if c.get("foundational")), taught[0] if taught else {})
        have = set(math) | ({"algebra"} if {"calculus", "linear-algebra"} & set(math) else set())
        return float(len(need - have - set(first.get("teaches", []))))  # its first course teaches it

    flags = [arg for topic in math for arg in ("--math", topic)]
    expected = expected_best([gap(SCM), gap(SDS)], lower=True)
    row = table_rows(run(runner, SCM, SDS, *flags).stdout)["Math prerequisites"]
    assert marked(row) == expected


def test_criterion_rows_and_total_marked_from_the_scores(runner: CliRunner, shipped: Path) -> None:
    summary = data(runner, SCM, SDS, "--goal", "career-change", "--budget", "1400")
    weights = summary["ranking"]["weights"]
    by_id = {r["id"]: r for r in summary["ranking"]["rows"]}
    table = table_rows(run(runner, SCM, SDS, "--goal", "career-change", "--budget", "1400").stdout)
    criterion_rows = [f for f in summary["comparison"]["facts"] if re.search(r"\(\d+%\)$", f["label"])]
    assert len(criterion_rows) == len(weights), "one row per weighted criterion"
    assert any(f["label"].startswith("Affordability") for f in criterion_rows), "--budget scores cost"
    in_order = [c for c in CRITERIA if c in weights]  # rows follow CRITERIA; JSON keys are sorted
    for criterion, row in zip(in_order, criterion_rows, strict=True):
        points = [score(by_id[pid], criterion) for pid in (SCM, SDS)]
        assert tuple(row["best"]) == expected_best([*points], lower=False)
        assert marked(table[row["label"]]) == tuple(row["best"])
    leader = summary["ranking"]["rows"][0]["id"]
    assert marked(table["Total"]) == ((SCM, SDS).index(leader),)


def test_columns_follow_the_order_given_ranking_does_not(runner: CliRunner) -> None:
    forward = data(runner, "fx-full", "fx-mba", "fx-sparse")
    backward = data(runner, "fx-sparse", "fx-mba", "fx-full")
    assert forward["ranking"] == backward["ranking"]
    assert forward["comparison"]["ids"] == ["fx-full", "fx-mba", "fx-sparse"]
    assert backward["comparison"]["ids"] == ["fx-sparse", "fx-mba", "fx-full"]
    for f, b in zip(forward["comparison"]["facts"], backward["comparison"]["facts"], strict=True):
        assert f["values"] == b["values"][::-1]
        assert sorted(2 - i for i in f["best"]) == sorted(b["best"])
    assert forward["comparison"]["verdict"] == backward["comparison"]["verdict"]


def test_default_goal_is_explore_and_profile_flags_apply(runner: CliRunner, tmp_path: Path) -> None:
    assert data(runner, "fx-full", "fx-mba")["profile"]["goal"] == "explore"
    profile = tmp_path / "me.toml"
    profile.write_text('goal = "mba-path"\nbudget_usd = 2000\n', encoding="utf-8")
    from_file = data(runner, "fx-full", "fx-mba", "--profile", str(profile))
    assert (from_file["profile"]["goal"], from_file["profile"]["budget_usd"]) == ("mba-path", 2000)
    overridden = data(runner, "fx-full", "fx-mba", "--profile", str(profile), "--goal", "upskill")
    assert overridden["ranking"]["goal"] == "upskill"


def test_json_and_toml_print_the_same_data_and_nothing_else(runner: CliRunner) -> None:
    args = ("fx-full", "fx-mba", "fx-sparse", "--goal", "degree-credit", "--budget", "900")
    as_json = run(runner, *args, "--format", "json")
    as_toml = run(runner, *args, "--format", "toml")
    assert json.loads(as_json.stdout) == tomllib.loads(as_toml.stdout)
    assert as_json.stderr == as_toml.stderr == ""
    assert "\x1b[" not in as_json.stdout + as_toml.stdout
    summary = json.loads(as_json.stdout)
    assert summary["meta"]["command"] == "compare" and "timestamp" not in summary["meta"]
    assert summary["comparison"]["ids"] == ["fx-full", "fx-mba", "fx-sparse"]


def test_same_inputs_same_bytes(runner: CliRunner) -> None:
    for fmt in ("table", "json", "toml"):
        first = run(runner, "fx-mba", "fx-full", "--format", fmt).stdout
        assert run(runner, "fx-mba", "fx-full", "--format", fmt).stdout == first


# --- usage errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["fx-full"], "at least two"),
        ([f"fx-{n}" for n in "abcdefg"], "at most 6"),
        (["fx-full", "fx-mba", "fx-full"], "more than once: fx-full"),
        (["fx-full", "fx-mbaa"], "Did you mean: fx-mba"),
        (["fx-fulll", "fx-mba"], "no program with ID 'fx-fulll'"),
    ],
    ids=["one-id", "seven-ids", "repeated", "unknown-suggests", "unknown-named"],
)
def test_usage_errors_exit_2_cleanly(runner: CliRunner, ids: list[str], message: str) -> None:
    result = runner.invoke(app, ["compare", *ids])
    assert (result.exit_code, result.stdout) == (2, "")
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert isinstance(result.exception, SystemExit)


def test_no_ids_at_all_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["compare"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr


def test_unknown_real_id_suggests_the_closest(runner: CliRunner, shipped: Path) -> None:
    result = runner.invoke(app, ["compare", "mitx-scmm", SDS])
    assert (result.exit_code, result.stdout) == (2, "")
    assert "Did you mean: mitx-scm" in result.stderr


def test_error_writes_no_export(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "c.toml"
    for ids in (["fx-full"], ["fx-full", "nope"], ["fx-full", "fx-full"]):
        result = runner.invoke(app, ["compare", *ids, "--export", str(target)])
        assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


# --- 80 columns: wrap, never cut a number ----------------------------------------------------


def numbers_intact(table: str, summary: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Numbers in the facts and totals that the table does not show whole: {number: (want, seen)}."""
    want: Counter[str] = Counter()
    for fact in summary["comparison"]["facts"]:
        for value in fact["values"]:
            want.update(NUMBER.findall(value))
    for row in summary["ranking"]["rows"]:
        want.update([f"{row['total']:.1f}", str(row["rank"]), str(round(row["coverage"] * 100))])
    body = "\n".join(line for line in table.splitlines() if TABLE_LINE.match(line))
    seen = Counter(NUMBER.findall(body))
    return {n: (k, seen[n]) for n, k in want.items() if seen[n] < k}


def check_80_columns(runner: CliRunner, ids: list[str]) -> None:
    narrow = {"COLUMNS": "80"}
    table = run(runner, *ids, env=narrow).stdout
    summary = json.loads(run(runner, *ids, "--format", "json", env=narrow).stdout)
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 80
    cropped = [line for line in lines if TABLE_LINE.match(line) and not line.rstrip().endswith(BORDER_END)]
    assert cropped == [], "the table is wider than the terminal and was cut at the right"
    assert numbers_intact(table, summary) == {}


SIX = [SCM, SDS, "mitx-pom", "mitx-dedp", "mitx-finance", "penn-robotics"]


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_80_columns_cuts_no_number(runner: CliRunner, shipped: Path, n: int) -> None:
    check_80_columns(runner, SIX[:n])


def test_80_columns_fixture_programs(runner: CliRunner) -> None:
    check_80_columns(runner, ["fx-full", "fx-mba", "fx-sparse", "fx-retired"])


def test_80_columns_six_programs(runner: CliRunner, shipped: Path) -> None:
    check_80_columns(runner, SIX)


def test_numbers_check_catches_a_split_number() -> None:
    summary = {
        "comparison": {"facts": [{"values": ["2026-11-24 (newest source 2025)"]}]},
        "ranking": {"rows": [{"total": 81.25, "rank": 1, "coverage": 1.0}]},
    }
    whole = "│ 2026-11-24 (newest │ 81.2 (#1, 100% known) │\n│ source 2025) │"
    split = "│ 2026-11-2 │ 81.2 (#1, 100% │\n│ 4 (newest source 2025) │ known) │"
    assert numbers_intact(whole, summary) == {}
    assert numbers_intact(split, summary) == {"2026-11-24": (1, 0)}


def test_an_unknown_score_is_never_marked_better(runner: CliRunner) -> None:
    # SPEC: "a program never wins only because its unknowns were scored generously".
    summary = data(runner, "fx-full", "fx-sparse")
    for fact in summary["comparison"]["facts"]:
        for i in fact["best"]:
            assert not fact["values"][i].endswith("(unknown)"), fact["label"]


def test_piped_output_of_the_installed_command_has_no_ansi(shipped: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["COLUMNS"] = "80"
    done = subprocess.run(
        [sys.executable, "-m", "mmeval", "compare", SCM, SDS],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Side by side" in done.stdout and MARK in done.stdout
    assert "\x1b[" not in done.stdout + done.stderr
