"""UNKNOWNS: what a fact the program file does not state counts for (docs/scoring.md, "Unknown
facts"). Unknowns never win:

- for `degree-credit` and `mba-path`, a program with no stated pathway has no route: its credit
  counts 0, whatever the rest of the catalog states;
- elsewhere an unknown counts as a modest value: the lower quartile of the values stated for
  that component across the catalog in use, never full marks: at most 95% of the component's
  points (a quarter when no program states it); on a limit the person set it is at most 50,
  what a stated value within the limit scores at least;
- an unknown whose best case a stated bound limits (a price known only from below) never
  counts above that bound.

Each score keeps its range (every unknown at 0 / at its best), and neighbours whose order flips
in at least a quarter of seeded draws of the unknowns cannot be separated on known facts.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import NamedTuple

from mmeval.decision.criteria import DEGREE_GOALS, Cap, Point, Points, layout
from mmeval.results.records import CriterionScore
from mmeval.vocabulary import Criterion, Goal

LIMIT_FLOOR = 50.0  # on a limit the person set, a stated value within it scores at least this
NONE_STATED = 0.25  # share of a component's points when no program states it
MODEST = 0.95  # an unknown never counts full marks: at most 95% of a component's points
LIMITS: tuple[Criterion, ...] = ("affordability", "time_fit")
Typical = dict[tuple[str, str], float]


def lower_quartile(values: Sequence[float]) -> float:
    """The first quartile (statistics' 'inclusive' method: the median of the lower half when
    interpolated), the modest value an unknown counts as."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=4, method="inclusive")[0]


def typical_values(
    all_points: Iterable[tuple[Points, ...]], criteria: tuple[Criterion, ...], goal: Goal
) -> Typical:
    """Each component's lower quartile where stated, capped on the person's limits."""
    names = [[name for name, _ in layout(c, goal)] for c in criteria]
    seen: dict[tuple[str, str], list[float]] = {}
    for points in all_points:
        for c, crit_names, comps in zip(criteria, names, points, strict=True):
            for name, p in zip(crit_names, comps, strict=True):
                if p is not None and not isinstance(p, Cap):
                    seen.setdefault((c, name), []).append(p)
    typical = {key: lower_quartile(values) for key, values in seen.items()}
    for c in LIMITS:
        for name, _ in layout(c, goal):
            if (c, name) in typical:
                typical[(c, name)] = min(typical[(c, name)], LIMIT_FLOOR)
    return typical


class Fill(NamedTuple):
    """What an unknown component counts as, and the most it could be."""

    value: float
    best: float
    rule: str  # in words, for `explain`


def fill_for(criterion: Criterion, name: str, top: float, goal: Goal, typical: Typical) -> Fill:
    """The value of an unknown component (before any cap)."""
    if criterion == "credit" and goal in DEGREE_GOALS:
        return Fill(0.0, 0.0, "no stated pathway: no route for a degree goal (0)")
    if (criterion, name) in typical:
        value = round(min(typical[(criterion, name)], top * MODEST), 6)
        return Fill(
            value,
            top,
            f"counted as modest: the catalog's lower quartile, never full marks, {value:.0f}/{top:g}",
        )
    value = round(top * NONE_STATED, 6)
    return Fill(value, top, f"counted as modest: no program states it, {value:.0f}/{top:g}")


class Scored(NamedTuple):
    """A criterion after unknowns are valued: what ranking needs of a CriterionScore."""

    points: float  # rounded to 6 places, as CriterionScore.points
    known_share: float
    low: float  # every unknown at 0
    high: float  # every unknown at its best


Plan = tuple[tuple[float, ...], tuple[Fill, ...], float]  # maxes, fills, total max


class Imputer:
    """Values the unknowns of every program the same way, set up once per ranking; memoised
    by each criterion's pattern of points (programs share many)."""

    def __init__(self, criteria: tuple[Criterion, ...], goal: Goal, typical: Typical) -> None:
        self.plans: list[Plan] = []
        for c in criteria:
            parts = layout(c, goal)
            fills = tuple(fill_for(c, name, top, goal, typical) for name, top in parts)
            self.plans.append((tuple(top for _, top in parts), fills, sum(top for _, top in parts)))
        self.seen: list[dict[Points, Scored]] = [{} for _ in criteria]

    def __call__(self, points: tuple[Points, ...]) -> tuple[Scored, ...]:
        return tuple(
            seen[comps] if comps in seen else self._score(plan, comps, seen)
            for plan, comps, seen in zip(self.plans, points, self.seen, strict=True)
        )

    @staticmethod
    def value(p: Point, fill: Fill) -> tuple[float, float, float, bool]:
        """(points, worst, best, known) of one component."""
        if p is None:
            return fill.value, 0.0, fill.best, False
        if isinstance(p, Cap):
            return min(fill.value, p.cap), 0.0, min(fill.best, p.cap), False
        return p, p, p, True

    def _score(self, plan: Plan, comps: Points, seen: dict[Points, Scored]) -> Scored:
        maxes, fills, total = plan
        parts = [self.value(p, f) for p, f in zip(comps, fills, strict=True)]
        scored = Scored(
            round(sum(x[0] for x in parts), 6),
            sum(m for m, x in zip(maxes, parts, strict=True) if x[3]) / total,
            sum(x[1] for x in parts),
            sum(x[2] for x in parts),
        )
        seen[comps] = scored
        return scored


