"""Plain records: the profile and the results every layer passes on, as frozen dataclasses.

No Pydantic here (`mmeval compare` should not pay ~90 ms to import it): these hold values
built by mmeval itself, or validated at the edge straight into these classes by Pydantic's
`TypeAdapter` (person.profile: answers and profile files; results.serialize: result files).
What the edge checks is said here, in terms Pydantic reads without this module importing it:
`__pydantic_config__` (unknown keys are errors) and `Bounds` (numbers in the profile).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal

from mmeval.vocabulary import Criterion, Goal, MathTopic, SubjectTag


class Record:
    """Base of every record: validating input into one refuses unknown keys (a typo is an error)."""

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}  # read by Pydantic only


def _unsigned(value: float) -> float:
    """-0.0 (which `ge=0` lets through) as 0.0, so no amount is ever shown as "-0"."""
    return value + 0.0


class Bounds:
    """A number in the profile as input must give it: a number (not "12" or true), finite, from
    ge to le; `unsigned`: -0.0 is read as 0.0. Pydantic calls the method below when it validates
    input; this module imports neither it nor annotated_types (~10 ms on every warm run)."""

    __slots__ = ("ge", "le", "unsigned")

    def __init__(self, ge: float, le: float, *, unsigned: bool = False) -> None:
        self.ge, self.le, self.unsigned = ge, le, unsigned

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        number = core_schema.float_schema(ge=self.ge, le=self.le, allow_inf_nan=False, strict=True)
        return core_schema.no_info_after_validator_function(_unsigned, number) if self.unsigned else number


# --- the person's answers --------------------------------------------------------------------

DEFAULT_HOURS = 10.0  # `plan` without --hours; a profile without hours judges none
MAX_AMOUNT = 10_000_000.0  # a budget, and a price or tuition in a program file, in any currency

# One set of bounds for every input route (flags, questionnaire, profile files, result files)
Budget = Annotated[float, Bounds(ge=0, le=MAX_AMOUNT, unsigned=True)]
StudyHours = Annotated[float, Bounds(ge=0.5, le=168)]
StudyMonths = Annotated[float, Bounds(ge=0.5, le=240)]
Weight = Annotated[float, Bounds(ge=0, le=100)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Profile(Record):
    """The person's answers. A limit not given is None and never judged; math None is "not
    stated" (never "none", which is the empty tuple)."""

    goal: Goal
    fields: tuple[SubjectTag, ...] = ()
    math: tuple[MathTopic, ...] | None = None
    budget_usd: Budget | None = None
    hours_per_week: StudyHours | None = None
    months: StudyMonths | None = None
    weights: dict[Criterion, Weight] = field(default_factory=dict)


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence(Record):
    field: str
    value: str
    source: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Component(Record):
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
class CriterionScore(Record):
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
class LimitFit(Record):
    """One limit the person gave, judged on the program's stated facts, with the reason."""

    limit: LimitName
    fit: Fit
    note: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgramResult(Record):
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
class Excluded(Record):
    id: str
    name: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict(Record):
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
class Step(Record):
    """One limit changed: from what the person gave to what would make a program fit."""

    limit: LimitName
    from_value: float
    to_value: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Ranking(Record):
    goal: Goal
    method: Literal["weighted-sum", "topsis"]
    normalization: str
    weights: dict[Criterion, float]
    notes: tuple[str, ...] = ()
    rows: tuple[ProgramResult, ...]
    excluded: tuple[Excluded, ...] = ()
    verdict: Verdict | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WeightChange(Record):
    criterion: Criterion
    from_weight: float
    to_weight: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Robustness(Record):
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
class FactRow(Record):
    """One row of `compare`: a label, a value per program, and which columns are best."""

    label: str
    values: tuple[str, ...]
    best: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison(Record):
    """The side-by-side rows of `compare`; its scores are in the result's `ranking`."""

    ids: tuple[str, ...]
    facts: tuple[FactRow, ...]
    verdict: str


SCHEMA_VERSION: Literal[2] = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Meta(Record):
    tool: Literal["mmeval"] = "mmeval"
    version: str
    command: Literal["recommend", "compare"]
    method: Literal["weighted-sum", "topsis"]
    normalization: str
    catalog_digest: str
    timestamp: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ResultFile(Record):
    """Everything needed to re-render a result without the catalog (docs/export-format.md)."""

    schema_version: Literal[1, 2] = 2  # version 1 files (no verdict, no fit) still read
    meta: Meta
    profile: Profile
    ranking: Ranking
    comparison: Comparison | None = None
    robustness: Robustness | None = None
