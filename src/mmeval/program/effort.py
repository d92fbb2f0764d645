"""Effort estimates from a program's stated weeks and hours, shared by scoring and planning."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from mmeval.program.schema import Course, Program

WEEKS_PER_MONTH = 52 / 12  # 4.33: calendar weeks in an average month
HEAVY_WEEK_HOURS = 15.0  # learners report up to ~15 h/week per course (SPEC)


class CourseEffort(NamedTuple):
    """A course's stated weeks and hours a week, and which fields they come from."""

    weeks: int | None
    hours: float | None
    hours_max: float | None
    hours_field: str | None


def midpoint(lo: float | None, hi: float | None) -> float | None:
    """The middle of a stated range, or whichever end is stated."""
    if lo is not None and hi is not None:
        return (lo + hi) / 2
    return lo if lo is not None else hi


def span(lo: float | None, hi: float | None, unit: str = "") -> str | None:
    """A stated range as text ("8-12 h/week", "10 months"), or None when neither end is stated."""
    if lo is None and hi is None:
        return None
    text = f"{lo if lo is not None else hi:g}" if lo is None or hi is None or lo == hi else f"{lo:g}-{hi:g}"
    return f"{text} {unit}".rstrip()


def course_effort(program: Program, index: int, course: Course) -> CourseEffort:
    """Weeks and hours of one course; hours fall back to the program's [time] figure."""
    hours = midpoint(course.hours_min, course.hours_max)
    if hours is not None:
        hi = course.hours_max if course.hours_max is not None else hours
        return CourseEffort(course.weeks, hours, hi, f"courses.{index}.hours_min/hours_max")
    t = program.time
    if t is not None and (hours := midpoint(t.hours_min, t.hours_max)) is not None:
        hi = t.hours_max if t.hours_max is not None else hours
        return CourseEffort(course.weeks, hours, hi, "time.hours_min/hours_max")
    return CourseEffort(course.weeks, None, None, None)


def course_pacing(program: Program, course: Course) -> str | None:
    """The course's stated pacing, else the program's when it is not mixed; None if unknown."""
    if course.pacing:
        return course.pacing
    t = program.time
    return t.pacing if t is not None and t.pacing in ("self-paced", "instructor-paced") else None


_last_positions: list[Any] = [None, {}]  # (program, index by id(course)): one program at a time


def position(program: Program, course: Course) -> int:
    """The course's index in the program's list (by identity: cheaper than comparing fields)."""
    if _last_positions[0] is not program:  # the reference keeps the ids from being reused
        _last_positions[:] = [program, {id(c): i for i, c in enumerate(program.courses)}]
    found: int = _last_positions[1][id(course)]
    return found


def course_load(program: Program, course: Course) -> float | None:
    """A course's total study hours (weeks x hours a week at the stated pace), or None."""
    e = course_effort(program, position(program, course), course)
    return e.weeks * e.hours if e.weeks is not None and e.hours is not None else None


class ProgramEffort(NamedTuple):
    total_hours: float  # the lightest valid selection of courses
    basis: str
    heaviest_week: float | None
    total_hours_max: float | None = None  # the heaviest valid selection, where it differs


def _selection_hours(program: Program, courses: tuple[Course, ...]) -> float | None:
    loads = [course_load(program, c) for c in courses if not (c.final and c.weeks is None)]
    return sum(x for x in loads if x is not None) if loads and None not in loads else None


def _courses_complete(program: Program) -> bool:
    """Whether the course list names every course a learner takes (besides the final item)."""
    taught = [c for c in program.courses if not c.final]
    return bool(taught) and (program.course_count is None or program.course_count == program.n_courses)


def program_effort(program: Program) -> ProgramEffort | None:
    """Total study hours of what a learner must take (courses), else from [time]; None if unknown.

    From the courses only when the list is complete and every course a learner takes states
    weeks and hours (a final exam of unstated length is left out); choice groups count their
    lightest and heaviest valid selection.
    """
    if _courses_complete(program):
        light, heavy = program.selections()
        lo, hi = _selection_hours(program, light), _selection_hours(program, heavy)
        if lo is not None and hi is not None:
            efforts = [course_effort(program, position(program, c), c) for c in {*light, *heavy}]
            heaviest = max((e.hours_max or 0 for e in efforts), default=0.0)
            return ProgramEffort(
                min(lo, hi),
                "courses.*.weeks x hours a week (the courses a learner takes)",
                heaviest,
                max(lo, hi) if abs(hi - lo) > 1e-9 else None,
            )
    t = program.time
    if t is None:
        return None
    months = midpoint(t.months_min, t.months_max)
    hours = midpoint(t.hours_min, t.hours_max)
    if months is None or hours is None:
        return None
    return ProgramEffort(
        months * WEEKS_PER_MONTH * hours,
        "time.months_min/max x time.hours_min/max",
        t.hours_max if t.hours_max is not None else hours,
    )


