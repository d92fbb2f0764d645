"""Pydantic v2 models: program files, the profile, and the results every layer passes on."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from mmeval.vocabulary import CORE_CRITERIA as CORE_CRITERIA  # re-exported for callers
from mmeval.vocabulary import CRITERIA as CRITERIA
from mmeval.vocabulary import GOALS as GOALS
from mmeval.vocabulary import (
    AssessmentKind,
    Credential,
    MathTopic,
    Pacing,
    PathwayKind,
    Platform,
    SubjectTag,
)
from mmeval.vocabulary import Criterion as Criterion
from mmeval.vocabulary import Goal as Goal

AsOf = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Text = Annotated[str, StringConstraints(min_length=1)]
# strict: a TOML `true` or "12" is not a number of hours or dollars (integers are still floats)
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False, strict=True)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False, strict=True)]
Weeks = Annotated[int, Field(gt=0, strict=True)]
Fraction = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False, strict=True)]


class Frozen(BaseModel):
    """Base for every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- program files -------------------------------------------------------------------------


class Source(Frozen):
    url: Url
    supports: Text
    as_of: AsOf | None = None
    date_note: str | None = None


class Course(Frozen):
    code: str | None = None
    title: Text
    weeks: Weeks | None = None
    hours_min: Amount | None = None
    hours_max: Amount | None = None
    level: str | None = None
    foundational: bool = False
    requires: tuple[str, ...] = ()
    math: tuple[MathTopic, ...] = ()
    prerequisite_notes: tuple[str, ...] = ()
    price_usd: Amount | None = None
    note: str | None = None

    @property
    def key(self) -> str:
        """The name other courses use in `requires`: the code, else the title."""
        return self.code or self.title


class Cost(Frozen):
    currency: Literal["USD"] = "USD"
    per_course_usd: Amount | None = None
    exam_fee_usd: Amount | None = None
    total_usd: Amount | None = None
    as_of: AsOf | None = None
    basis: str | None = None
    source: Url | None = None
    note: str | None = None


class TimeCommitment(Frozen):
    months_min: Positive | None = None
    months_max: Positive | None = None
    hours_min: Amount | None = None
    hours_max: Amount | None = None
    pacing: Pacing | None = None
    pacing_note: str | None = None
    source: Url | None = None


class Assessment(Frozen):
    kind: AssessmentKind
    description: Text
    proctored: bool | None = None
    source: Url | None = None


class Prerequisites(Frozen):
    math: tuple[MathTopic, ...] | None = None
    programming: tuple[str, ...] | None = None
    degree_required: bool | None = None
    summary: str | None = None
    source: Url | None = None


class Pathway(Frozen):
    institution: Text
    degree: str | None = None
    kind: PathwayKind
    credit: str | None = None
    credit_amount: Amount | None = None
    credit_unit: str | None = None
    degree_credits: Positive | None = None
    degree_credits_unit: str | None = None
    credit_fraction: Fraction | None = None
    fraction_basis: str | None = None
    conditions: str | None = None
    remaining: str | None = None
    remaining_cost_usd: Amount | None = None
    remaining_cost_as_of: AsOf | None = None
    degree_cost_usd: Amount | None = None
    degree_cost_as_of: AsOf | None = None
    degree_months_min: Positive | None = None
    degree_months_max: Positive | None = None
    degree_duration: str | None = None
    delivery: str | None = None
    sources: tuple[Url, ...] = ()
    note: str | None = None


class Accreditation(Frozen):
    accredited: bool | None = None  # None: the sources do not confirm the current status
    accreditor: Text
    body: str | None = None
    status: str | None = None
    applies_to: str | None = None
    source: Url
    as_of: AsOf | None = None
    date_note: str | None = None


class Employer(Frozen):
    name: Text
    relation: Text
    source: Url | None = None
    as_of: AsOf | None = None


class OutcomeFigure(Frozen):
    figure: Text
    scope: Literal["program", "provider"]
    source: Url | None = None
    as_of: AsOf | None = None


class EmployerRecognition(Frozen):
    employers: tuple[Employer, ...] = ()
    outcomes: tuple[OutcomeFigure, ...] = ()
    statement: str | None = None


