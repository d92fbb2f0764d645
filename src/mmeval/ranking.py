"""RANK: weighted sum or TOPSIS over criterion scores, tie-breaks, exclusions, robustness.

Objective direction, normalisation and aggregation are separate named steps, so the method
and normalisation printed above the results are exactly the ones used.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from mmeval.catalog import Catalog
from mmeval.effort import need_at
from mmeval.facts import Facts, program_facts
from mmeval.feasibility import Feasibility, judge
from mmeval.records import (
    CriterionScore,
    Excluded,
    Profile,
    ProgramResult,
    Ranking,
    Robustness,
    WeightChange,
)
from mmeval.scoring import (
    Imputer,
    Points,
    Scored,
    impute,
    raw_numbers,
    score_program,
    typical_numbers,
    warnings_for,
    weights_for,
)
from mmeval.vocabulary import Criterion

if TYPE_CHECKING:
    from mmeval.models import Program

Method = Literal["weighted-sum", "topsis"]
Normalization = Literal["vector", "minmax"]
Matrix = list[list[float]]

CLOSE_CALL = 2.0  # points out of 100: top two closer than this = no clear winner
TIE_EPSILON = 1e-9


# --- the three steps -------------------------------------------------------------------------


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


# --- ranking programs ------------------------------------------------------------------------


def _totals(matrix: Matrix, weights: Sequence[float], method: Method, how: Normalization) -> list[float]:
    if method == "topsis":
        return [100.0 * c for c in topsis(matrix, weights, [1] * len(weights), how)]
    return weighted_sum(matrix, weights)


def exclusion_reason(facts: Facts, profile: Profile, strict: bool) -> str | None:
    """Why a program is left out of the ranking, or None to rank it."""
    if facts.status == "retired":
        return "retired" + (f": {facts.status_note}" if facts.status_note else "")
    if profile.fields and not set(profile.fields) & set(facts.subjects):
        return "outside your fields"
    cost = facts.cost
    if strict and profile.budget_usd is not None:
        if cost is None or cost.currency != "USD":
            return "cost unknown (--strict needs a stated cost in USD)"
        if cost.low > profile.budget_usd:
            return "over budget (--strict)"
    return None


SEPARATION_DRAWS = 200
SEPARATION_ROWS = 40  # neighbours checked from the top: the rows a person reads
INSEPARABLE_SHARE = 0.25


class _Kept(NamedTuple):
    facts: Facts
    raw: tuple[Points, ...]  # component points per criterion; None = unknown
    scores: tuple[Scored, ...]
    coverage: float
    feasibility: Feasibility


def _sources(programs: Iterable[Program] | Catalog) -> tuple[list[Facts], Callable[[str], Program]]:
    """Every program's facts (sorted by ID) and a way to get one whole program."""
    if isinstance(programs, Catalog):
        return list(programs.facts.values()), programs.get
    by_id = {p.id: p for p in sorted(programs, key=lambda p: p.id)}
    return [program_facts(p) for p in by_id.values()], by_id.__getitem__


