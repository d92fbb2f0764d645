"""RANK: the stages in the order they run, for one person over the catalog in use.

1. bounds and feasibility (what fits the limits the person gave), 2. relevance, 3. criteria
points, 4. unknowns valued, 5. aggregation into totals and the order (what fits or may fit
first), then the verdict. Every program is ranked on numbers (its Facts); the evidence behind
the scores is built for the rows a person reads.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple, Protocol

from mmeval.decision.aggregation import Method, Normalization, totals, weights_for
from mmeval.decision.criteria import Points
from mmeval.decision.evidence import score_program
from mmeval.decision.facts import Facts, program_facts
from mmeval.decision.feasibility import Feasibility, Reference, judge, reference_floors
from mmeval.decision.points import person_points
from mmeval.decision.relevance import in_field
from mmeval.decision.unknowns import (
    SEPARATION_DRAWS,
    TIE_EPSILON,
    Imputer,
    Scored,
    drawer,
    inseparable,
    observed,
    typical_values,
    valued,
)
from mmeval.records import CriterionScore, Excluded, LimitFit, Profile, ProgramResult, Ranking
from mmeval.vocabulary import Criterion

if TYPE_CHECKING:
    from mmeval.models import Program


class CatalogLike(Protocol):
    """What ranking needs of a loaded catalog: every program's facts, and a whole program."""

    facts: dict[str, Facts]

    def get(self, program_id: str) -> Program: ...


class Kept(NamedTuple):
    facts: Facts
    raw: tuple[Points, ...]  # component points per criterion; None = unknown
    scores: tuple[Scored, ...]
    coverage: float
    feasibility: Feasibility


class Context(NamedTuple):
    """What the verdict reads besides the rows: every program's facts, whole programs on demand,
    the reference prices of each kind of credential, the weights, what was left out, and how
    often two programs' order flips when their unknowns are drawn."""

    facts: dict[str, Facts]
    program_of: Callable[[str], Program]
    reference: Reference
    weights: Mapping[Criterion, float]
    excluded: tuple[Excluded, ...]
    flips: Callable[[str, str], float]
    scores: Callable[[str], tuple[CriterionScore, ...]]  # a row's evidence, built when asked


def _sources(programs: Iterable[Program] | CatalogLike) -> tuple[list[Facts], Callable[[str], Program]]:
    """Every program's facts (sorted by ID) and a way to get one whole program."""
    if hasattr(programs, "facts") and hasattr(programs, "get"):
        catalog: CatalogLike = programs  # type: ignore[assignment]
        return sorted(catalog.facts.values(), key=lambda f: f.id), catalog.get
    by_id = {p.id: p for p in sorted(programs, key=lambda p: p.id)}
    return [program_facts(p) for p in by_id.values()], by_id.__getitem__


def exclusion_reason(facts: Facts, profile: Profile, strict: bool) -> str | None:
    """Why a program is left out of the ranking, or None to rank it."""
    if facts.availability == "retired":
        return "retired"
    if not in_field(facts.subjects, profile.fields):
        return "outside your fields"
    if strict and profile.budget_usd is not None:
        cost = facts.cost
        if cost is None:
            return "cost unknown (--strict needs a stated cost)"
        from mmeval.money import to_usd

        usd = to_usd(cost.low, cost.currency)
        if usd is None:
            return f"cost in {cost.currency} with no exchange rate (--strict)"
        if usd[0] > profile.budget_usd:
            return "over budget (--strict)"
    return None


