"""BOUNDS: what a program's own facts say about its cost, its length and its weekly load, as
intervals (docs/scoring.md, "1. Bounds and feasibility").

A bound is built only from stated facts: a stated total or range; a per-course price (or range)
x the courses a learner takes, plus a stated exam fee (without it the sum is only a lower bound);
course weeks on fixed schedules and a stated program length (floors on months); the stated
weekly load of instructor-paced courses (a floor on hours). Whatever is not stated leaves that
end of the interval open (None). These are plain numbers, kept in the catalog cache.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mmeval.money import amount
from mmeval.program.effort import WEEKS_PER_MONTH, course_effort, course_pacing, position
from mmeval.program.sources import OWN_KINDS, source_kind

if TYPE_CHECKING:
    from mmeval.program.schema import Course, Program


class CostBounds(NamedTuple):
    """The program's own cost in its stated currency: at least `low`, at most `high` (None: open)."""

    low: float
    high: float | None
    currency: str
    as_of: str | None
    basis: str  # in words: "stated total", "7 courses x $199 (exam fee not stated)"
    missing: str = (
        ""  # what leaves the upper end open: "the exam fee", "some course prices", "the number of courses"
    )
    estimate: float | None = (
        None  # with unpriced courses at the priced ones' mean price (said as an estimate)
    )


class Load(NamedTuple):
    """A course (or the program) whose weekly load is stated; `fixed`: it runs on fixed dates."""

    label: str
    low: float
    high: float
    fixed: bool | None  # True instructor-paced, None pacing not stated


Item = tuple[float, float | None, float | None, str]  # weeks, stated hours a week (low, high), pacing


class TimeShape(NamedTuple):
    """What the months a program takes depend on, apart from the learner's hours a week."""

    light: tuple[Item, ...]  # the lightest valid selection of courses (pacing "fixed", "self", "unknown")
    heavy: tuple[Item, ...]  # the heaviest
    complete: bool  # every course a learner takes states its weeks: the upper end is known
    length: tuple[float, float] | None  # the program's stated length in months ([time])
    length_load: tuple[float, float] | None  # the load a stated length assumes: it scales with the hours
    counted: int  # taught courses whose weeks are stated
    total: int | None  # taught courses a learner takes, where known
    length_own: bool = False  # the length is stated on the institution's or platform's own page


def taken(program: Program) -> tuple[tuple[Course, ...], tuple[Course, ...]]:
    """The lightest and the heaviest valid selection of what a learner takes (finals included)."""
    return program.selections()


def cost_bounds(program: Program) -> CostBounds | None:
    """The cost interval from the stated facts; None when nothing about the price is stated."""
    cost = program.cost
    if cost is not None and cost.total is not None:
        return CostBounds(cost.total, cost.total, cost.currency, cost.as_of, "stated total")
    if cost is not None and cost.total_min is not None and cost.total_max is not None:
        return CostBounds(cost.total_min, cost.total_max, cost.currency, cost.as_of, "stated range")
    return _summed(program)


def _general_price(program: Program) -> tuple[float, float] | None:
    """The program's price per course (or stated range), for courses without their own."""
    cost = program.cost
    if cost is None:
        return None
    if cost.per_course is not None:
        return cost.per_course, cost.per_course
    if cost.per_course_min is not None and cost.per_course_max is not None:
        return cost.per_course_min, cost.per_course_max
    return None


def _summed(program: Program) -> CostBounds | None:
    """Each course a learner takes at its own stated price, else the program's per-course price;
    courses the list does not name at the per-course price; plus a stated exam fee. What is not
    stated leaves the upper end open, and says which part."""
    cost = program.cost
    general = _general_price(program)
    light, heavy = taken(program)
    per_course = program.course_list == "partial" or not [c for c in program.courses if not c.final]
    if general is None and not any(c.price is not None for c in (*light, *heavy)):
        return None
    listed = len([c for c in light if not c.final])
    if not listed and program.n_courses is None:  # a price per course, but not how many
        assert general is not None
        currency = cost.currency if cost else "USD"
        return CostBounds(
            general[0],
            None,
            currency,
            cost.as_of if cost else None,
            f"{amount(general[0], currency)} a course (the number of courses not stated)",
            "the number of courses",
        )
    lo_sum = _price_selection(light, general)
    hi_sum = _price_selection(heavy, general)
    open_courses = False
    unlisted = max(0, (program.n_courses or 0) - len([c for c in light if not c.final])) if per_course else 0
    if unlisted:
        if general is None:
            open_courses = True
        else:
            lo_sum = (lo_sum[0] + general[0] * unlisted, lo_sum[1] + general[1] * unlisted, lo_sum[2])
            hi_sum = (hi_sum[0] + general[0] * unlisted, hi_sum[1] + general[1] * unlisted, hi_sum[2])
    open_courses = open_courses or lo_sum[2] or hi_sum[2]
    fee = cost.exam_fee if cost is not None else None
    finals = [c for c in light if c.final]
    exam = program.assessment is not None and program.assessment.kind.endswith("exam")
    final_open = fee is None and (any(c.price is None for c in finals) or (exam and not finals))
    word = "the exam fee" if exam or not finals else "the capstone fee"
    missing = "some course prices" if open_courses else word if final_open else ""
    low = min(lo_sum[0], hi_sum[0]) + (fee or 0.0)
    high = None if missing else max(lo_sum[1], hi_sum[1]) + (fee or 0.0)
    n = len([c for c in light if not c.final]) + unlisted
    unit = cost.currency if cost is not None else "USD"  # prices are in the file's currency
    price = (
        "courses' own prices"
        if general is None
        else amount(general[0], unit)
        if general[0] == general[1]
        else f"{amount(general[0], unit)}-{amount(general[1], unit)}"
    )
    basis = f"{n} courses at {price}" + (f" + {word.split()[1]} fee {amount(fee, unit)}" if fee else "")
    if missing:
        basis += f" ({missing} not stated)"
    years = sorted({c.price_as_of[:4] for c in (*light, *heavy) if c.price_as_of and c.price is not None})
    if cost is not None and cost.as_of:
        years = sorted({*years, cost.as_of[:4]})
    as_of = "-".join(dict.fromkeys([years[0], years[-1]])) if years else None
    estimate = None
    if open_courses:
        priced = [c.price for c in light if not c.final and c.price is not None]
        if priced:
            estimate = low + sum(priced) / len(priced) * (n - len(priced))
    return CostBounds(
        low, high, cost.currency if cost is not None else "USD", as_of, basis, missing, estimate
    )