def rank_programs(
    programs: Iterable[Program] | Catalog,
    profile: Profile,
    *,
    method: Method = "weighted-sum",
    normalization: Normalization = "vector",
    strict: bool = False,
    min_coverage: float = 0.0,
    exclude: bool = True,
    include_unfit: bool = False,
    flags: bool = True,
    seed: int = 0,
    detail: int | None = None,
    focus: Collection[str] = (),
) -> Ranking:
    """Feasibility, then score and order: programs that fit or may fit first, then the rest.

    Every program is ranked on numbers (its Facts); the evidence behind the scores is built
    for the first `detail` rows (all when None), the `focus` IDs and the verdict's pick. The
    other rows carry their rank, total, fit and coverage, with no scores or warnings.
    """
    from mmeval.verdict import build_verdict

    weighting = weights_for(profile, flags=flags)
    criteria = tuple(weighting.weights)
    w = [weighting.weights[c] for c in criteria]
    everything, program_of = _sources(programs)
    raw = [raw_numbers(f, profile, criteria) for f in everything]
    typical = typical_numbers(
        (r for f, r in zip(everything, raw, strict=True) if f.status != "retired"), criteria, profile.goal
    )
    kept: list[_Kept] = []
    excluded: list[Excluded] = []
    imputed = Imputer(criteria, profile.goal, typical)
    for facts, points in zip(everything, raw, strict=True):
        reason = exclusion_reason(facts, profile, strict) if exclude else None
        scores = imputed(points)
        cov = sum(weighting.weights[c] * s.known_share for c, s in zip(criteria, scores, strict=True))
        if reason is None and cov + TIE_EPSILON < min_coverage:
            reason = f"evidence coverage {cov:.0%} is below --min-coverage {min_coverage:.0%}"
        if reason:
            excluded.append(Excluded(id=facts.id, name=facts.name, reason=reason))
        else:
            need = need_at(facts.shape, profile.hours_per_week) if facts.shape is not None else None
            kept.append(_Kept(facts, points, scores, cov, judge(need, facts.cost, profile)))
    totals = _totals([[s.points for s in k.scores] for k in kept], w, method, normalization)
    lows = _totals([[s.low for s in k.scores] for k in kept], w, method, normalization)
    highs = _totals([[s.high for s in k.scores] for k in kept], w, method, normalization)

    def group(i: int) -> int:
        return 1 if kept[i].feasibility.fit == "no-fit" and not include_unfit else 0

    order = sorted(
        range(len(kept)), key=lambda i: (group(i), -round(totals[i], 9), -kept[i].coverage, kept[i].facts.id)
    )
    apart = _inseparable(order, kept, imputed, w, method, normalization, group, seed)
    wanted = set(focus)
    first_fit = next((i for i in order if kept[i].feasibility.fit != "no-fit"), None)
    rows = []
    for rank, i in enumerate(order, start=1):
        facts, _, _, cov, feas = kept[i]
        neighbours = order[max(rank - 2, 0) : rank + 1]
        tied = any(
            j != i and group(j) == group(i) and abs(totals[j] - totals[i]) < TIE_EPSILON for j in neighbours
        )
        shown = detail is None or rank <= detail or facts.id in wanted or i == first_fit
        if shown:
            program = program_of(facts.id)
            explained: tuple[CriterionScore, ...] = impute(score_program(program, profile, criteria), typical)
            warnings = warnings_for(program, profile)
        else:
            explained, warnings = (), ()
        rows.append(
            ProgramResult(
                rank=rank,
                id=facts.id,
                name=facts.name,
                university=facts.university,
                total=round(totals[i], 6),
                coverage=round(cov, 6),
                tied=tied,
                scores=explained,
                warnings=warnings,
                fit=feas.fit,
                fit_notes=feas.notes,
                total_low=round(min(lows[i], totals[i]), 6),
                total_high=round(max(highs[i], totals[i]), 6),
                inseparable=i in apart,
            )
        )
    by_id = {f.id: f for f in everything}
    verdict = build_verdict(rows, by_id, program_of, profile, weighting.weights, len(excluded))
    return Ranking(
        goal=profile.goal,
        method=method,
        normalization=normalization if method == "topsis" else "none (criterion scores are 0-100)",
        weights=weighting.weights,
        notes=weighting.notes,
        rows=tuple(rows),
        excluded=tuple(excluded),
        verdict=verdict,
    )


def _inseparable(
    order: list[int],
    kept: list[_Kept],
    imputed: Imputer,
    w: list[float],
    method: Method,
    how: Normalization,
    group: Callable[[int], int],
    seed: int,
) -> set[int]:
    """Rows whose order against the row above flips in at least a quarter of seeded draws that
    give each unknown a value observed for that component in the catalog."""
    observed: dict[tuple[int, int], list[float]] = {}
    for row_kept in kept:
        for ci, comps in enumerate(row_kept.raw):
            for pi, p in enumerate(comps):
                if p is not None:
                    observed.setdefault((ci, pi), []).append(p)
    head = order[:SEPARATION_ROWS]
    if len(head) < 2:
        return set()
    rows = head if method == "weighted-sum" else range(len(kept))
    # per row and criterion, each component: (stated value, None, max) or (0, values seen, max)
    templates = {
        i: [
            [
                (p, None, top) if p is not None else (0.0, observed.get((ci, pi)) or [], top)
                for pi, (p, top) in enumerate(zip(comps, imputed.plan[ci][0], strict=True))
            ]
            for ci, comps in enumerate(kept[i].raw)
        ]
        for i in rows
    }
    rng = random.Random(seed)
    flips = [0] * len(head)
    draws = SEPARATION_DRAWS
    for _ in range(draws):
        matrix = []
        for i in rows:
            row = []
            for parts in templates[i]:
                pts = 0.0
                for value, seen, top in parts:
                    if seen is None:
                        pts += value
                    else:
                        pts += rng.choice(seen) if seen else rng.uniform(0, top)
                row.append(pts)
            matrix.append(row)
        totals = _totals(matrix, w, method, how)
        shown = totals if method == "weighted-sum" else [totals[i] for i in head]
        for k in range(1, len(head)):
            if shown[k] > shown[k - 1] + TIE_EPSILON:
                flips[k] += 1
    return {
        head[k]
        for k in range(1, len(head))
        if group(head[k]) == group(head[k - 1]) and flips[k] / draws >= INSEPARABLE_SHARE
    }


