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
    SEPARATION_ROWS,
    TIE_EPSILON,
    Imputer,
    Scored,
    drawer,
    inseparable,
    observed,
    typical_values,
    valued,
)
from mmeval.results.records import CriterionScore, Excluded, LimitFit, Profile, ProgramResult, Ranking
from mmeval.vocabulary import Criterion

if TYPE_CHECKING:
    from mmeval.program.schema import Program


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


class Options(NamedTuple):
    """How to rank (the `recommend` options that change the order or what is kept)."""

    method: Method = "weighted-sum"
    normalization: Normalization = "vector"
    strict: bool = False
    min_coverage: float = 0.0
    exclude: bool = True
    include_unfit: bool = False
    seed: int = 0


Evidence = tuple[tuple[CriterionScore, ...], tuple[str, ...]]


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

    opts = Options(method, normalization, strict, min_coverage, exclude, include_unfit, seed)
    run = _Run(programs, profile, opts, flags)
    rows = run.rows(detail, set(focus))
    verdict = build_verdict(rows, profile, run.context, today)
    picked = set(verdict.picks)
    rows = [r if r.scores or r.id not in picked else _with_evidence(r, run.evidence(r.id)) for r in rows]
    return Ranking(
        goal=profile.goal,
        method=method,
        normalization=normalization if method == "topsis" else "none (criterion scores are 0-100)",
        weights=run.weights,
        notes=run.notes,
        rows=tuple(rows),
        excluded=tuple(run.excluded),
        verdict=verdict,
    )


