"""PLAN: course order, weeks per course at the person's hours, dates, warnings; credit pathways.

Pure functions over a Program: no printing, and no clock (the CLI passes the dates in). The
rules are documented in docs/planning.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from dataclasses import dataclass, field
from itertools import pairwise
from math import ceil, inf

from mmeval.decision.bounds import weeks_at
from mmeval.errors import UsageError
from mmeval.planning.notes import PER_COURSE, assumptions, plan_notes, plan_warnings, required_and_gaps
from mmeval.planning.records import LoadPeriod, Plan, PlanStep, StepKind
from mmeval.program.effort import WEEKS_PER_MONTH, course_effort, course_pacing, is_final_course, midpoint
from mmeval.program.schema import Program
from mmeval.vocabulary import MATH_TOPICS

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FINAL_TITLES = {
    "proctored-exam": "Final exam (proctored)",
    "capstone-exam": "Capstone exam",
    "capstone-project": "Capstone project",
    "exam": "Final exam",
    "other": "Final assessment",
}


def parse_month(text: str) -> dt.date:
    """The first day of a YYYY-MM month; raises UsageError for anything else."""
    m = _MONTH.match(text.strip())
    if m is None or not 1 <= int(m[2]) <= 12:
        raise UsageError(f"bad --start '{text}': expected a month as YYYY-MM", hint="e.g. --start 2026-09")
    if not 1900 <= int(m[1]) <= 2200:
        raise UsageError(
            f"bad --start '{text}': the year must be between 1900 and 2200", hint="e.g. --start 2026-09"
        )
    return dt.date(int(m[1]), int(m[2]), 1)


def next_month(today: dt.date) -> dt.date:
    """The first day of the month after `today`: the default start."""
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)


@dataclass
class _Item:
    """A course on its way into the plan (mutable while ordering; PlanStep is the result)."""

    kind: StepKind
    key: str
    title: str
    code: str | None = None
    foundational: bool = False
    requires: tuple[str, ...] = ()
    math: tuple[str, ...] = ()
    weeks: float | None = None  # at the stated pace
    hours: float | None = None  # a week, at the stated pace
    basis: str = "unknown"
    program_level: bool = False
    fixed: bool = False  # instructor-paced with stated weeks: its weeks never shrink or stretch
    hours_min: float | None = None  # lower end of the stated weekly load
    hours_max: float | None = None  # upper end
    note: str | None = None
    after: set[str] = field(default_factory=set)  # keys that must end before this starts

    @property
    def effort(self) -> float | None:
        return None if self.weeks is None or self.hours is None else self.weeks * self.hours


def _program_share(program: Program, n: int) -> tuple[float, float, str] | None:
    """Weeks and hours a week of 1/n of the program from [time], and the basis; None if unknown."""
    t = program.time
    months = midpoint(t.months_min, t.months_max) if t else None
    hours = midpoint(t.hours_min, t.hours_max) if t else None
    if months is None or hours is None:
        return None
    per = f" / {n} courses" if n > 1 else ""
    return months * WEEKS_PER_MONTH / n, hours, f"program-level: time.months x time.hours{per}"


def _items(program: Program) -> list[_Item]:
    """Every course to plan, in file order, with its stated effort; unlisted ones as placeholders."""
    n = program.n_courses or 1
    share = _program_share(program, n)
    out: list[_Item] = []
    chosen, _ = program.selections()
    for i, c in enumerate(program.courses):
        if c not in chosen:
            continue
        final = is_final_course(c)
        item = _Item("final" if final else "course", c.key, c.label, c.code, c.foundational, c.requires)
        item.math = tuple(c.math)
        e = course_effort(program, i, c)
        # instructor-paced: stated weeks (or the program's share of its stated months) never shrink
        item.fixed = course_pacing(program, c) == "instructor-paced" and (
            c.weeks is not None or share is not None
        )
        item.hours_min = c.hours_min if c.hours_min is not None else e.hours
        if c.hours_min is None and program.time and (e.hours_field or "").startswith("time."):
            # the program's stated load, from its low end (as `recommend` reads it), not its midpoint
            item.hours_min = program.time.hours_min if program.time.hours_min is not None else e.hours
        item.hours_max = e.hours_max
        if c.weeks is not None:
            item.weeks, item.hours = float(c.weeks), e.hours
            item.basis = f"courses.{i}.weeks x {e.hours_field}" if e.hours_field else "hours not stated"
            item.program_level = (e.hours_field or "").startswith("time.")
        elif share is not None and not final:  # an exam is not an average course
            item.weeks, item.hours, item.basis = share
            item.program_level = True
        else:
            item.basis = "length not stated"
        out.append(item)
    listed = len([c for c in chosen if not is_final_course(c)])
    extra = max(0, (program.course_count or 0) - listed) if listed else n
    for j in range(listed, listed + extra):
        key = f"course {j + 1} of {n}" if program.course_count else "all courses"
        item = _Item("unlisted", key, f"{key.capitalize()} (not listed)")
        if share is not None:
            item.weeks, item.hours, item.basis = share
            item.program_level = True
        else:
            item.basis = "not listed; program time not stated"
        out.append(item)
    return out


def _order(items: list[_Item]) -> list[_Item]:
    """Topological order: prerequisites first; ties by foundational first, then file order."""
    keys = {it.key for it in items}
    for it in items:
        it.after = {r for r in it.requires if r in keys and r != it.key}
        if it.kind == "final":
            it.after |= {o.key for o in items if o.kind != "final"}
    placed: set[str] = set()
    pending = list(range(len(items)))
    heap: list[tuple[bool, int]] = []
    out: list[_Item] = []
    while pending or heap:
        for i in [i for i in pending if items[i].after <= placed]:
            heapq.heappush(heap, (not items[i].foundational, i))
            pending.remove(i)
        if not heap:  # a cycle (the validator rejects these): fall back to the file's order
            heapq.heappush(heap, (False, pending.pop(0)))
        _, i = heapq.heappop(heap)
        placed.add(items[i].key)
        out.append(items[i])
    return out


def _schedule(items: list[_Item], weeks: list[int | None], parallel: int) -> list[tuple[float, float]]:
    """(start, end) week of each item, up to `parallel` at once, in priority order; inf = unknown."""
    span: dict[int, tuple[float, float]] = {}
    index = {it.key: i for i, it in enumerate(items)}
    pending = list(range(len(items)))
    t = 0.0
    while pending:
        running = [i for i in span if span[i][1] > t]
        for i in list(pending):
            if len(running) >= parallel:
                break
            if all(span.get(index[k], (inf, inf))[1] <= t for k in items[i].after if k in index):
                w = weeks[i]
                span[i] = (t, t + w if w is not None else inf)
                running.append(i)
                pending.remove(i)
        ends = [span[i][1] for i in running if span[i][1] < inf]
        if not ends:
            break  # whatever is left waits on a course of unknown length
        t = min(ends)
    return [span.get(i, (inf, inf)) for i in range(len(items))]


def _day(start: dt.date, week: float, last: bool = False) -> dt.date:
    """The date `week` weeks after start (the day before, for the last day of a span).

    Raises UsageError when that is past the last date Python can hold (year 9999).
    """
    try:
        return start + dt.timedelta(weeks=week, days=-1 if last else 0)
    except OverflowError:
        raise UsageError(
            f"this plan would take more than {week:,.0f} weeks and end after the year 9999",
            hint="plan with more hours a week (--hours) or check the course weeks in the program file",
        ) from None


def _loads(steps: list[PlanStep], start: dt.date) -> list[LoadPeriod]:
    """Stretches of weeks with the same courses running, in time order."""
    dated = [s for s in steps if s.start_week is not None and s.effort_basis != "length not stated"]
    marks = sorted({w for s in dated for w in (s.start_week, s.end_week) if w is not None})
    out: list[LoadPeriod] = []
    for a, b in pairwise(marks):
        run = [s for s in dated if (s.start_week or 0) <= a and (s.end_week is None or a < s.end_week)]
        if not run:
            continue
        keys = tuple(s.key for s in run)
        hours = None if any(s.weekly_hours is None for s in run) else sum(s.weekly_hours or 0 for s in run)
        if out and out[-1].courses == keys:
            out[-1] = out[-1].model_copy(update={"end_week": b, "end": _day(start, b, True)})
        else:
            out.append(
                LoadPeriod(
                    start_week=a,
                    end_week=b,
                    start=_day(start, a),
                    end=_day(start, b, True),
                    courses=keys,
                    hours=hours,
                )
            )
    return out


def _weeks_at(it: _Item, hours: float) -> int | None:
    """Weeks of one item at `hours` a week, one course at a time: an instructor-paced course keeps
    its weeks; a self-paced one keeps its stated weeks within its stated load and stretches or
    shortens outside it (decision/bounds.py, the same rule `recommend` uses)."""
    if it.weeks is None:
        return None
    if it.fixed or it.hours is None:
        return ceil(round(it.weeks, 6))
    low = it.hours_min if it.hours_min is not None else it.hours
    high = it.hours_max if it.hours_max is not None else it.hours
    return ceil(round(weeks_at(it.weeks, low, high, hours)[0], 6))


def plan_program(
    program: Program,
    *,
    hours: float,
    start: dt.date,
    parallel: int = 1,
    math: tuple[str, ...] = (),
    months: float | None = None,
) -> Plan:
    """A dated study plan with its warnings; unknown effort gives unknown dates, never a guess."""
    items = _order(_items(program))
    tail = [it for it in items if it.kind == "final" and it.weeks is None]  # length not stated
    run = [it for it in items if it not in tail]
    if parallel == 1:
        weeks = [_weeks_at(it, hours) for it in run]
    else:
        weeks = [ceil(round(it.weeks, 6)) if it.weeks is not None else None for it in run]
    steps = _course_steps(items, run, weeks, start, hours, parallel)
    ends = [s.end_week for s in steps]
    total = max(e for e in ends if e is not None) if ends and None not in ends else None
    exam = program.assessment
    if exam and not PER_COURSE.search(exam.description) and not any(it.kind == "final" for it in items):
        tail.append(_Item("final", "final-assessment", FINAL_TITLES[exam.kind], note=exam.description))
    steps += _final_steps(tail, steps, total, start)
    return _finished(program, items, run, steps, total, start, hours, parallel, math, months, bool(tail))


def _range(low: float | None, high: float | None) -> tuple[float, float] | None:
    """A stated weekly load's ends, when it is a range (8-12 h/week is planned at 10)."""
    return (low, high) if low is not None and high is not None and high - low > 0.05 else None