class Need(NamedTuple):
    """How long a program takes one course at a time at the person's hours a week."""

    months: float  # the lightest valid selection
    months_max: float  # the heaviest
    basis: str
    fixed_weeks: float  # instructor-paced weeks (lightest selection): they never shrink
    flexible_hours: float  # study hours of the self-paced part (lightest): they scale with hours
    too_heavy: tuple[tuple[str, float], ...]  # instructor-paced items whose stated load is over the hours


class EffortShape(NamedTuple):
    """What `time_needed` reads from a program, apart from the person's hours: plain numbers,
    so the catalog cache can keep them and ranking needs no program object."""

    basis: str
    light: tuple[float, float]  # (fixed weeks, flexible study hours) of the lightest selection
    heavy: tuple[float, float]  # the same for the heaviest
    scheduled: tuple[tuple[str, float], ...]  # instructor-paced items and their stated lowest load
    fixed_months: float | None = None  # an instructor-paced program of fixed length ([time] only)


COURSES_BASIS = "courses.*.weeks, hours a week and pacing (the courses a learner takes)"


def _parts(
    program: Program, courses: tuple[Course, ...]
) -> tuple[float, float, list[tuple[str, float]]] | None:
    """(fixed weeks, flexible study hours, scheduled items) of a selection; None if one is unknown."""
    fixed = flexible = 0.0
    scheduled: list[tuple[str, float]] = []
    for c in courses:
        e = course_effort(program, position(program, c), c)
        if course_pacing(program, c) == "instructor-paced" and c.weeks is not None:
            fixed += c.weeks
            low = (
                c.hours_min
                if c.hours_min is not None
                else (e.hours if e.hours_field and e.hours_field.startswith("courses") else None)
            )
            if low is not None:
                scheduled.append((c.label, low))
        elif e.weeks is not None and e.hours is not None:
            flexible += e.weeks * e.hours
        elif c.final and c.weeks is None:
            continue  # an exam of unstated length: said in the plan, not counted
        else:
            return None
    return fixed, flexible, scheduled


def effort_shape(program: Program) -> EffortShape | None:
    """The inputs of `time_needed`; None when the effort is unknown.

    Instructor-paced courses keep their stated weeks; self-paced ones take their stated study
    hours (weeks x hours a week) at the person's pace. Without complete course figures, the
    program's [time] figures are used the same way.
    """
    if _courses_complete(program):
        light, heavy = program.selections()
        a, b = _parts(program, light), _parts(program, heavy)
        if a is not None and b is not None:
            scheduled = tuple(dict.fromkeys([*a[2], *b[2]]))
            return EffortShape(COURSES_BASIS, (a[0], a[1]), (b[0], b[1]), scheduled)
    t = program.time
    if t is None:
        return None
    months = midpoint(t.months_min, t.months_max)
    per_week = midpoint(t.hours_min, t.hours_max)
    if t.pacing == "instructor-paced" and months is not None:
        weeks = months * WEEKS_PER_MONTH
        return EffortShape(
            "time.months_min/max (instructor-paced: fixed length)",
            (weeks, 0.0),
            (weeks, 0.0),
            (("the program", t.hours_min),) if t.hours_min is not None else (),
            months,
        )
    if months is None or per_week is None:
        return None
    study = months * WEEKS_PER_MONTH * per_week
    return EffortShape("time.months_min/max x time.hours_min/max", (0.0, study), (0.0, study), ())


def need_at(shape: EffortShape, hours: float) -> Need:
    """Months to finish at `hours` a week, one course at a time."""
    too_heavy = tuple((item, low) for item, low in shape.scheduled if low > hours)
    if shape.fixed_months is not None:
        months = shape.fixed_months
        return Need(months, months, shape.basis, shape.light[0], 0.0, too_heavy)
    lo = (shape.light[0] + shape.light[1] / hours) / WEEKS_PER_MONTH
    hi = (shape.heavy[0] + shape.heavy[1] / hours) / WEEKS_PER_MONTH
    return Need(min(lo, hi), max(lo, hi), shape.basis, shape.light[0], shape.light[1], too_heavy)


def time_needed(program: Program, hours: float) -> Need | None:
    """Months to finish at `hours` a week, one course at a time; None when the effort is unknown."""
    shape = effort_shape(program)
    return None if shape is None else need_at(shape, hours)


def hours_to_fit(need: Need, months: float) -> float | None:
    """Hours a week that would finish within `months`; None when fixed-length courses alone are longer."""
    room = months * WEEKS_PER_MONTH - need.fixed_weeks
    if room <= 0:
        return None
    return need.flexible_hours / room if need.flexible_hours else 0.0


# A course with one of these in its title (or a code ending in CFx) is the final exam/capstone:
# it opens only after every other course, so it is planned last whatever the file's order.
_FINAL = re.compile(r"capstone|comprehensive (final )?exam|final exam", re.IGNORECASE)


def is_final_course(course: Course) -> bool:
    """Whether a listed course is the program's final exam or capstone."""
    if course.final:
        return True
    return bool(_FINAL.search(course.title or "")) or (course.code or "").lower().endswith("cfx")
