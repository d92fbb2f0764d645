"""What planning returns: a study plan and the credit-pathway report, as frozen Pydantic models.

Pydantic, as before the move: a PathwayView holds the program file's validated `Pathway`, and
`plan` and `pathways` load the program schema anyway (their data: results.serialize.to_data).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from mmeval.program.schema import Frozen, Pathway

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
    stated_hours: float | None = None  # hours a week at the stated pace (the midpoint of a range)
    stated_hours_range: tuple[float, float] | None = None  # the stated weekly load's ends, when a range
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
    reviewed: dt.date
    status: Literal["listed", "none", "unknown"]  # unknown: the catalog says nothing about credit
    pathways: tuple[PathwayView, ...] = ()
    options: tuple[DegreeOption, ...] = ()
    caveat: str
    assumptions: str
