"""POINTS: a program's component points on each criterion for one person, from its Facts.

The same point functions as the evidence scorers (criteria.py), on the plain numbers the
catalog cache keeps; unknowns are None (or a Cap when a stated bound limits their best case)
until `unknowns` gives them a value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mmeval.decision.bounds import CostBounds, TimeShape, months_at
from mmeval.decision.criteria import (
    Cap,
    Point,
    Points,
    affordability_points,
    credit_kind,
    math_points,
    time_fit_points,
)
from mmeval.decision.facts import FIXED, Facts
from mmeval.decision.relevance import relevance_points
from mmeval.money import to_usd
from mmeval.vocabulary import Criterion, math_known

if TYPE_CHECKING:
    from mmeval.results.records import Profile


def cost_point(cost: CostBounds | None, budget: float) -> Point:
    """Affordability: at the highest stated cost; known only from below, capped at the lowest."""
    if cost is None:
        return None
    low = to_usd(cost.low, cost.currency)
    if low is None:
        return None
    if cost.high is None:
        return Cap(affordability_points(low[0], budget))
    high = to_usd(cost.high, cost.currency)
    assert high is not None
    return affordability_points(high[0], budget)


def time_point(shape: TimeShape | None, months: float, hours: float | None) -> Point:
    """Time fit: at the least months the facts allow at the person's hours (as the deadline is
    judged); known only from below, capped there."""
    if shape is None:
        return None
    lo, hi = months_at(shape, hours)
    return Cap(time_fit_points(lo, months)) if hi is None else time_fit_points(lo, months)


def person_points(facts: Facts, profile: Profile, criteria: tuple[Criterion, ...]) -> tuple[Points, ...]:
    """The program's component points per criterion for this person (unknowns unvalued)."""
    out: list[Points] = []
    for c in criteria:
        if c == "relevance":
            out.append((relevance_points(facts.subjects[0], facts.subjects[1:], profile.fields)[0],))
        elif c == "credit":
            out.append(facts.credit[credit_kind(profile.goal)])
        elif c == "affordability":
            assert profile.budget_usd is not None  # not scored without a budget
            out.append((cost_point(facts.cost, profile.budget_usd),))
        elif c == "time_fit":
            assert profile.months is not None  # not scored without a deadline
            out.append((time_point(facts.shape, profile.months, profile.hours_per_week),))
        elif c == "math_readiness":
            have = math_known(profile.math)
            out.append((math_points(facts.math, have) if facts.math is not None else None,))
        else:
            out.append(facts.fixed[FIXED.index(c)])
    return tuple(out)
