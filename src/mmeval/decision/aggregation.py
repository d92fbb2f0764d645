"""AGGREGATION: the goal's weights, and the criterion scores combined into one total by a weighted
sum or TOPSIS. Objective direction, normalisation and aggregation are separate named steps, so
the method and normalisation printed above the results are exactly the ones used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from mmeval.vocabulary import CRITERIA, Criterion, Goal

if TYPE_CHECKING:
    from mmeval.results.records import Profile

Method = Literal["weighted-sum", "topsis"]
Normalization = Literal["vector", "minmax"]
Matrix = list[list[float]]

# Weights per goal, before the person's overrides (docs/scoring.md, "Goal presets").
PRESETS: dict[Goal, dict[Criterion, float]] = {
    "explore": dict.fromkeys(CRITERIA, 1.0),
    "career-change": {
        "relevance": 4.0,
        "employer": 4.0,
        "level": 3.0,
        "math_readiness": 3.0,
        "time_fit": 1.0,
        "outcomes": 1.0,
        "accreditation": 0.5,
        "affordability": 0.5,
        "credit": 0.0,
    },
    "upskill": {
        "relevance": 4.0,
        "time_fit": 5.0,
        "affordability": 2.0,
        "outcomes": 1.5,
        "employer": 0.5,
        "math_readiness": 0.5,
        "accreditation": 0.0,
        "credit": 0.0,
        "level": 0.0,
    },
    "mba-path": {
        "credit": 6.0,
        "affordability": 1.5,
        "accreditation": 1.0,
        "time_fit": 1.0,
        "relevance": 1.0,
        "outcomes": 0.5,
        "employer": 0.5,
        "math_readiness": 0.5,
        "level": 0.0,
    },
    "degree-credit": {
        "credit": 8.0,
        "accreditation": 1.0,
        "relevance": 1.0,
        "affordability": 0.5,
        "time_fit": 0.5,
        "math_readiness": 0.5,
        "outcomes": 0.0,
        "employer": 0.0,
        "level": 0.0,
    },
}


class Weighting(NamedTuple):
    weights: dict[Criterion, float]  # normalised, sums to 1, only scored criteria
    notes: tuple[str, ...]


def weights_for(profile: Profile, *, flags: bool = True) -> Weighting:
    """The goal's preset with the person's overrides, normalised; criteria the person's answers
    cannot score are dropped, each with a note."""
    raw = {**PRESETS[profile.goal], **profile.weights}
    notes: list[str] = []

    def drop(criterion: Criterion, flag: str, words: str) -> None:
        if raw.get(criterion):
            raw[criterion] = 0.0
            notes.append(words.format(flag=f" ({flag})" if flags else ""))

    if profile.budget_usd is None:
        drop("affordability", "--budget", "no budget limit{flag}: cost is shown, not scored")
    if profile.months is None:
        drop(
            "time_fit",
            "--months",
            "no deadline given{flag}: time fit not scored; each program says how long it takes",
        )
    if not profile.fields:
        drop("relevance", "--field", "no field given{flag}: relevance not scored, every field kept")
    if profile.math is None:
        drop(
            "math_readiness",
            "--math",
            "math not stated{flag}: math readiness not scored; each program says what it needs",
        )
    total = sum(raw.values())
    if total <= 0:
        from mmeval.errors import UsageError

        raise UsageError("all weights are zero", hint="give at least one criterion a weight above 0")
    weights = {c: raw[c] / total for c in CRITERIA if raw.get(c, 0) > 0}
    return Weighting(weights, tuple(notes))


def orient(matrix: Matrix, directions: Sequence[int]) -> Matrix:
    """Objective direction: negate cost columns (-1) so that larger is better everywhere."""
    return [[x if d > 0 else -x for x, d in zip(row, directions, strict=True)] for row in matrix]


def normalize(matrix: Matrix, how: Normalization) -> Matrix:
    """Column normalisation: vector (x / ||x||) or min-max ((x - min) / (max - min))."""
    if not matrix:
        return []
    cols = list(zip(*matrix, strict=True))
    out_cols: list[list[float]] = []
    for col in cols:
        if how == "vector":
            norm = math.sqrt(sum(x * x for x in col))
            out_cols.append([x / norm if norm else 0.0 for x in col])
        else:
            lo, hi = min(col), max(col)
            out_cols.append([(x - lo) / (hi - lo) if hi > lo else 1.0 for x in col])
    return [list(r) for r in zip(*out_cols, strict=True)]


def weighted_sum(matrix: Matrix, weights: Sequence[float]) -> list[float]:
    """Aggregation: sum of weight x value per row."""
    return [sum(w * x for w, x in zip(weights, row, strict=True)) for row in matrix]


def topsis(
    matrix: Matrix, weights: Sequence[float], directions: Sequence[int], how: Normalization
) -> list[float]:
    """TOPSIS closeness (0-1) per row: orient, normalise, weight, distances to ideal/anti-ideal."""
    v = [
        [w * x for w, x in zip(weights, row, strict=True)]
        for row in normalize(orient(matrix, directions), how)
    ]
    if not v:
        return []
    ideal = [max(c) for c in zip(*v, strict=True)]
    anti = [min(c) for c in zip(*v, strict=True)]
    out = []
    for row in v:
        d_pos = math.dist(row, ideal)
        d_neg = math.dist(row, anti)
        out.append(d_neg / (d_pos + d_neg) if d_pos + d_neg > 0 else 0.5)
    return out


def totals(matrix: Matrix, weights: Sequence[float], method: Method, how: Normalization) -> list[float]:
    """Each row's total on 0-100: the weighted sum, or TOPSIS closeness x 100."""
    if method == "topsis":
        return [100.0 * c for c in topsis(matrix, weights, [1] * len(weights), how)]
    return weighted_sum(matrix, weights)
