"""NOTES: what a study plan says beside its dates — the math to review and which courses need it,
warnings (a retired program, heavy weeks, past the deadline), notes on what the plan assumed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mmeval.planning.records import MathGap
from mmeval.program.effort import HEAVY_WEEK_HOURS, course_pacing
from mmeval.vocabulary import MATH_TOPICS

# "A proctored exam for each course" is part of every course, not a step after the last one.
PER_COURSE = re.compile(r"\b(each|every|per) course\b", re.IGNORECASE)

if TYPE_CHECKING:
    from mmeval.planning.plan import _Item
    from mmeval.planning.records import Plan
    from mmeval.program.schema import Program


def required_and_gaps(
    program: Program, order: list[_Item], have: tuple[str, ...]
) -> tuple[tuple[str, ...] | None, list[MathGap]]:
    """The required topics in vocabulary order (None if never stated) and those the person lacks."""
    from mmeval.decision.criteria import required_math

    req = required_math(program)
    if req is None:
        return None, []
    pre = program.prerequisites
    program_topics = set(pre.math or ()) if pre else set()
    if pre is not None and pre.programming:
        program_topics.add("programming")
    required = tuple(t for t in MATH_TOPICS if t in req[0])
    gaps = [
        MathGap(
            topic=t,
            courses=tuple(it.key for it in order if t in it.math),
            program_level=t in program_topics,
        )
        for t in required
        if t not in have
    ]
    return required, gaps


def gap_text(gap: MathGap) -> str:
    if not gap.courses:
        return f"Review {gap.topic} before starting: a program-level prerequisite."
    also = "; also a program-level prerequisite" if gap.program_level else ""
    return f"Review {gap.topic} before starting: needed by {', '.join(gap.courses)}{also}."


def plan_warnings(program: Program, plan: Plan, gaps: list[MathGap]) -> tuple[str, ...]:
    out: list[str] = []
    avail = program.availability
    if avail is not None and avail.status == "retired":
        out.append("This program is retired" + (f": {avail.note}" if avail.note else "."))
    h = plan.hours_per_week
    if plan.parallel == 1 and h > HEAVY_WEEK_HOURS:
        out.append(f"{h:g} h/week is over the {HEAVY_WEEK_HOURS:g} h/week learners report as a heavy load.")
    for p in plan.loads if plan.parallel > 1 else ():
        if p.hours is not None and p.hours > HEAVY_WEEK_HOURS:
            yours = f" (and more than your {h:g})" if p.hours > h else ""
            out.append(
                f"{weeks_label(p.start_week, p.end_week)} ({p.start:%Y-%m} to {p.end:%Y-%m}): "
                f"{' + '.join(p.courses)} together need {p.hours:g} h/week,"
                f" more than {HEAVY_WEEK_HOURS:g}{yours}."
            )
    target, total = plan.months_target, plan.total_months
    if target is not None and total is not None and total > target:
        out.append(f"The plan takes {total:g} months, more than your {target:g} (--months).")
    out += [gap_text(g) for g in gaps]
    return tuple(out)


def plan_notes(program: Program, plan: Plan) -> tuple[str, ...]:
    out: list[str] = []
    steps = plan.steps
    if program.course_count and program.courses and program.course_count > len(program.courses):
        out.append(
            f"The program has {program.course_count} courses but lists {len(program.courses)}; "
            "the others are planned as 'not listed'."
        )
    if not program.courses:
        out.append("The catalog lists no courses for this program.")
    levelled = [s.key for s in steps if s.program_level]
    if levelled:
        out.append(f"* Effort from the program-level [time] figure, not the course's: {', '.join(levelled)}.")
    unknown = [s.key for s in steps if s.kind != "final" and s.weeks is None]
    if unknown:
        out.append(f"Length unknown (weeks or hours a week not stated): {', '.join(unknown)}.")
    if plan.parallel > 1 and any(p.hours is None for p in plan.loads):
        out.append("Weekly load unknown where a course does not state its hours a week.")
    a = program.assessment
    if a is not None and PER_COURSE.search(a.description):
        out.append(f"Assessment: {a.description}")
    chosen, _ = program.selections()
    for g in program.choices:
        members = [c for c in program.courses if c.group == g.id]
        picked = [c.key for c in members if c in chosen]
        rest = [c.key for c in members if c not in chosen]
        how = "the program's default" if g.default else "the lightest by stated effort"
        out.append(
            f"Choice: {g.label}. Planned with {', '.join(picked)} ({how})"
            + (f"; {', '.join(rest)} also count." if rest else ".")
        )
    paced = [c.key for c in chosen if course_pacing(program, c) == "instructor-paced" and c.weeks]
    if paced and plan.parallel == 1:
        out.append(f"Instructor-paced (fixed weeks, kept as stated whatever your hours): {', '.join(paced)}.")
    if plan.math_required is None:
        out.append("The program states no math prerequisites (unknown, not none).")
    if (differs := estimate_note(program, plan)) is not None:
        out.append(differs)
    return tuple(out)


def estimate_note(program: Program, plan: Plan) -> str | None:
    """Where the plan's months fall outside the range `recommend` (and its "For you" box) gives
    for the same hours, why: recommend holds a stated program length as the least and counts each
    course at both ends of its stated load; the plan adds up its courses' weeks at the near end."""
    from mmeval.decision.bounds import months_at
    from mmeval.decision.facts import program_facts
    from mmeval.decision.feasibility import pace

    total = plan.total_months
    facts = program_facts(program)
    if plan.parallel != 1 or total is None or facts.shape is None:
        return None
    at, words = pace(facts, plan.hours_per_week)
    lo, hi = months_at(facts.shape, at)
    if round(lo) <= round(total) and (hi is None or round(total) <= round(hi)):  # as both are shown
        return None
    span = f"at least ~{lo:.0f}" if hi is None else f"~{lo:.0f}" if hi - lo < 1 else f"~{lo:.0f}-{hi:.0f}"
    span += " month" if span.endswith("~1") else " months"
    why = "counts fractions of a week, where this plan rounds each course up to whole weeks"
    if at is not None and at > plan.hours_per_week:
        why = "times the self-paced courses at that pace too"
    shape = facts.shape
    if shape.length is not None and total < lo and lo > months_at(shape._replace(length=None), at)[0] + 0.5:
        a, b = shape.length
        scaled = shape.length_load is not None and at is not None and at < shape.length_load[0]
        stated = (
            (f"{a:g}" if a == b else f"{a:g}-{b:g}") + " months" + (", scaled to the hours" if scaled else "")
        )
        why = f"takes the program's stated length ({stated}) as the least"
    return (
        f"`recommend` counts {span} {words}, not {total:g}: it {why}; this plan adds up its"
        " courses' weeks at the near end of their stated load."
    )


def assumptions(hours: float, parallel: int) -> str:
    first = "prerequisites and foundational courses first"
    if parallel == 1:
        return (
            f"one course at a time at {hours:g} h/week; a self-paced course keeps its stated weeks when"
            f" {hours:g} h/week is within its stated load, stretches below it and shortens above it (stated"
            f" weeks x the load's near end / {hours:g}), rounded up; instructor-paced courses keep their"
            f" stated weeks; {first}."
        )
    each = "each at its stated weeks and h/week (load = their sum)"
    return f"up to {parallel} courses at once, {each}; {first}."


def weeks_label(start_week: int, end_week: int) -> str:
    """'Weeks 14-26' for the span from start_week (0-based) to end_week (exclusive)."""
    first = start_week + 1
    return f"Week {first}" if first == end_week else f"Weeks {first}-{end_week}"