class _Run:
    """One ranking: the kept programs with their scores, totals and order, and what the verdict
    reads (the context)."""

    def __init__(
        self, programs: Iterable[Program] | CatalogLike, profile: Profile, opts: Options, flags: bool
    ):
        weighting = weights_for(profile, flags=flags)
        self.profile, self.opts = profile, opts
        self.weights, self.notes = weighting.weights, weighting.notes
        self.criteria = tuple(self.weights)
        self.w = [self.weights[c] for c in self.criteria]
        everything, self.program_of = _sources(programs)
        live = [f for f in everything if f.availability != "retired"]
        reference = reference_floors(live)
        raw = [person_points(f, profile, self.criteria) for f in everything]
        typical = typical_values(
            (r for f, r in zip(everything, raw, strict=True) if f.availability != "retired"),
            self.criteria,
            profile.goal,
        )
        self.imputer = Imputer(self.criteria, profile.goal, typical)
        self.kept, self.excluded = self._keep(everything, raw, reference)
        self.total = self._totals(lambda s: s.points)
        self.lows = self._totals(lambda s: s.low)
        self.highs = self._totals(lambda s: s.high)
        self.order = sorted(
            range(len(self.kept)),
            key=lambda i: (
                self.group(i),
                -round(self.total[i], 9),
                -self.kept[i].coverage,
                self.kept[i].facts.id,
            ),
        )
        self.seen = observed(k.raw for k in self.kept)
        self.index = {k.facts.id: i for i, k in enumerate(self.kept)}
        self.built: dict[str, Evidence] = {}
        self.context = Context(
            {f.id: f for f in everything},
            self.program_of,
            reference,
            self.weights,
            tuple(self.excluded),
            self.flips,
            lambda pid: self.evidence(pid)[0],
        )

    def _keep(
        self, everything: list[Facts], raw: list[tuple[Points, ...]], reference: Reference
    ) -> tuple[list[Kept], list[Excluded]]:
        """The programs ranked (with their scores, coverage and feasibility) and those left out."""
        opts, kept, excluded = self.opts, [], []
        for facts, points in zip(everything, raw, strict=True):
            reason = exclusion_reason(facts, self.profile, opts.strict) if opts.exclude else None
            scores = self.imputer(points)
            cov = sum(self.weights[c] * s.known_share for c, s in zip(self.criteria, scores, strict=True))
            if reason is None and cov + TIE_EPSILON < opts.min_coverage:
                reason = f"evidence coverage {cov:.0%} is below --min-coverage {opts.min_coverage:.0%}"
            if reason:
                excluded.append(Excluded(id=facts.id, name=facts.name, reason=reason))
            else:
                kept.append(Kept(facts, points, scores, cov, judge(facts, self.profile, reference)))
        return kept, excluded

    def _aggregate(self, matrix: list[list[float]]) -> list[float]:
        return totals(matrix, self.w, self.opts.method, self.opts.normalization)

    def _totals(self, value: Callable[[Scored], float]) -> list[float]:
        return self._aggregate([[value(s) for s in k.scores] for k in self.kept])

    def group(self, i: int) -> int:
        """0: fits or may fit (or everything with --include-unfit); 1: does not fit."""
        return 1 if self.kept[i].feasibility.fit == "no-fit" and not self.opts.include_unfit else 0

    def flips(self, first: str, second: str) -> float:
        """Share of seeded draws of the unknowns in which `second` scores above `first`."""
        a, b = self.index[first], self.index[second]
        one = drawer(self.kept[a].raw, self.imputer, self.seen)
        two = drawer(self.kept[b].raw, self.imputer, self.seen)
        rng = random.Random(self.opts.seed)
        over = 0
        for _ in range(SEPARATION_DRAWS):
            pair = self._aggregate([one(rng), two(rng)])
            over += pair[1] > pair[0] + TIE_EPSILON
        return over / SEPARATION_DRAWS

    def evidence(self, pid: str) -> Evidence:
        """A program's scores with their evidence, and its warnings (built once, when asked)."""
        from mmeval.decision.wording import warnings_for

        if pid not in self.built:
            program = self.program_of(pid)
            scores = valued(score_program(program, self.profile, self.criteria), self.imputer)
            self.built[pid] = scores, warnings_for(program, self.context.facts[pid], self.profile)
        return self.built[pid]

    def separated(self, head: int) -> set[int]:
        """Rows that cannot be told from the row above on known facts (drawn over the first
        SEPARATION_ROWS, so a row's mark never depends on how many are shown); none when no row
        is read in order."""
        if head == 0:
            return set()
        shown = self.order[:SEPARATION_ROWS]
        draws = {i: drawer(self.kept[i].raw, self.imputer, self.seen) for i in shown}
        return inseparable(shown, draws, self._aggregate, self.group, self.opts.seed)

    def rows(self, detail: int | None, wanted: set[str]) -> list[ProgramResult]:
        """The ranked rows, with evidence for the first `detail` (all when None) and `wanted`;
        the "cannot be separated" marks for the rows a person reads in order (the first
        `detail`: none when only `wanted` rows are read, as in `compare` and `show`)."""
        apart = self.separated(SEPARATION_ROWS if detail is None else detail)
        out = []
        for rank, i in enumerate(self.order, start=1):
            k = self.kept[i]
            neighbours = self.order[max(rank - 2, 0) : rank + 1]
            tied = any(
                j != i and self.group(j) == self.group(i) and abs(self.total[j] - self.total[i]) < TIE_EPSILON
                for j in neighbours
            )
            shown = detail is None or rank <= detail or k.facts.id in wanted
            scores, warnings = self.evidence(k.facts.id) if shown else ((), ())
            out.append(
                ProgramResult(
                    rank=rank,
                    id=k.facts.id,
                    name=k.facts.name,
                    university=k.facts.university,
                    total=round(self.total[i], 6),
                    coverage=round(k.coverage, 6),
                    tied=tied,
                    scores=scores,
                    warnings=warnings,
                    fit=k.feasibility.fit,
                    fit_notes=k.feasibility.notes,
                    total_low=round(min(self.lows[i], self.total[i]), 6),
                    total_high=round(max(self.highs[i], self.total[i]), 6),
                    inseparable=i in apart,
                    limits=tuple(
                        LimitFit(limit=c.limit, fit=c.status, note=c.note) for c in k.feasibility.checks
                    ),
                )
            )
        return out


def _with_evidence(row: ProgramResult, found: Evidence) -> ProgramResult:
    """A row the verdict names, with the evidence the table did not ask for."""
    from dataclasses import replace

    return replace(row, scores=found[0], warnings=found[1])
