"""Plain records: the profile and the results every layer passes on, as frozen dataclasses.

No Pydantic here (`mmeval compare` should not pay ~90 ms to import it): these hold values that
were validated at the edge (models.py: program files, profile answers, result files) or built
by mmeval itself. Field names, order and defaults match the input models in models.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from mmeval.vocabulary import Criterion, Goal, MathTopic, SubjectTag

# --- the person's answers --------------------------------------------------------------------

DEFAULT_HOURS = 10.0  # `plan` without --hours; a profile without hours judges none


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile:
    """The person's answers. A limit not given is None and never judged; math None is "not
    stated" (never "none", which is the empty tuple)."""

    goal: Goal
    fields: tuple[SubjectTag, ...] = ()
    math: tuple[MathTopic, ...] | None = None
    budget_usd: float | None = None
    hours_per_week: float | None = None
    months: float | None = None
    weights: dict[Criterion, float] = field(default_factory=dict)


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    field: str
    value: str
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Component:
    """One scored part of a criterion: the fact it reads, the rule, the points."""

    name: str
    max_points: float
    points: float  # an unknown scores as typical (docs/scoring.md, "Unknown facts")
    known: bool
    rule: str
    evidence: tuple[Evidence, ...] = ()
    low: float | None = None  # an unknown's worst case (0); None = points
    high: float | None = None  # an unknown's best case (max_points); None = points

    def __post_init__(self) -> None:
        # The rubric passes whole numbers (max_points 100): store floats, so data says 100.0
        # as it did when a Pydantic model converted them.
        for name in ("max_points", "points", "low", "high"):
            value = getattr(self, name)
            if type(value) is int:
                object.__setattr__(self, name, float(value))


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionScore:
    criterion: Criterion
    points: float
    known_share: float
    components: tuple[Component, ...]

    @property
    def unknown(self) -> bool:
        return self.known_share == 0

    @property
    def low(self) -> float:
        return sum(c.points if c.low is None else c.low for c in self.components)

    @property
    def high(self) -> float:
        return sum(c.points if c.high is None else c.high for c in self.components)


Fit = Literal["fits", "may-fit", "no-fit"]
LimitName = Literal["budget", "hours", "months"]


@dataclass(frozen=True, slots=True, kw_only=True)
class LimitFit:
    """One limit the person gave, judged on the program's stated facts, with the reason."""

    limit: LimitName
    fit: Fit
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramResult:
    rank: int
    id: str
    name: str
    university: str
    total: float  # point estimate: unknowns as typical
    coverage: float
    tied: bool = False
    scores: tuple[CriterionScore, ...]
    warnings: tuple[str, ...] = ()
    fit: Fit = "fits"  # feasibility against the person's months, hours and budget
    fit_notes: tuple[str, ...] = ()  # why may-fit / no-fit, and what would make it fit
    total_low: float | None = None  # every unknown at its worst
    total_high: float | None = None  # every unknown at its best
    inseparable: bool = False  # cannot be separated from the row above on known facts
    limits: tuple[LimitFit, ...] = ()  # each limit the person gave (result schema v2, optional)

    def score(self, criterion: Criterion) -> CriterionScore:
        return next(s for s in self.scores if s.criterion == criterion)


@dataclass(frozen=True, slots=True, kw_only=True)
class Excluded:
    id: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """The answer to "should I study one, and which?", from the data."""

    kind: Literal["go", "not-yet", "consider-else"]
    headline: str
    lines: tuple[str, ...] = ()
    picks: tuple[str, ...] = ()  # program IDs the verdict recommends or names as nearest
    change: tuple[Step, ...] = ()  # the named change to the person's limits (not yet / consider)
    check: tuple[str, ...] = ()  # facts to check before enrolling ("go, after checking ...")
    tie: tuple[str, ...] = ()  # programs too close to call on known facts
    notes: tuple[str, ...] = ()  # about the pick: old facts, unconfirmed availability, sources


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One limit changed: from what the person gave to what would make a program fit."""

    limit: LimitName
    from_value: float
    to_value: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Ranking:
    goal: Goal
    method: Literal["weighted-sum", "topsis"]
    normalization: str
    weights: dict[Criterion, float]
    notes: tuple[str, ...] = ()
    rows: tuple[ProgramResult, ...]
    excluded: tuple[Excluded, ...] = ()
    verdict: Verdict | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightChange:
    criterion: Criterion
    from_weight: float
    to_weight: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Robustness:
    draws: int
    seed: int
    spread: float
    top_id: str
    top_stays_share: float
    runner_up_id: str | None = None
    margin: float | None = None
    clear_winner: bool
    smallest_change: WeightChange | None = None
    unknowns_top_stays_share: float | None = None  # top stays first when unknowns take observed values


@dataclass(frozen=True, slots=True, kw_only=True)
class FactRow:
    """One row of `compare`: a label, a value per program, and which columns are best."""

    label: str
    values: tuple[str, ...]
    best: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """The side-by-side rows of `compare`; its scores are in the result's `ranking`."""

    ids: tuple[str, ...]
    facts: tuple[FactRow, ...]
    verdict: str


SCHEMA_VERSION: Literal[2] = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta:
    tool: Literal["mmeval"] = "mmeval"
    version: str
    command: Literal["recommend", "compare"]
    method: Literal["weighted-sum", "topsis"]
    normalization: str
    catalog_digest: str
    timestamp: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultFile:
    """Everything needed to re-render a result without the catalog (docs/export-format.md)."""

    schema_version: Literal[1, 2] = 2  # version 1 files (no verdict, no fit) still read
    meta: Meta
    profile: Profile
    ranking: Ranking
    comparison: Comparison | None = None
    robustness: Robustness | None = None