def _price_selection(
    courses: tuple[Course, ...], general: tuple[float, float] | None
) -> tuple[float, float, bool]:
    """(lowest, highest, some taught course unpriced) of a selection's taught courses, each at its
    own price, else the program's per-course price. The final exam or capstone is priced only by
    its own price or the exam fee: a per-course price does not say what the capstone costs."""
    lo = hi = 0.0
    unpriced = False
    for c in courses:
        if c.price is not None:
            lo, hi = lo + c.price, hi + c.price
        elif c.final:
            continue
        elif general is not None:
            lo, hi = lo + general[0], hi + general[1]
        else:
            unpriced = True
    return lo, hi, unpriced


def loads(program: Program) -> tuple[Load, ...]:
    """Stated weekly loads of what a learner takes, with whether each runs on fixed dates."""
    light, _ = taken(program)
    out: list[Load] = []
    for c in light:
        if c.hours_min is None and c.hours_max is None:
            continue
        pacing = course_pacing(program, c)
        if pacing == "self-paced":
            continue
        lo = c.hours_min if c.hours_min is not None else c.hours_max
        hi = c.hours_max if c.hours_max is not None else c.hours_min
        assert lo is not None and hi is not None
        out.append(Load(c.label, lo, hi, True if pacing == "instructor-paced" else None))
    t = program.time
    if not out and t is not None and t.pacing != "self-paced" and (t.hours_min or t.hours_max) is not None:
        lo = t.hours_min if t.hours_min is not None else t.hours_max
        hi = t.hours_max if t.hours_max is not None else t.hours_min
        assert lo is not None and hi is not None
        has_courses = any(c.hours_min is not None or c.hours_max is not None for c in light)
        if not has_courses:
            out.append(Load("the program", lo, hi, True if t.pacing == "instructor-paced" else None))
    return tuple(out)


def load_stated(program: Program) -> bool:
    """Whether any weekly load (or the program's pacing) is stated at all."""
    t = program.time
    if t is not None and (t.hours_min is not None or t.hours_max is not None or t.pacing == "self-paced"):
        return True
    light, _ = taken(program)
    return any(c.hours_min is not None or c.hours_max is not None or c.pacing for c in light)


def _items(program: Program, courses: tuple[Course, ...]) -> tuple[tuple[Item, ...], int, bool]:
    """Each course's weeks, stated load and pacing; how many taught courses state their weeks;
    whether every one does (a final exam of unstated length is left out, as in `plan`)."""
    out: list[Item] = []
    counted = 0
    complete = True
    for c in courses:
        if c.weeks is None:
            complete = complete and c.final
            continue
        counted += 0 if c.final else 1
        e = course_effort(program, position(program, c), c)
        low = c.hours_min if c.hours_min is not None else e.hours
        high = c.hours_max if c.hours_max is not None else e.hours_max
        pacing = {"instructor-paced": "fixed", "self-paced": "self"}.get(
            course_pacing(program, c) or "", "unknown"
        )
        out.append((float(c.weeks), low, high, pacing))
    return tuple(out), counted, complete


def _pair(lo: float | None, hi: float | None) -> tuple[float, float] | None:
    if lo is None and hi is None:
        return None
    a = lo if lo is not None else hi
    b = hi if hi is not None else lo
    assert a is not None and b is not None
    return a, b