def rank_programs(
    programs: Iterable[Program] | CatalogLike,
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
    today: dt.date | None = None,
) -> Ranking:
    """Feasibility, then scores and order: programs that fit or may fit first, then the rest.

    The evidence behind the scores is built for the first `detail` rows (all when None), the
    `focus` IDs and the verdict's picks; the other rows carry rank, total, fit and coverage.
    """
    from mmeval.decision.verdict import build_verdict

    weighting = weights_for(profile, flags=flags)
    criteria = tuple(weighting.weights)
    w = [weighting.weights[c] for c in criteria]
    everything, program_of = _sources(programs)
    live = [f for f in everything if f.availability != "retired"]
    reference = reference_floors(live)
    raw = [person_points(f, profile, criteria) for f in everything]
    typical = typical_values(
        (r for f, r in zip(everything, raw, strict=True) if f.availability != "retired"),
        criteria,
        profile.goal,
    )
    imputer = Imputer(criteria, profile.goal, typical)
    kept: list[Kept] = []
    excluded: list[Excluded] = []
    for facts, points in zip(everything, raw, strict=True):
        reason = exclusion_reason(facts, profile, strict) if exclude else None
        scores = imputer(points)
        cov = sum(weighting.weights[c] * s.known_share for c, s in zip(criteria, scores, strict=True))
        if reason is None and cov + TIE_EPSILON < min_coverage:
            reason = f"evidence coverage {cov:.0%} is below --min-coverage {min_coverage:.0%}"
        if reason:
            excluded.append(Excluded(id=facts.id, name=facts.name, reason=reason))
        else:
            kept.append(Kept(facts, points, scores, cov, judge(facts, profile, reference)))
    total = totals([[s.points for s in k.scores] for k in kept], w, method, normalization)
    lows = totals([[s.low for s in k.scores] for k in kept], w, method, normalization)
    highs = totals([[s.high for s in k.scores] for k in kept], w, method, normalization)

    def group(i: int) -> int:
        return 1 if kept[i].feasibility.fit == "no-fit" and not include_unfit else 0

    order = sorted(
        range(len(kept)), key=lambda i: (group(i), -round(total[i], 9), -kept[i].coverage, kept[i].facts.id)
    )
    seen = observed(k.raw for k in kept)
    draws = {i: drawer(kept[i].raw, imputer, seen) for i in order[:40]}
    apart = inseparable(order, draws, lambda m: totals(m, w, method, normalization), group, seed)
    index = {k.facts.id: i for i, k in enumerate(kept)}

    def flips(first: str, second: str) -> float:
        """Share of seeded draws of the unknowns in which `second` scores above `first`."""
        a, b = index[first], index[second]
        one, two = drawer(kept[a].raw, imputer, seen), drawer(kept[b].raw, imputer, seen)
        rng = random.Random(seed)
        over = 0
        for _ in range(SEPARATION_DRAWS):
            pair = totals([one(rng), two(rng)], w, method, normalization)
            over += pair[1] > pair[0] + TIE_EPSILON
        return over / SEPARATION_DRAWS

    built: dict[str, tuple[tuple[CriterionScore, ...], tuple[str, ...]]] = {}

    def evidence(facts: Facts) -> tuple[tuple[CriterionScore, ...], tuple[str, ...]]:
        if facts.id not in built:
            built[facts.id] = explained(facts)
        return built[facts.id]

    context = Context(
        {f.id: f for f in everything},
        program_of,
        reference,
        weighting.weights,
        tuple(excluded),
        flips,
        lambda pid: evidence(context.facts[pid])[0],
    )
    wanted = set(focus)

    def explained(facts: Facts) -> tuple[tuple[CriterionScore, ...], tuple[str, ...]]:
        from mmeval.decision.verdict import warnings_for

        program = program_of(facts.id)
        return valued(score_program(program, profile, criteria), imputer), warnings_for(
            program, facts, profile
        )

    rows = []
    for rank, i in enumerate(order, start=1):
        k = kept[i]
        neighbours = order[max(rank - 2, 0) : rank + 1]
        tied = any(
            j != i and group(j) == group(i) and abs(total[j] - total[i]) < TIE_EPSILON for j in neighbours
        )
        shown = detail is None or rank <= detail or k.facts.id in wanted
        explained_scores, warnings = evidence(k.facts) if shown else ((), ())
        rows.append(
            ProgramResult(
                rank=rank,
                id=k.facts.id,
                name=k.facts.name,
                university=k.facts.university,
                total=round(total[i], 6),
                coverage=round(k.coverage, 6),
                tied=tied,
                scores=explained_scores,
                warnings=warnings,
                fit=k.feasibility.fit,
                fit_notes=k.feasibility.notes,
                total_low=round(min(lows[i], total[i]), 6),
                total_high=round(max(highs[i], total[i]), 6),
                inseparable=i in apart,
                limits=tuple(
                    LimitFit(limit=c.limit, fit=c.status, note=c.note) for c in k.feasibility.checks
                ),
            )
        )
    verdict = build_verdict(rows, profile, context, today)
    picked = set(verdict.picks)
    rows = [
        r if r.scores or r.id not in picked else _with_evidence(r, evidence(context.facts[r.id]))
        for r in rows
    ]
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


def _with_evidence(
    row: ProgramResult, found: tuple[tuple[CriterionScore, ...], tuple[str, ...]]
) -> ProgramResult:
    """A row the verdict names, with the evidence the table did not ask for."""
    from dataclasses import replace

    return replace(row, scores=found[0], warnings=found[1])
