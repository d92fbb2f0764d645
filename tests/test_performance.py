"""Performance design, tested for behaviour (never for time: benchmarks/ measures that).

- Start-up: `--version` imports neither Typer, Rich nor Pydantic; `--help` imports no catalog and
  no Pydantic; `compare` on a warm cache imports no Pydantic.
- Numbers first: every row's total, range and coverage, ranked from facts, equal what its
  evidence adds up to, for each persona and goal over the shipped catalog.
- The benchmark script runs (on a small catalog) and prints issue #12's table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mmeval.catalog.load import load_catalog
from mmeval.decision.aggregation import totals as _totals
from mmeval.decision.rank import rank_programs
from mmeval.vocabulary import GOALS
from tests.conftest import REPO, SHIPPED
from tests.helpers import profile

PROBE = """
import sys
sys.argv = ["mmeval", *{args!r}]
from mmeval.entry import main
try:
    main()
except SystemExit:
    pass
tops = {{m.split(".")[0] for m in sys.modules}}
loaded = sorted(tops | {{m for m in sys.modules if m.startswith("mmeval.")}})
print("MODULES", " ".join(loaded), file=sys.stderr)
"""


def modules_after(*args: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules a fresh interpreter has imported after running `mmeval ARGS`."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def test_version_imports_no_typer_rich_or_pydantic() -> None:
    loaded = modules_after("--version")
    assert not loaded & {"typer", "rich", "pydantic", "click"}
    assert not any(m.startswith("mmeval.cli") or m == "mmeval.catalog.load" for m in loaded)


@pytest.mark.parametrize("args", [("--help",), ("recommend", "--help"), ("compare", "--help")])
def test_help_imports_no_catalog_and_no_pydantic(args: tuple[str, ...]) -> None:
    loaded = modules_after(*args)
    assert "pydantic" not in loaded
    assert not {"mmeval.catalog.load", "mmeval.program.schema", "mmeval.catalog.cache"} & loaded


def test_compare_on_a_warm_cache_imports_no_pydantic(tmp_path: Path) -> None:
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path), "MMEVAL_CATALOG": str(SHIPPED)}
    env.pop("MMEVAL_NO_CACHE", None)
    cold = modules_after("compare", "mitx-scm", "mitx-sds", env=env)
    warm = modules_after("compare", "mitx-scm", "mitx-sds", env=env)
    assert "pydantic" in cold  # the first run validates the program files
    assert "pydantic" not in warm
    assert "mmeval.program.schema" not in warm
    assert not {"questionary", "prompt_toolkit"} & warm  # the picker loads them only to ask


def test_recommend_without_questions_imports_no_picker(tmp_path: Path) -> None:
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path), "MMEVAL_CATALOG": str(SHIPPED)}
    loaded = modules_after("recommend", "--goal", "explore", "--no-input", env=env)
    assert "mmeval.cli.recommend_cmds" in loaded  # it did run
    assert not {"questionary", "prompt_toolkit"} & loaded


PERSONAS = [
    {"math": ["algebra"], "budget_usd": 3000, "hours_per_week": 6},
    {"fields": ["data-science"], "math": ["algebra"], "hours_per_week": 8, "months": 12},
    {"fields": ["business"], "budget_usd": 1000, "hours_per_week": 15, "months": 24},
    {"math": ["calculus", "probability"], "budget_usd": 2000, "hours_per_week": 10, "months": 18},
]


@pytest.mark.parametrize("goal", GOALS)
@pytest.mark.parametrize("answers", PERSONAS, ids=range(len(PERSONAS)))
def test_ranked_numbers_equal_what_the_evidence_adds_up_to(goal: str, answers: dict[str, object]) -> None:
    catalog = load_catalog(SHIPPED)
    ranking = rank_programs(catalog, profile(goal=goal, **answers))
    criteria = list(ranking.weights)
    w = [ranking.weights[c] for c in criteria]
    rows = ranking.rows
    assert rows and all(len(r.scores) == len(criteria) for r in rows)
    totals = _totals([[r.score(c).points for c in criteria] for r in rows], w, "weighted-sum", "vector")
    lows = _totals([[r.score(c).low for c in criteria] for r in rows], w, "weighted-sum", "vector")
    highs = _totals([[r.score(c).high for c in criteria] for r in rows], w, "weighted-sum", "vector")
    for r, total, low, high in zip(rows, totals, lows, highs, strict=True):
        assert r.total == round(total, 6), r.id
        assert r.total_low == round(min(low, total), 6), r.id
        assert r.total_high == round(max(high, total), 6), r.id
        cov = sum(ranking.weights[s.criterion] * s.known_share for s in r.scores)
        assert r.coverage == round(cov, 6), r.id
    # only the rows asked for are explained; the rest keep rank, total and fit
    light = rank_programs(catalog, profile(goal=goal, **answers), detail=3)
    assert [(r.id, r.total, r.fit, r.inseparable) for r in light.rows] == [
        (r.id, r.total, r.fit, r.inseparable) for r in rows
    ]
    assert all(r.scores for r in light.rows[:3])
    assert light.verdict == ranking.verdict


def test_the_benchmark_prints_the_table_on_a_small_catalog(tmp_path: Path) -> None:
    mmeval = Path(sys.executable).parent / "mmeval"
    if not mmeval.exists():
        pytest.skip("the benchmark drives the installed mmeval command")
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path)}
    env.pop("MMEVAL_CATALOG", None)
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "bench_perf.py"),
            *("--programs", "40", "--runs", "1", "--big-runs", "1"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = [x for x in result.stdout.splitlines() if x.startswith("| ")]
    assert lines[0] == "| what | now | reference | ratio | limit |"
    body = lines[1:]
    assert len(body) == 7
    assert "compare" in body[0] and "import typer" in body[0] and body[0].split("|")[4].strip().endswith("x")
    assert "first run" in body[2] and "tomllib" in body[2]
    assert all(" MB" in row for row in body[5:])
    assert "Measured" in result.stdout and "cores" in result.stdout
    assert json.dumps(result.stdout)  # plain text, nothing else


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "--help"),
        ("compare", "mitx-scm", "--hours", "abc"),
        ("show", "mitx-sds", "--format", "json"),
        ("recommend", "--goal", "explore", "--format", "json", "--top", "2"),
    ],
)
def test_running_one_command_alone_changes_nothing(args: tuple[str, ...], tmp_path: Path) -> None:
    """The console script registers only the command it runs; the full app prints the same."""
    from typer.testing import CliRunner

    from mmeval.cli import app

    mmeval = Path(sys.executable).parent / "mmeval"
    if not mmeval.exists():
        pytest.skip("drives the installed mmeval command")
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path), "MMEVAL_CATALOG": str(SHIPPED), "COLUMNS": "100"}
    alone = subprocess.run([str(mmeval), *args], capture_output=True, text=True, env=env, timeout=120)
    full = CliRunner().invoke(app, list(args), env={"MMEVAL_CATALOG": str(SHIPPED)}, prog_name="mmeval")
    assert alone.returncode == full.exit_code
    assert alone.stdout == full.stdout
    assert alone.stderr == full.stderr
