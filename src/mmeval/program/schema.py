"""Pydantic v2 models of program files: what `validate` checks and the catalog holds.

The profile and the results are plain records (mmeval.results.records), which Pydantic
validates answers, profile files and result files straight into (person.profile,
results.serialize).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    model_validator,
)

from mmeval.program.methods import CourseMethods, ProgramMethods
from mmeval.results.records import MAX_AMOUNT
from mmeval.vocabulary import (
    LEVELS,
    AssessmentKind,
    CoursePacing,
    Credential,
    Level,
    MathTopic,
    Pacing,
    PathwayKind,
    Platform,
    SubjectTag,
)


def _real_date(text: str) -> str:
    """A YYYY, YYYY-MM or YYYY-MM-DD that names a real month and day (no 2024-13, no 2024-02-30)."""
    parts = [int(x) for x in text.split("-")]
    try:
        dt.date(parts[0], *[*parts[1:], 1, 1][:2])
    except ValueError:
        raise ValueError(f"'{text}' is not a real date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return text


AsOf = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"), AfterValidator(_real_date)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Text = Annotated[str, StringConstraints(min_length=1)]
# Plausible bounds (docs/program-format.md, "Bounds"): wide enough for real data, finite always.
# strict: a TOML `true` or "12" is not a number of hours or dollars (integers are still floats)
MAX_COURSES = 100  # items in a program's course list (the largest real one has about 20)


def _unsigned(value: float) -> float:
    """-0.0 (which `ge=0` lets through) as 0.0, so no amount or load is ever shown as "-0"."""
    return value + 0.0


Amount = Annotated[
    float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False, strict=True), AfterValidator(_unsigned)
]
WeeklyHours = Annotated[
    float, Field(ge=0, le=168, allow_inf_nan=False, strict=True), AfterValidator(_unsigned)
]
Months = Annotated[float, Field(gt=0, le=240, allow_inf_nan=False, strict=True)]
Credits = Annotated[float, Field(gt=0, le=1000, allow_inf_nan=False, strict=True)]
CreditAmount = Annotated[
    float, Field(ge=0, le=1000, allow_inf_nan=False, strict=True), AfterValidator(_unsigned)
]
Weeks = Annotated[int, Field(gt=0, le=520, strict=True)]
Fraction = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False, strict=True)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


def _rename(data: Any, old: str, new: str) -> Any:
    """Read a key under its old name (older catalogs keep validating)."""
    if isinstance(data, dict) and old in data and new not in data:
        data = {**data}
        data[new] = data.pop(old)
    return data


def _level_words(data: Any) -> Any:
    """An older free-text level ("Graduate-level") moves to level_note; the band stays unknown."""
    if isinstance(data, dict) and isinstance(data.get("level"), str) and data["level"] not in LEVELS:
        data = {**data}
        words = data.pop("level")
        data.setdefault("level_note", words)
    return data


def _older_status(data: Any) -> Any:
    """An older `status = "retired"` (and its note) is read as [availability]; "active" said no date."""
    if not isinstance(data, dict) or "availability" in data:
        return data
    if "status" in data:
        data = {**data}
        status, note = data.pop("status"), data.pop("status_note", None)
        if status == "retired":
            data["availability"] = {"status": "retired", "note": note}
        elif status != "active":
            data["status"] = status  # not an older value: the schema reports it
        elif isinstance(note, str):
            data["notes"] = [*data.get("notes", ()), note]
    elif isinstance(data.get("status_note"), str):
        data = {**data}
        data["notes"] = [*data.get("notes", ()), data.pop("status_note")]
    return data


class Frozen(BaseModel):
    """Base for every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- program files -------------------------------------------------------------------------


class Source(Frozen):
    url: Url
    supports: Text
    as_of: AsOf | None = None
    date_note: str | None = None


class Course(Frozen, CourseMethods):
    """One item of the course list: a taught course, or the final exam/capstone (`final`)."""

    code: str | None = None
    title: str | None = None
    weeks: Weeks | None = None
    hours_min: WeeklyHours | None = None
    hours_max: WeeklyHours | None = None
    pacing: CoursePacing | None = None  # None: the program's [time] pacing, if not mixed
    group: str | None = None  # None: required; else the id of a [[choices]] group
    final: StrictBool = False  # the capstone / final exam: taken last, after every other course
    level: Level | None = None
    level_note: str | None = None
    foundational: StrictBool = False
    requires: tuple[str, ...] = ()
    math: tuple[MathTopic, ...] = ()
    teaches: tuple[MathTopic, ...] = ()  # math topics a source says this course teaches
    teaches_source: Url | None = None
    prerequisite_notes: tuple[str, ...] = ()
    source: Url | None = None  # the page stating its weeks, hours and pacing
    price: Amount | None = None  # in cost.currency
    price_as_of: AsOf | None = None
    price_source: Url | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _older_keys(cls, data: Any) -> Any:
        return _level_words(_rename(data, "price_usd", "price"))

    @model_validator(mode="after")
    def _named(self) -> Course:
        if not (self.code or self.title):
            raise ValueError("a course needs a code or a title")
        return self