def valued(scores: tuple[CriterionScore, ...], imputer: Imputer) -> tuple[CriterionScore, ...]:
    """Evidence scores with their unknowns valued exactly as `Imputer` values the numbers."""
    out = []
    for s, (_, fills, _) in zip(scores, imputer.plans, strict=True):
        if all(c.known for c in s.components):
            out.append(s)
            continue
        comps = []
        for c, fill in zip(s.components, fills, strict=True):
            if c.known:
                comps.append(c)
                continue
            best = min(fill.best, c.high if c.high is not None else c.max_points)
            value = min(fill.value, best)
            capped = f", at most {best:.0f} as stated" if value < fill.value else ""
            rule = f"{c.rule}; {fill.rule}{capped}; could be 0-{best:g}"
            comps.append(replace(c, points=value, low=0.0, high=best, rule=rule))
        known = sum(c.max_points for c in comps if c.known) / sum(c.max_points for c in comps)
        points = round(sum(c.points for c in comps), 6)
        out.append(
            CriterionScore(criterion=s.criterion, points=points, known_share=known, components=tuple(comps))
        )
    return tuple(out)


# --- cannot be separated on known facts --------------------------------------------------------

SEPARATION_DRAWS = 200
SEPARATION_ROWS = 40  # neighbours checked from the top: the rows a person reads
INSEPARABLE_SHARE = 0.25
TIE_EPSILON = 1e-9
Draw = Callable[[random.Random], list[float]]


def observed(raws: Iterable[tuple[Points, ...]]) -> dict[tuple[int, int], list[float]]:
    """Every stated value of each component (criterion index, component index)."""
    seen: dict[tuple[int, int], list[float]] = {}
    for raw in raws:
        for ci, comps in enumerate(raw):
            for pi, p in enumerate(comps):
                if p is not None and not isinstance(p, Cap):
                    seen.setdefault((ci, pi), []).append(p)
    return seen


def drawer(raw: tuple[Points, ...], imputer: Imputer, seen: dict[tuple[int, int], list[float]]) -> Draw:
    """A function drawing one program's criterion points, each unknown from the values stated
    for it in the catalog (within its cap; 0 for a degree goal's missing route)."""
    template: list[list[tuple[float, list[float] | None]]] = []
    for ci, (comps, (maxes, fills, _)) in enumerate(zip(raw, imputer.plans, strict=True)):
        row: list[tuple[float, list[float] | None]] = []
        for pi, (p, top, fill) in enumerate(zip(comps, maxes, fills, strict=True)):
            if p is not None and not isinstance(p, Cap):
                row.append((p, None))
                continue
            cap = min(fill.best, p.cap if isinstance(p, Cap) else top)
            choices = [v for v in seen.get((ci, pi), []) if v <= cap] or [min(fill.value, cap)]
            row.append((0.0, [0.0] if fill.best == 0 else choices))
        template.append(row)

    # Per criterion: the stated points' sum, and the choice lists of its unknowns in order (the
    # same random calls, in the same order, as drawing component by component).
    fixed = [sum(v for v, c in row if c is None) for row in template]
    unknown = [[c for _, c in row if c is not None] for row in template]
    parts = list(zip(fixed, unknown, strict=True))
    choice = random.Random.choice

    def draw(rng: random.Random) -> list[float]:
        return [k + sum(choice(rng, c) for c in cs) if cs else k for k, cs in parts]

    return draw


def inseparable(
    order: Sequence[int],
    draws: dict[int, Draw],
    totals: Callable[[list[list[float]]], list[float]],
    group: Callable[[int], int],
    seed: int,
) -> set[int]:
    """Rows (among the first SEPARATION_ROWS of `order`) whose order against the row above flips
    in at least a quarter of seeded draws of the unknowns."""
    head = list(order[:SEPARATION_ROWS])
    if len(head) < 2:
        return set()
    rng = random.Random(seed)
    flips = [0] * len(head)
    for _ in range(SEPARATION_DRAWS):
        shown = totals([draws[i](rng) for i in head])
        for k in range(1, len(head)):
            if shown[k] > shown[k - 1] + TIE_EPSILON:
                flips[k] += 1
    return {
        head[k]
        for k in range(1, len(head))
        if group(head[k]) == group(head[k - 1]) and flips[k] / SEPARATION_DRAWS >= INSEPARABLE_SHARE
    }
