"""Aggregation against published worked examples, tie-breaks, exclusions, robustness."""

from __future__ import annotations

import pytest

from mmeval.catalog.load import load_catalog
from mmeval.decision.aggregation import normalize, orient, topsis, weighted_sum
from mmeval.decision.rank import rank_programs
from mmeval.decision.robustness import CLOSE_CALL, robustness
from mmeval.results.records import Ranking
from tests.conftest import FIXTURES
from tests.helpers import fixture, profile, program


def test_weighted_sum_wikipedia_example_with_its_tie() -> None:
    # Wikipedia "Weighted sum model", Example (Triantaphyllou): A1 21.5, A2 22.0, A3 22.0
    # https://en.wikipedia.org/wiki/Weighted_sum_model
    matrix = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
    scores = weighted_sum([[float(x) for x in r] for r in matrix], [0.20, 0.15, 0.40, 0.25])
    assert scores == pytest.approx([21.5, 22.0, 22.0])


def test_topsis_scikit_criteria_quickstart_vector() -> None:
    # scikit-criteria "Quick Start" tutorial, TOPSIS: VW 0.35548671, Ford 0.64451329
    # https://scikit-criteria.quatrope.org/en/latest/tutorial/quickstart.html (price is a cost)
    closeness = topsis([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [0.5, 0.05, 0.45], [1, 1, -1], "vector")
    assert closeness == pytest.approx([0.35548671, 0.64451329], abs=1e-8)


def test_topsis_pymcdm_readme_minmax() -> None:
    # pymcdm README usage example (min-max normalisation): 0.469, 0.255, 0.765, 0.747
    # https://github.com/kotbaton/pymcdm
    matrix = [[4.0, 4.0, 0.2], [1.0, 5.0, 0.5], [3.0, 2.0, 0.3], [4.0, 3.0, 0.5]]
    closeness = topsis(matrix, [0.3, 0.5, 0.2], [1, -1, 1], "minmax")
    assert closeness == pytest.approx([0.469, 0.255, 0.765, 0.747], abs=5e-4)


def test_normalisation_choice_can_flip_the_winner() -> None:
    # Opricovic & Tzeng (2004) matrix as used in pymcdm's tests: min-max 0.5/0.617/0.5 (A2 wins),
    # vector 0.762/0.722/0.238 (A1 wins) -- which is why mmeval prints the normalisation.
    matrix = [[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]]
    assert topsis(matrix, [0.5, 0.5], [-1, 1], "minmax") == pytest.approx([0.5, 0.6172, 0.5], abs=1e-4)
    assert topsis(matrix, [0.5, 0.5], [-1, 1], "vector") == pytest.approx([0.7621, 0.7222, 0.2379], abs=1e-4)


def test_steps_are_separate() -> None:
    assert orient([[1.0, 2.0]], [1, -1]) == [[1.0, -2.0]]
    assert normalize([[3.0], [4.0]], "vector") == [[0.6], [0.8]]
    assert normalize([[3.0], [5.0]], "minmax") == [[0.0], [1.0]]
    assert normalize([[2.0], [2.0]], "minmax") == [[1.0], [1.0]]  # constant column, no division by 0


def test_tie_is_marked_and_broken_by_coverage_then_id() -> None:
    # Two programs with identical facts tie on score; the ID decides, and both are marked tied.
    facts = {"learning_outcomes": ["a", "b", "c"]}
    ranking = rank_programs([program(id="zeta", **facts), program(id="alpha", **facts)], profile())
    assert [r.id for r in ranking.rows] == ["alpha", "zeta"]
    assert all(r.tied for r in ranking.rows)
    assert ranking.rows[0].total == ranking.rows[1].total


def test_an_unknown_counts_as_typical_between_stated_values() -> None:
    # credit: a says none (0), c states a master's pathway (50 + unknown share and route); b's
    # unknown credit takes the median of the stated values: between the two, never above c
    a = program(id="a", pathways=[])
    c = program(id="c", pathways=[{"institution": "X", "kind": "master"}])
    b = program(id="b")
    ranking = rank_programs([a, b, c], profile(weights={"credit": 1.0}))
    assert [r.id for r in ranking.rows] == ["c", "b", "a"]
    assert not any(r.tied for r in ranking.rows)
    low, high = ranking.rows[1].total_low, ranking.rows[1].total_high
    assert low is not None and high is not None and low < ranking.rows[1].total < high


def test_exclusions_are_listed_with_reasons() -> None:
    catalog = load_catalog(FIXTURES)
    ranking = rank_programs(
        catalog, profile(fields=["supply-chain", "business"], budget_usd=1000), strict=True
    )
    reasons = {e.id: e.reason for e in ranking.excluded}
    assert [r.id for r in ranking.rows] == ["fx-full"]
    assert "retired" in reasons["fx-retired"]
    assert "outside your fields" in reasons["fx-sparse"]
    assert "over budget" in reasons["fx-mba"]


def test_min_coverage_filters() -> None:
    ranking = rank_programs(load_catalog(FIXTURES), profile(budget_usd=1000), min_coverage=0.5)
    assert "fx-sparse" not in [r.id for r in ranking.rows]
    assert any("coverage" in e.reason for e in ranking.excluded if e.id == "fx-sparse")


def test_warnings_name_the_problem() -> None:
    prof = profile(math=[], budget_usd=500, hours_per_week=3, months=6)
    row = rank_programs([fixture("fx-full")], prof).rows[0]
    assert "review math: calculus, probability" in " | ".join(row.warnings)
    assert row.fit == "no-fit"
    why = " | ".join(row.fit_notes)
    assert "costs $800 (as of 2024), $300 over your $500 budget" in why
    # four self-paced 10-week courses at 8-12 h/week: below 8 h they stretch, 40 x 8 / 3 = 106.7
    # weeks = 24.6 months; the stated 8-12 months is a floor, so no hours bring it within 6
    assert "takes at least ~25 months at 3 h/week (> your 6)" in why and "fits at" not in why


def two_program_ranking(gap: float) -> Ranking:
    """A strong on credit, B stronger on employers; totals apart by the credit weight."""
    a = program(
        id="a",
        pathways=[{"institution": "X", "kind": "master", "credit_fraction": 0.5}],
        employers={"employers": [{"name": "E", "relation": "r"}]},
    )
    b = program(
        id="b",
        pathways=[],
        employers={"employers": [{"name": "E", "relation": "r"}, {"name": "F", "relation": "r"}]},
    )
    zero = dict.fromkeys(["accreditation", "outcomes", "math_readiness", "level"], 0.0)
    return rank_programs([a, b], profile(weights={"credit": 1.0 + gap, "employer": 1.0, **zero}))


def test_robustness_is_seeded_and_finds_the_flip() -> None:
    ranking = two_program_ranking(0.5)
    # a: credit 50 + 25 + route unknown = typical: the median of the stated routes (b's 0) = 75;
    #    employer 35 + outcome figures unknown (none stated: half of 50) = 60
    # b: credit 0 (a source says none); employer 50 + 25 = 75
    # weights credit 0.6, employer 0.4: a = 45 + 24 = 69, b = 0 + 30 = 30
    assert [r.id for r in ranking.rows] == ["a", "b"]
    r1, r2 = robustness(ranking, seed=7), robustness(ranking, seed=7)
    assert r1 == r2
    assert r1.clear_winner and r1.margin == pytest.approx(39.0)
    change = r1.smallest_change
    assert change is not None and change.criterion in ("credit", "employer")
    # level point: w*75 + (1-w)*60 = (1-w)*75  ->  w_credit = 15/90 = 0.1667
    if change.criterion == "credit":
        assert change.to_weight == pytest.approx(0.1667, abs=0.005)
    else:
        assert change.to_weight == pytest.approx(0.8333, abs=0.005)  # w_employer = 75/90


def test_close_call_says_no_clear_winner() -> None:
    facts = {"learning_outcomes": ["a", "b", "c"]}
    ranking = rank_programs([program(id="a", **facts), program(id="b", **facts)], profile())
    report = robustness(ranking)
    assert report.margin is not None and report.margin < CLOSE_CALL
    assert not report.clear_winner