class Choice(Frozen):
    """A choice among courses: "2 of 3 electives", or the courses of one track."""

    id: Text
    choose: Annotated[int, Field(gt=0, le=50, strict=True)]
    label: Text
    default: tuple[str, ...] = ()  # course keys of the program's stated default selection
    note: str | None = None


class Cost(Frozen):
    """Amounts are in `currency`, as stated (never converted)."""

    currency: Currency = "USD"
    per_course: Amount | None = None
    per_course_min: Amount | None = None  # a stated range per course (e.g. income-based pricing)
    per_course_max: Amount | None = None
    exam_fee: Amount | None = None
    total: Amount | None = None
    total_min: Amount | None = None  # a stated range (e.g. income-based pricing)
    total_max: Amount | None = None
    as_of: AsOf | None = None
    basis: str | None = None
    source: Url | None = None
    free_audit: StrictBool | None = None
    free_audit_source: Url | None = None
    financial_aid: str | None = None  # the aid as stated
    financial_aid_source: Url | None = None
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _older_keys(cls, data: Any) -> Any:
        for old, new in (
            ("per_course_usd", "per_course"),
            ("exam_fee_usd", "exam_fee"),
            ("total_usd", "total"),
        ):
            data = _rename(data, old, new)
        return data


class TimeCommitment(Frozen):
    """The program's length, weekly load and pacing as stated; each value with its own source."""

    months_min: Months | None = None
    months_max: Months | None = None
    months_source: Url | None = None
    hours_min: WeeklyHours | None = None
    hours_max: WeeklyHours | None = None
    hours_source: Url | None = None
    pacing: Pacing | None = None
    pacing_note: str | None = None
    pacing_source: Url | None = None
    source: Url | None = None  # older files: one page for every value


class Assessment(Frozen):
    kind: AssessmentKind
    description: Text
    proctored: StrictBool | None = None
    source: Url | None = None


class Prerequisites(Frozen):
    math: tuple[MathTopic, ...] | None = None
    math_quote: str | None = None  # the source's words when it says no math is needed
    programming: tuple[str, ...] | None = None
    degree_required: StrictBool | None = None
    summary: str | None = None
    source: Url | None = None


class NoPathway(Frozen):
    """A source that rules credit out: `pathways = []` with its evidence."""

    source: Url
    quote: Text  # the source's words


class Availability(Frozen):
    """Whether the program is still offered, as of when, and by which source."""

    status: Literal["offered", "unconfirmed", "retired"]
    as_of: AsOf | None = None  # offered: the date a page confirms it; unconfirmed: since when
    source: Url | None = None
    note: str | None = None
    doubt: Text | None = None  # unconfirmed, and a source suggests it closed or was replaced
    doubt_source: Url | None = None


class Pathway(Frozen):
    institution: Text
    degree: str | None = None
    kind: PathwayKind
    credit: str | None = None
    credit_amount: CreditAmount | None = None
    credit_unit: str | None = None
    degree_credits: Credits | None = None
    degree_credits_unit: str | None = None
    credit_fraction: Fraction | None = None
    fraction_basis: str | None = None
    conditions: str | None = None
    remaining: str | None = None
    remaining_cost_usd: Amount | None = None
    remaining_cost_as_of: AsOf | None = None
    degree_cost_usd: Amount | None = None
    degree_cost_as_of: AsOf | None = None
    degree_months_min: Months | None = None
    degree_months_max: Months | None = None
    degree_duration: str | None = None
    delivery: str | None = None
    sources: tuple[Url, ...] = ()
    note: str | None = None


class Accreditation(Frozen):
    accredited: StrictBool | None = None  # None: the sources do not confirm the current status
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


class Program(Frozen, ProgramMethods):
    id: Text
    name: Text
    university: Text
    platform: Platform | None = None
    credential: Credential
    primary_subject: SubjectTag | None = None  # None (older files): the first of `subjects`
    subjects: Annotated[tuple[SubjectTag, ...], Field(min_length=1)]
    subject_area: str | None = None
    partners: tuple[str, ...] = ()
    audience: str | None = None
    level: Level | None = None
    level_note: str | None = None
    availability: Availability | None = None
    reviewed: Annotated[dt.date, Field(strict=True)]  # a TOML date: not a string, a number or a time
    course_list: Literal["complete", "partial"] = "complete"
    course_count: Annotated[int, Field(gt=0, le=100, strict=True)] | None = None
    courses: Annotated[tuple[Course, ...], Field(max_length=MAX_COURSES)] = ()
    choices: tuple[Choice, ...] = ()
    assessment: Assessment | None = None
    cost: Cost | None = None
    time: TimeCommitment | None = None
    prerequisites: Prerequisites | None = None
    pathways: tuple[Pathway, ...] | None = None
    no_pathway: NoPathway | None = None
    accreditation: Accreditation | None = None
    employers: EmployerRecognition | None = None
    learning_outcomes: tuple[str, ...] = ()
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]
    notes: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _older_keys(cls, data: Any) -> Any:
        return _older_status(_level_words(_rename(data, "verified", "reviewed")))