def _course_steps(
    items: list[_Item], run: list[_Item], weeks: list[int | None], start: dt.date, hours: float, parallel: int
) -> list[PlanStep]:
    """The courses (and a final of stated length) in order, with their weeks and dates."""
    position = {it.key: i for i, it in enumerate(items)}
    steps: list[PlanStep] = []
    for it, w, (a, b) in zip(run, weeks, _schedule(run, weeks, parallel), strict=True):
        steps.append(
            PlanStep(
                order=len(steps) + 1,
                kind=it.kind,
                key=it.key,
                title=it.title,
                code=it.code,
                foundational=it.foundational,
                requires=tuple(sorted(it.after, key=position.__getitem__)),
                math=it.math,
                stated_weeks=it.weeks,
                stated_hours=it.hours,
                stated_hours_range=_range(it.hours_min, it.hours_max),
                effort_hours=it.effort,
                effort_basis=it.basis,
                program_level=it.program_level,
                weeks=w,
                weekly_hours=hours if parallel == 1 and w is not None and not it.fixed else it.hours,
                start_week=int(a) if a < inf else None,
                end_week=int(b) if b < inf else None,
                start=_day(start, a) if a < inf else None,
                end=_day(start, b, True) if b < inf else None,
            )
        )
    return steps


def _final_steps(
    tail: list[_Item], steps: list[PlanStep], total: int | None, start: dt.date
) -> list[PlanStep]:
    """A final exam or capstone of unstated length, after every course."""
    out: list[PlanStep] = []
    for it in tail:
        out.append(
            PlanStep(
                order=len(steps) + len(out) + 1,
                kind="final",
                key=it.key,
                title=it.title,
                code=it.code,
                requires=tuple(s.key for s in steps if s.kind != "final"),
                effort_basis="length not stated",
                start_week=total,
                start=_day(start, total) if total is not None else None,
                note=it.note,
            )
        )
    return out


