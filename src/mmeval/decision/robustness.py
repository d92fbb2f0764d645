"""ROBUSTNESS: how stable the top pick is among the programs that fit or may fit (`recommend
--robustness`; docs/scoring.md, "Robustness").

- Weights: seeded draws multiply each weight by a random factor in [1 - spread, 1 + spread].
- Unknowns: every combination of values stated elsewhere in the catalog for each unknown
  (within its cap), enumerated exactly when there are few, else seeded draws of them.
- The smallest single-weight change that lets the runner-up draw level or overtake.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Sequence

from mmeval.decision.aggregation import Method, Normalization, totals
from mmeval.decision.unknowns import TIE_EPSILON
from mmeval.results.records import ProgramResult, Ranking, Robustness, WeightChange
from mmeval.vocabulary import Criterion

CLOSE_CALL = 2.0  # points out of 100: top two closer than this = no clear winner
EXACT_LIMIT = 4096  # combinations of the unknowns enumerated exactly up to this many
UNKNOWN_DRAWS = 500


def contenders(ranking: Ranking) -> list[ProgramResult]:
    """The rows that fit or may fit, in rank order (all rows when none does)."""
    rows = [r for r in ranking.rows if r.fit != "no-fit"]
    return rows or list(ranking.rows)


def _leader(matrix: list[list[float]], weights: list[float], method: Method, how: Normalization) -> int:
    scores = totals(matrix, weights, method, how)
    return min(range(len(scores)), key=lambda i: (-round(scores[i], 9), i))


def choices(rows: Sequence[ProgramResult], criteria: Sequence[Criterion]) -> list[list[list[float]]]:
    """For each row and criterion, the values each component can take: a stated one alone, or for
    an unknown the values stated for that component among the rows (at most its cap)."""
    seen: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        for s in r.scores:
            for c in s.components:
                if c.known:
                    seen.setdefault((s.criterion, c.name), []).append(c.points)
    out: list[list[list[float]]] = []
    for r in rows:
        per_row: list[list[float]] = []
        for crit in criteria:
            for c in r.score(crit).components:
                cap = c.high if c.high is not None else c.max_points
                if c.known:
                    per_row.append([c.points])
                else:
                    stated = sorted({v for v in seen.get((crit, c.name), []) if v <= cap})
                    per_row.append(stated or [c.points])
        out.append(per_row)
    return out


def _row_points(values: Sequence[float], rows: ProgramResult, criteria: Sequence[Criterion]) -> list[float]:
    """Criterion totals from one value per component (components in criterion order)."""
    out = []
    it = iter(values)
    for crit in criteria:
        out.append(sum(next(it) for _ in rows.score(crit).components))
    return out


def unknowns_share(
    rows: Sequence[ProgramResult],
    criteria: Sequence[Criterion],
    weights: list[float],
    method: Method,
    how: Normalization,
    seed: int,
    draws: int = UNKNOWN_DRAWS,
) -> tuple[float, bool]:
    """Share of the unknowns' combinations in which the first row stays first, and whether the
    combinations were enumerated exactly."""
    options = choices(rows, criteria)
    flat = [c for per_row in options for c in per_row]
    sizes = [len(per_row) for per_row in options]
    combos = math.prod(len(c) for c in flat)
    split = list(itertools.accumulate([0, *sizes]))

    def stays(values: Sequence[float]) -> bool:
        matrix = [_row_points(values[split[i] : split[i + 1]], r, criteria) for i, r in enumerate(rows)]
        return _leader(matrix, weights, method, how) == 0

    if combos <= EXACT_LIMIT:
        kept = sum(stays(v) for v in itertools.product(*flat))
        return kept / combos, True
    rng = random.Random(seed)
    kept = sum(stays([rng.choice(c) for c in flat]) for _ in range(draws))
    return kept / draws, False


def robustness(
    ranking: Ranking, *, draws: int = 2000, seed: int = 0, spread: float = 0.5, step: float = 0.005
) -> Robustness:
    """How stable the top pick is when weights move (seeded), and what would flip it."""
    rows = contenders(ranking)
    criteria: list[Criterion] = list(ranking.weights)
    w = [ranking.weights[c] for c in criteria]
    method: Method = ranking.method
    how: Normalization = "minmax" if ranking.normalization == "minmax" else "vector"
    matrix = [[r.score(c).points for c in criteria] for r in rows]
    top = rows[0]
    if len(rows) < 2:
        return Robustness(
            draws=draws, seed=seed, spread=spread, top_id=top.id, top_stays_share=1.0, clear_winner=True
        )
    rng = random.Random(seed)
    stays = 0
    for _ in range(draws):
        drawn = [x * rng.uniform(1 - spread, 1 + spread) for x in w]
        stays += _leader(matrix, [x / sum(drawn) for x in drawn], method, how) == 0
    change = smallest_flip(criteria, w, lambda ws: totals(matrix, ws, method, how), step)
    margin = top.total - rows[1].total
    share, _ = unknowns_share(rows, criteria, w, method, how, seed)
    return Robustness(
        draws=draws,
        seed=seed,
        spread=spread,
        top_id=top.id,
        top_stays_share=stays / draws,
        runner_up_id=rows[1].id,
        margin=round(margin, 6),
        clear_winner=margin >= CLOSE_CALL,
        smallest_change=change,
        unknowns_top_stays_share=share,
    )


def _shift(weights: list[float], k: int, target: float) -> list[float]:
    """Set weight k to target and rescale the others so the weights still sum to 1."""
    rest = 1.0 - weights[k]
    scale = (1.0 - target) / rest if rest > 0 else 0.0
    return [target if j == k else x * scale for j, x in enumerate(weights)]


def smallest_flip(
    criteria: list[Criterion], w: list[float], scores: Callable[[list[float]], list[float]], step: float
) -> WeightChange | None:
    """The single-weight change of least size that puts the runner-up (row 1) level with or
    above the top pick (row 0), searched in steps of `step` in both directions."""
    best: WeightChange | None = None
    for k, c in enumerate(criteria):
        for sign in (1, -1):
            target = w[k]
            while True:
                target = round(target + sign * step, 10)
                if not 0.0 <= target <= 1.0:
                    break
                if best is not None and abs(target - w[k]) >= abs(best.to_weight - best.from_weight):
                    break
                t = scores(_shift(w, k, target))
                if t[1] >= t[0] - TIE_EPSILON:
                    best = WeightChange(criterion=c, from_weight=w[k], to_weight=target)
                    break
    return best
