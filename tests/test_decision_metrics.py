"""Goals change the answer (docs/scoring.md): the same person gets different advice per goal;
the table of how far each goal's ranking moves from explore's is documentation, kept current.

Whether a sparsely documented program gains from its blanks is tested where the unknown rule
is (tests/test_scoring.py: stating a typical fact moves it at most 3 places; removing facts
never lifts a program to the top).

The numbers come from benchmarks/decision_metrics.py over the shipped catalog; the table in
docs/scoring.md is that script's output and must match what it measures now.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from mmeval.catalog.load import load_catalog
from mmeval.decision.rank import rank_programs
from mmeval.results.records import Profile
from mmeval.vocabulary import GOALS
from tests.conftest import REPO, SHIPPED

_spec = importlib.util.spec_from_file_location(
    "decision_metrics", REPO / "benchmarks" / "decision_metrics.py"
)
assert _spec and _spec.loader
metrics_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(metrics_module)


@pytest.fixture(scope="module")
def metrics() -> dict[str, tuple[float, float]]:
    result: dict[str, tuple[float, float]] = metrics_module.measure(Path(SHIPPED))
    return result


@pytest.mark.parametrize("field", [None, "data-science", "business"])
def test_goals_change_the_answer(field: str | None) -> None:
    """The same person asking for different things gets different advice: a degree goal's pick
    states credit toward a degree, and the five goals do not all name the same program."""
    catalog = load_catalog(SHIPPED)
    picks = {}
    for goal in GOALS:
        prof = Profile(
            goal=goal,
            math=["algebra", "statistics"],
            budget_usd=1500,
            hours_per_week=10,
            fields=[field] if field else [],
        )
        ranking = rank_programs(catalog, prof)
        pick = next((r for r in ranking.rows if r.id in ranking.verdict.picks[:1]), None)
        picks[goal] = ranking.verdict.picks[:1]
        if (
            pick is not None
            and goal in ("degree-credit", "mba-path")
            and ranking.verdict.kind != "consider-else"
        ):
            route = pick.score("credit").components[0]
            assert route.known and route.points > 0, (goal, pick.id)
    assert len(set(picks.values())) >= 2, picks


def test_the_documented_table_is_current(metrics: dict[str, tuple[float, float]]) -> None:
    doc = (REPO / "docs" / "scoring.md").read_text()
    assert metrics_module.table(metrics) in doc, "run: python benchmarks/decision_metrics.py --write"


def test_spearman_by_hand() -> None:
    # ranks of x: 1 2 3; of y: 1 3 2 -> d^2 = 0 + 1 + 1 = 2; rho = 1 - 6 x 2 / (3 x 8) = 0.5
    assert metrics_module.spearman([1.0, 2.0, 3.0], [10.0, 30.0, 20.0]) == pytest.approx(0.5)