class Program(Frozen):
    id: Text
    name: Text
    university: Text
    platform: Platform
    credential: Credential
    subjects: Annotated[tuple[SubjectTag, ...], Field(min_length=1)]
    subject_area: str | None = None
    partners: tuple[str, ...] = ()
    audience: str | None = None
    level: str | None = None
    status: Literal["active", "retired"] | None = None
    status_note: str | None = None
    verified: dt.date
    course_count: Annotated[int, Field(gt=0, strict=True)] | None = None
    courses: tuple[Course, ...] = ()
    assessment: Assessment | None = None
    cost: Cost | None = None
    time: TimeCommitment | None = None
    prerequisites: Prerequisites | None = None
    pathways: tuple[Pathway, ...] | None = None
    accreditation: Accreditation | None = None
    employers: EmployerRecognition | None = None
    learning_outcomes: tuple[str, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    notes: tuple[str, ...] = ()

    @property
    def n_courses(self) -> int | None:
        """Number of courses: the stated count, else the length of the course list."""
        return self.course_count or (len(self.courses) or None)

    @property
    def total_cost(self) -> tuple[float, str] | None:
        """Total cost in USD and the field it comes from, or None when unknown."""
        cost = self.cost
        if cost is None:
            return None
        if cost.total_usd is not None:
            return cost.total_usd, "cost.total_usd"
        n = self.n_courses
        # A separate exam with no stated fee would make a computed total look cheaper than it is.
        separate_exam = self.assessment is not None and self.assessment.kind.endswith("exam")
        if (
            cost.per_course_usd is not None
            and n is not None
            and not (separate_exam and cost.exam_fee_usd is None)
        ):
            total = cost.per_course_usd * n + (cost.exam_fee_usd or 0)
            return total, "cost.per_course_usd x courses + cost.exam_fee_usd"
        return None

    @property
    def newest_source_year(self) -> int | None:
        """Year of the newest dated source, or None when no source is dated."""
        years = [int(s.as_of[:4]) for s in self.sources if s.as_of]
        return max(years) if years else None


# --- the person's answers --------------------------------------------------------------------

DEFAULT_HOURS = 10.0


class Profile(Frozen):
    goal: Goal
    fields: tuple[SubjectTag, ...] = ()
    math: tuple[MathTopic, ...] = ()
    budget_usd: Amount | None = None
    hours_per_week: Positive = DEFAULT_HOURS
    months: Positive | None = None
    weights: dict[Criterion, Amount] = Field(default_factory=dict)


# --- results ----------------------------------------------------------------------------------


class Evidence(Frozen):
    field: str
    value: str
    source: str | None = None


class Component(Frozen):
    """One scored part of a criterion: the fact it reads, the rule, the points."""

    name: str
    max_points: float
    points: float
    known: bool
    rule: str
    evidence: tuple[Evidence, ...] = ()


class CriterionScore(Frozen):
    criterion: Criterion
    points: float
    known_share: float
    components: tuple[Component, ...]

    @property
    def unknown(self) -> bool:
        return self.known_share == 0


class ProgramResult(Frozen):
    rank: int
    id: str
    name: str
    university: str
    total: float
    coverage: float
    tied: bool = False
    scores: tuple[CriterionScore, ...]
    warnings: tuple[str, ...] = ()

    def score(self, criterion: Criterion) -> CriterionScore:
        return next(s for s in self.scores if s.criterion == criterion)


class Excluded(Frozen):
    id: str
    name: str
    reason: str


class Ranking(Frozen):
    goal: Goal
    method: Literal["weighted-sum", "topsis"]
    normalization: str
    weights: dict[Criterion, float]
    notes: tuple[str, ...] = ()
    rows: tuple[ProgramResult, ...]
    excluded: tuple[Excluded, ...] = ()


class WeightChange(Frozen):
    criterion: Criterion
    from_weight: float
    to_weight: float


class Robustness(Frozen):
    draws: int
    seed: int
    spread: float
    top_id: str
    top_stays_share: float
    runner_up_id: str | None = None
    margin: float | None = None
    clear_winner: bool
    smallest_change: WeightChange | None = None


class FactRow(Frozen):
    """One row of `compare`: a label, a value per program, and which columns are best."""

    label: str
    values: tuple[str, ...]
    best: tuple[int, ...] = ()


class Comparison(Frozen):
    """The side-by-side rows of `compare`; its scores are in the result's `ranking`."""

    ids: tuple[str, ...]
    facts: tuple[FactRow, ...]
    verdict: str


SCHEMA_VERSION: Literal[1] = 1


class Meta(Frozen):
    tool: Literal["mmeval"] = "mmeval"
    version: str
    command: Literal["recommend", "compare"]
    method: Literal["weighted-sum", "topsis"]
    normalization: str
    catalog_digest: str
    timestamp: str | None = None


class ResultFile(Frozen):
    """Everything needed to re-render a result without the catalog (docs/export-format.md)."""

    schema_version: Literal[1] = 1
    meta: Meta
    profile: Profile
    ranking: Ranking
    comparison: Comparison | None = None
    robustness: Robustness | None = None


# --- study plans and credit pathways (planning.py) ----------------------------------------

StepKind = Literal["course", "unlisted", "final"]


class PlanStep(Frozen):
    """One row of a study plan: a course, or the final exam/capstone, and when it runs."""

    order: int  # 1-based position in the plan
    kind: StepKind  # course; unlisted (counted by the program but not named); final
    key: str  # course code or title: what `requires` names
    title: str
    code: str | None = None
    foundational: bool = False
    requires: tuple[str, ...] = ()  # stated requires, plus every course for the final step
    math: tuple[str, ...] = ()
    stated_weeks: float | None = None  # weeks at the stated pace (may come from [time])
    stated_hours: float | None = None  # hours a week at the stated pace
    effort_hours: float | None = None  # total study hours; None = unknown
    effort_basis: str  # the fields the effort comes from, or why it is unknown
    program_level: bool = False  # effort from the program's [time] figures, not the course's
    weeks: int | None = None  # weeks in this plan; None = unknown
    weekly_hours: float | None = None  # hours a week in this plan
    start_week: int | None = None  # weeks after the plan's start
    end_week: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None  # last day
    note: str | None = None


class LoadPeriod(Frozen):
    """A stretch of weeks with the same courses running, and their weekly load."""

    start_week: int
    end_week: int
    start: dt.date
    end: dt.date  # last day
    courses: tuple[str, ...]
    hours: float | None  # sum of their weekly hours; None if one is unknown


class MathGap(Frozen):
    """A required math topic the person lacks, and what needs it."""

    topic: str
    courses: tuple[str, ...]  # keys of the courses whose `math` lists it
    program_level: bool  # prerequisites.math (or .programming) lists it


class Plan(Frozen):
    program_id: str
    program_name: str
    hours_per_week: float
    parallel: int
    start: dt.date
    months_target: float | None = None
    math_known: tuple[str, ...] = ()
    steps: tuple[PlanStep, ...]
    loads: tuple[LoadPeriod, ...] = ()
    peak_weekly_hours: float | None = None
    total_weeks: int | None = None
    total_months: float | None = None
    finish: dt.date | None = None  # last day of the last dated step
    final_after_finish: bool = False  # a final exam/capstone of unstated length follows `finish`
    math_required: tuple[str, ...] | None = None  # None: the program states no math
    math_gaps: tuple[MathGap, ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    assumptions: str


class PathwayView(Frozen):
    """One credit pathway as stated, with the figures derived from it."""

    pathway: Pathway
    share: float | None = None  # credit_fraction, or credit_amount / degree_credits
    share_basis: str | None = None
    remaining_credits: float | None = None  # degree_credits - credit_amount, where both stated


class DegreeOption(Frozen):
    """One column of the side-by-side: this program, a master's or an MBA."""

    label: str
    institution: str | None = None  # None: no such pathway is listed
    pathway_index: int | None = None  # index into PathwayReport.pathways
    cost: str
    time: str
    flexibility: str
    credential: str
    credit: str
    remaining: str


class PathwayReport(Frozen):
    program_id: str
    program_name: str
    university: str
    verified: dt.date
    status: Literal["listed", "none", "unknown"]  # unknown: the catalog says nothing about credit
    pathways: tuple[PathwayView, ...] = ()
    options: tuple[DegreeOption, ...] = ()
    caveat: str
    assumptions: str