# --- robustness ------------------------------------------------------------------------------


def _shift(weights: list[float], k: int, target: float) -> list[float]:
    """Set weight k to target and rescale the others so the weights still sum to 1."""
    rest = 1.0 - weights[k]
    scale = (1.0 - target) / rest if rest > 0 else 0.0
    return [target if j == k else x * scale for j, x in enumerate(weights)]


def robustness(
    ranking: Ranking, *, draws: int = 2000, seed: int = 0, spread: float = 0.5, step: float = 0.005
) -> Robustness:
    """How stable the top pick is when weights move (seeded), and what would flip it."""
    rows = ranking.rows
    criteria: list[Criterion] = list(ranking.weights)
    w = [ranking.weights[c] for c in criteria]
    matrix = [[r.score(c).points for c in criteria] for r in rows]
    method: Method = ranking.method
    how: Normalization = "minmax" if ranking.normalization == "minmax" else "vector"
    top = rows[0]
    if len(rows) < 2:
        return Robustness(
            draws=draws,
            seed=seed,
            spread=spread,
            top_id=top.id,
            top_stays_share=1.0,
            runner_up_id=None,
            margin=None,
            clear_winner=True,
            smallest_change=None,
        )
    runner = rows[1]

    def leader(weights: list[float]) -> int:
        totals = _totals(matrix, weights, method, how)
        return min(range(len(rows)), key=lambda i: (-round(totals[i], 9), -rows[i].coverage, rows[i].id))

    rng = random.Random(seed)
    stays = 0
    for _ in range(draws):
        drawn = [x * rng.uniform(1 - spread, 1 + spread) for x in w]
        total = sum(drawn)
        stays += leader([x / total for x in drawn]) == 0
    change = _smallest_flip(criteria, w, lambda ws: _totals(matrix, ws, method, how), step)
    margin = top.total - runner.total
    contenders = [r for r in rows if r.fit != "no-fit"] or list(rows)
    observed: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        for s in r.scores:
            for c in s.components:
                if c.known:
                    observed.setdefault((s.criterion, c.name), []).append(c.points)
    top_stays = 0
    unknown_draws = min(draws, 500)
    for _ in range(unknown_draws):
        drawn_matrix = [
            [
                sum(
                    c.points
                    if c.known
                    else rng.choice(observed.get((s.criterion, c.name)) or [c.max_points / 2])
                    for c in r.score(crit).components
                )
                for crit in criteria
            ]
            for r in contenders
        ]
        totals = _totals(drawn_matrix, w, method, how)
        top_stays += max(range(len(contenders)), key=lambda i: (round(totals[i], 9), -i)) == 0
    return Robustness(
        draws=draws,
        seed=seed,
        spread=spread,
        top_id=top.id,
        top_stays_share=stays / draws,
        runner_up_id=runner.id,
        margin=round(margin, 6),
        clear_winner=margin >= CLOSE_CALL,
        smallest_change=change,
        unknowns_top_stays_share=top_stays / unknown_draws,
    )


def _smallest_flip(
    criteria: list[Criterion],
    w: list[float],
    totals: Callable[[list[float]], list[float]],
    step: float,
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
                t = totals(_shift(w, k, target))
                if t[1] >= t[0]:
                    best = WeightChange(criterion=c, from_weight=w[k], to_weight=target)
                    break
    return best
