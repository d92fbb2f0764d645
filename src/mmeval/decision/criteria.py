"""CRITERIA: the points each criterion gives a program, from named fields (docs/scoring.md, "3").

A criterion is a sum of components; a component whose fact is not stated is unknown (None) and
gets its value from `unknowns`. `evidence.py` builds the same points with the facts behind them
for the rows a person reads; both call the functions here, so the two cannot differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from mmeval.results.records import Evidence
from mmeval.vocabulary import Criterion, Goal

if TYPE_CHECKING:
    from mmeval.program.schema import Program


class Cap(NamedTuple):
    """An unknown component whose best case a stated bound limits (a price known only from
    below, a length known only from below): scored like an unknown, never above `cap`."""

    cap: float


Point = float | Cap | None  # known points, unknown under a cap, or unknown
Points = tuple[Point, ...]  # one criterion's components
Stated = tuple[float | None, ...]  # a criterion's components read from a program alone (never capped)

DEGREE_GOALS: tuple[Goal, ...] = ("mba-path", "degree-credit")
CREDIT_KINDS: tuple[Goal, ...] = ("mba-path", "degree-credit", "explore")  # explore: every other goal
LEVEL_POINTS = {"introductory": 100.0, "intermediate": 60.0, "advanced": 20.0}
CREDIT_NAMES = ("where credit leads", "share of a degree", "route to the degree")
Layout = tuple[tuple[str, float], ...]  # a criterion's components: (name, max points)
LAYOUT: dict[str, Layout] = {
    "relevance": (("field match", 100.0),),
    "accreditation": (("accredited institution", 60.0), ("university partnerships", 40.0)),
    "employer": (("named employers", 50.0), ("outcome figures", 50.0)),
    "outcomes": (("learning outcomes", 50.0), ("final assessment", 50.0)),
    "affordability": (("cost vs budget", 100.0),),
    "time_fit": (("time to finish", 100.0),),
    "math_readiness": (("math topics", 100.0),),
    "level": (("level", 100.0),),
}
# A business degree: an MBA or a master's in business, management, finance... (a sector's own
# management degree, such as hospitality management, is that sector's, not a business master's).
_BUSINESS = re.compile(
    r"\b(MBA|business|(?<!hospitality )(?<!tourism )management|commerce|finance|accounting|marketing)\b", re.I
)


def layout(criterion: Criterion, goal: Goal) -> Layout:
    """The components a criterion has, in order, for this goal."""
    if criterion != "credit":
        return LAYOUT[criterion]
    return tuple(zip(CREDIT_NAMES, credit_maxes(goal), strict=True))


def credit_kind(goal: str) -> int:
    """Index into Facts.credit for a goal: MBA and degree goals have their own rubric."""
    return CREDIT_KINDS.index(goal) if goal in CREDIT_KINDS[:2] else 2


# --- quality criteria: the same for everyone --------------------------------------------------


def institutions(program: Program) -> list[str]:
    """Partners and other credit-granting institutions, each once, sorted."""
    own = program.university.lower()
    credit_schools = {p.institution for p in program.pathways or () if p.kind != "admission"}
    return sorted({*program.partners, *(i for i in credit_schools if i.lower() not in own)})


def accreditation_points(program: Program) -> Stated:
    """(accredited institution, university partnerships) points; None = unknown."""
    acc = program.accreditation
    accredited = None if acc is None or acc.accredited is None else 60.0 if acc.accredited else 0.0
    if not program.partners and program.pathways is None:
        return accredited, None
    return accredited, min(40.0, 10.0 * len(institutions(program)))


def employer_points(program: Program) -> Stated:
    """(named employers, outcome figures) points; None = unknown."""
    rec = program.employers
    named = rec.employers if rec else ()
    figures = rec.outcomes if rec else ()
    own = sum(1 for f in figures if f.scope == "program")
    return (
        (50.0 if len(named) >= 2 else 35.0) if named else None,
        (50.0 if own >= 2 else 35.0 if own == 1 else 20.0) if figures else None,
    )


def outcomes_points(program: Program) -> Stated:
    """(learning outcomes, final assessment) points; None = unknown."""
    items = program.learning_outcomes
    a = program.assessment
    return (
        (50.0 if len(items) >= 3 else 30.0) if items else None,
        {"exam": 35.0, "other": 25.0}.get(a.kind, 50.0) if a is not None else None,
    )


def program_level(program: Program) -> tuple[float, str, str] | None:
    """Points for how open the level is to a newcomer, the field and the value; None if unknown."""
    if program.level:
        return LEVEL_POINTS[program.level], "level", program.level
    light, _ = program.selections()
    levels = [c.level for c in light if c.level]
    if not levels:
        return None
    points = sum(LEVEL_POINTS[x] for x in levels) / len(levels)
    return points, "courses.*.level", ", ".join(f"{levels.count(x)} {x}" for x in LEVEL_POINTS if x in levels)


# --- credit -------------------------------------------------------------------------------------


def credit_maxes(goal: Goal) -> tuple[float, float, float]:
    """Maximum points of (where credit leads, share of a degree, route): degree-credit wants the
    biggest share and the cheapest route; other goals where credit leads."""
    return (30.0, 40.0, 30.0) if goal == "degree-credit" else (50.0, 25.0, 25.0)


def business_degree(pathway_kind: str, degree: str | None) -> bool:
    """Whether a pathway leads into an MBA or a business master's."""
    return pathway_kind == "mba" or (pathway_kind == "master" and bool(degree and _BUSINESS.search(degree)))