def _finished(
    program: Program,
    items: list[_Item],
    run: list[_Item],
    steps: list[PlanStep],
    total: int | None,
    start: dt.date,
    hours: float,
    parallel: int,
    math: tuple[str, ...],
    months: float | None,
    final_after: bool,
) -> Plan:
    """The plan with its totals, math, loads, warnings and notes."""
    required, gaps = required_and_gaps(program, items, math)
    heavy = [
        f"{it.title} runs on a fixed schedule at {it.hours_min:g}+ h/week"
        + (" (the program's stated load: the course states none)" if it.program_level else "")
        + f", more than your {hours:g}: it does not fit as scheduled."
        for it in run
        if it.fixed and it.hours_min is not None and it.hours_min > hours
    ]
    plan = Plan(
        program_id=program.id,
        program_name=program.name,
        hours_per_week=hours,
        parallel=parallel,
        start=start,
        months_target=months,
        math_known=tuple(t for t in MATH_TOPICS if t in math),
        steps=tuple(steps),
        total_weeks=total,
        total_months=round(total / WEEKS_PER_MONTH, 1) if total is not None else None,
        finish=_day(start, total, True) if total is not None else None,
        final_after_finish=final_after,
        math_required=required,
        math_gaps=tuple(gaps),
        assumptions=assumptions(hours, parallel),
    )
    loads = _loads(steps, start)
    plan = plan.model_copy(
        update={
            "loads": tuple(loads),
            "peak_weekly_hours": max((p.hours for p in loads if p.hours is not None), default=None),
        }
    )
    return plan.model_copy(
        update={"warnings": (*heavy, *plan_warnings(program, plan, gaps)), "notes": plan_notes(program, plan)}
    )
