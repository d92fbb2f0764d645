"""mmeval's aggregation against an independent MCDA library, and the unknowns' draw by exact
enumeration.

tests/data/mcda-reference.json holds a real criterion matrix (a data-science career changer over
the shipped catalog), mmeval's weights, and what pymcdm 1.4.0 computes on it; the script that
made it is benchmarks/mcda_reference.py (CI does not install pymcdm).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from mmeval.decision.aggregation import topsis, totals, weighted_sum
from mmeval.decision.rank import rank_programs
from mmeval.decision.robustness import choices, contenders, unknowns_share
from tests.helpers import profile, program

REFERENCE = json.loads((Path(__file__).parent / "data" / "mcda-reference.json").read_text("utf-8"))


def test_weighted_sum_equals_pymcdm_wsm() -> None:
    ours = weighted_sum(REFERENCE["matrix"], REFERENCE["weights"])
    assert ours == pytest.approx(REFERENCE["weighted_sum"], abs=1e-9)


@pytest.mark.parametrize("how", ["vector", "minmax"])
def test_topsis_equals_pymcdm_topsis(how: str) -> None:
    directions = [1] * len(REFERENCE["weights"])
    ours = topsis(REFERENCE["matrix"], REFERENCE["weights"], directions, how)  # type: ignore[arg-type]
    assert ours == pytest.approx(REFERENCE[f"topsis_{how}"], abs=1e-9)


def test_the_reference_ranks_the_programs_in_the_same_order() -> None:
    ours = totals(REFERENCE["matrix"], REFERENCE["weights"], "weighted-sum", "vector")
    theirs = REFERENCE["weighted_sum"]
    assert sorted(range(len(ours)), key=lambda i: -ours[i]) == sorted(
        range(len(theirs)), key=lambda i: -theirs[i]
    )


# --- the unknowns' range: exact enumeration on three programs --------------------------------


def three_programs() -> list[object]:
    """A states both employer facts; B and C leave some unknown, so the draw has choices."""
    a = program(
        id="a",
        employers={
            "employers": [{"name": "E", "relation": "r"}],
            "outcomes": [{"figure": "f", "scope": "program"}],
        },
        learning_outcomes=["x", "y", "z"],
    )
    b = program(
        id="b", employers={"employers": [{"name": "E", "relation": "r"}, {"name": "F", "relation": "r"}]}
    )
    c = program(
        id="c", learning_outcomes=["x"], employers={"outcomes": [{"figure": "g", "scope": "provider"}]}
    )
    return [a, b, c]


def test_the_unknowns_share_is_the_exact_enumeration() -> None:
    prof = profile(goal="explore", weights=dict.fromkeys(["accreditation", "credit", "level"], 0.0))
    ranking = rank_programs(three_programs(), prof)  # type: ignore[arg-type]
    rows = contenders(ranking)
    criteria = list(ranking.weights)
    w = [ranking.weights[c] for c in criteria]
    share, exact = unknowns_share(rows, criteria, w, "weighted-sum", "vector", seed=0)
    assert exact
    # by hand: every unknown takes each value stated for its component among the rows, in turn
    options = choices(rows, criteria)
    sizes = [[len(comp) for comp in row] for row in options]
    assert any(n > 1 for row in sizes for n in row)  # there is something to enumerate
    stays = total = 0
    for combo in itertools.product(*(itertools.product(*row) for row in options)):
        scores = []
        for r, values in zip(rows, combo, strict=True):
            it = iter(values)
            per = [sum(next(it) for _ in r.score(c).components) for c in criteria]
            scores.append(sum(wi * x for wi, x in zip(w, per, strict=True)))
        best = max(range(len(scores)), key=lambda i: (round(scores[i], 9), -i))
        stays += best == 0
        total += 1
    assert share == pytest.approx(stays / total)