def degree_kind(pathway_kind: str, degree: str | None, goal: Goal) -> tuple[float, str]:
    """Points (of 50) for where a pathway leads, by goal."""
    business = business_degree(pathway_kind, degree)
    if goal == "mba-path":
        if pathway_kind == "mba":
            return 50.0, "into an MBA"
        if pathway_kind == "master" and business:
            return 40.0, "into a business master's"
        if pathway_kind == "master":
            return 20.0, "into another master's"
        return (10.0, "an admission route") if pathway_kind == "admission" else (10.0, "into another degree")
    if pathway_kind in ("master", "mba"):
        return 50.0, "into a master's or MBA"
    return (10.0, "an admission route") if pathway_kind == "admission" else (20.0, "into another degree")


def best_kind(program: Program, goal: Goal) -> tuple[tuple[float, str], int]:
    """The pathway leading furthest for this goal: ((points, words), its index)."""
    pathways = program.pathways or ()
    kinds = [(degree_kind(p.kind, p.degree, goal), i) for i, p in enumerate(pathways)]
    return max(kinds, key=lambda k: (k[0][0], -k[1]))


def best_share(program: Program) -> tuple[float, int] | None:
    """The largest stated (or computed from stated credits) share of a degree, and its pathway."""
    shares = []
    for i, pw in enumerate(program.pathways or ()):
        share = pw.credit_fraction
        if share is None and pw.credit_amount and pw.degree_credits:
            share = min(1.0, pw.credit_amount / pw.degree_credits)
        if share is not None and pw.kind != "admission":
            shares.append((share, i))
    return max(shares, key=lambda s: (s[0], -s[1])) if shares else None


def route_cost(program: Program) -> tuple[float, int, str] | None:
    """The cheapest stated route to a degree in USD: this program's least cost (converted with
    the dated reference rates) + what remains; (total, pathway index, how)."""
    from mmeval.decision.bounds import cost_bounds
    from mmeval.money import to_usd

    own = cost_bounds(program)
    usd = to_usd(own.low, own.currency) if own is not None else None
    best: tuple[float, int, str] | None = None
    for i, p in enumerate(program.pathways or ()):
        if p.kind == "admission" or p.remaining_cost_usd is None or usd is None:
            continue
        total = usd[0] + p.remaining_cost_usd
        if best is None or total < best[0]:
            best = (total, i, f"this program ({own.basis if own else ''}) + pathways.{i}.remaining_cost_usd")
    return best


def route_points(total: float, route_max: float) -> float:
    """Full marks for a whole route of $10,000 or less, 0 at $100,000, linear between."""
    return route_max * max(0.0, min(1.0, (100_000 - total) / 90_000))


def credit_points(program: Program, goal: Goal) -> Stated:
    """(where credit leads, share of a degree, route to the degree) points; None = unknown."""
    pathways = program.pathways
    lead_max, share_max, route_max = credit_maxes(goal)
    if pathways is None:
        return None, None, None
    if not pathways:
        return 0.0, 0.0, 0.0
    (kind_points, _), _ = best_kind(program, goal)
    best = best_share(program)
    if best is not None:
        share: float | None = share_max * min(1.0, best[0] / 0.5)
    elif all(pw.kind == "admission" for pw in pathways):
        share = 0.0
    else:
        share = None
    route = route_cost(program)
    return kind_points * lead_max / 50, share, None if route is None else route_points(route[0], route_max)


# --- fit criteria: the person's limits -------------------------------------------------------


def affordability_points(total: float, budget: float) -> float:
    """100 when free, 50 at exactly the budget, 0 at twice the budget (linear in between)."""
    if budget == 0:
        return 100.0 if total == 0 else 0.0
    if total <= budget:
        return 100.0 - 50.0 * total / budget
    return max(0.0, 50.0 - 50.0 * (total - budget) / budget)


def time_fit_points(months: float, target: float) -> float:
    """100 - 50 x needed/target months within the deadline, down to 0 at twice the deadline."""
    if months <= target:
        return 100.0 - 50.0 * months / target
    return max(0.0, 50.0 - 50.0 * (months - target) / target)


def required_math(program: Program) -> tuple[set[str], list[Evidence]] | None:
    """Math topics the program needs (program and course level), or None if never stated."""
    pre = program.prerequisites
    stated = pre is not None and pre.math is not None
    topics: set[str] = set()
    evidence: list[Evidence] = []
    if pre is not None and pre.math is not None:
        topics |= set(pre.math)
        shown = ", ".join(pre.math) or f'none ("{pre.math_quote}")'
        evidence.append(Evidence(field="prerequisites.math", value=shown, source=pre.source))
    if pre is not None and pre.programming:
        topics.add("programming")
        evidence.append(
            Evidence(field="prerequisites.programming", value=", ".join(pre.programming), source=pre.source)
        )
    for i, c in enumerate(program.courses):
        if c.math:
            stated = True
            topics |= set(c.math)
            evidence.append(Evidence(field=f"courses.{i}.math", value=f"{c.key}: {', '.join(c.math)}"))
    return (topics, evidence) if stated else None


def math_points(topics: Iterable[str], have: Iterable[str]) -> float:
    """100 x the required topics the person knows / the required topics (100 when none)."""
    need = set(topics)
    return 100.0 if not need else 100.0 * len(need & set(have)) / len(need)