def time_shape(program: Program) -> TimeShape | None:
    """The inputs of `months_at`; None when neither the courses nor [time] bound the length."""
    light, heavy = taken(program)
    a, n_light, ok_light = _items(program, light)
    b, _, ok_heavy = _items(program, heavy)
    total = program.n_courses
    partial = program.course_list == "partial" or (total is not None and n_light < total)
    complete = ok_light and ok_heavy and not partial and n_light > 0
    t = program.time
    length = _pair(t.months_min, t.months_max) if t is not None else None
    if n_light == 0 and length is None:
        return None
    url = (t.months_source or t.source) if t is not None else None
    own = url is not None and source_kind(url) in OWN_KINDS
    return TimeShape(a, b, complete, length, _length_load(program, a), n_light, total, own)


def _length_load(program: Program, items: tuple[Item, ...]) -> tuple[float, float] | None:
    """The weekly load a stated program length assumes, so it can scale with a learner's hours:
    the program's stated hours, else its courses' stated loads; None for a program on fixed dates
    (its length does not change)."""
    t = program.time
    if t is not None and t.pacing == "instructor-paced":
        return None
    if t is not None and (stated := _pair(t.hours_min, t.hours_max)) is not None:
        return stated
    paced = [
        (w, low, high)
        for w, low, high, pacing in items
        if pacing != "fixed" and low is not None and high is not None
    ]
    if not paced:
        return None
    weeks = sum(w for w, _, _ in paced)
    return (sum(w * low for w, low, _ in paced) / weeks, sum(w * high for w, _, high in paced) / weeks)


def weeks_at(weeks: float, low: float | None, high: float | None, hours: float) -> tuple[float, float]:
    """A self-paced course's (fewest, most) weeks at `hours` a week: its stated weeks within its
    stated load; below it, its stated hours (weeks x the low and the high load) spread over the
    person's; above it, shortened to weeks x high load / hours."""
    low_, high_ = (low if low is not None else high), (high if high is not None else low)
    if low_ is not None and high_ is not None and hours < low_:
        return weeks * low_ / hours, weeks * high_ / hours
    if high_ is not None and hours > high_:
        return weeks * high_ / hours, weeks * high_ / hours
    return weeks, weeks


def _weeks(items: tuple[Item, ...], hours: float | None) -> tuple[float, float]:
    """(fewest, most) weeks of a selection, one course at a time."""
    lo = hi = 0.0
    for weeks, low, high, pacing in items:
        if hours is None or pacing == "fixed" or (low is None and high is None):
            lo, hi = lo + weeks, hi + weeks
            continue
        fewest, most = weeks_at(weeks, low, high, hours)
        if pacing == "self":
            lo, hi = lo + fewest, hi + most
        else:  # pacing not stated: on fixed dates or at the learner's pace
            lo, hi = lo + min(weeks, fewest), hi + max(weeks, most)
    return lo, hi


def months_at(shape: TimeShape, hours: float | None) -> tuple[float, float | None]:
    """Months to finish: (at least, at most; None when open) at `hours` a week, or at the
    courses' stated pace when the person gave no hours.

    From the courses, one at a time. A stated program length is a floor: more hours never bring
    a program under it, fewer stretch it where it is not on fixed dates. Where the course list is
    incomplete the stated length decides, else an estimate at the listed courses' pace (their
    months x the stated course count / the courses listed, said as an estimate).
    """
    lo = _weeks(shape.light, hours)[0] / WEEKS_PER_MONTH
    hi: float | None = _weeks(shape.heavy, hours)[1] / WEEKS_PER_MONTH if shape.complete else None
    if shape.length is not None:
        stated_lo, stated_hi = shape.length
        if shape.length_load is not None and hours is not None and hours < shape.length_load[0]:
            stated_lo = stated_lo * shape.length_load[0] / hours
            stated_hi = stated_hi * shape.length_load[0] / hours
        if hi is None:  # the courses cover only part of the program: its stated length decides
            return max(stated_lo, lo if shape.counted else 0.0), max(stated_hi, lo)
        return max(lo, stated_lo), max(hi, stated_lo)
    if partial_estimate(shape):
        scale = shape.total / shape.counted  # type: ignore[operator]
        return lo * scale, max(lo, _weeks(shape.heavy, hours)[1] / WEEKS_PER_MONTH) * scale
    return lo, hi


def partial_estimate(shape: TimeShape) -> bool:
    """Whether a partial course list with no stated length is estimated from its listed courses:
    at least two courses and a third of the program listed."""
    return (
        shape.length is None
        and not shape.complete
        and shape.total is not None
        and shape.counted >= max(2, shape.total / 3)
        and shape.counted < shape.total
    )


def hours_for(shape: TimeShape, months: float) -> float | None:
    """The fewest hours a week (in steps of 0.5, up to 168) at which the least time to finish is
    within `months` (as `judge_months` counts a fit); None when no hours would (fixed weeks, or
    the stated length, are longer)."""

    def within(half_hours: int) -> bool:
        lo, end = months_at(shape, half_hours / 2)
        return end is not None and lo <= months + 1e-9

    lo, hi = 1, 336
    if not within(hi):
        return None
    while lo < hi:  # the upper end falls as the hours rise
        mid = (lo + hi) // 2
        if within(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo / 2
