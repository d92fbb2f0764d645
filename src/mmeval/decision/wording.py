"""WORDING: the verdict's sentences — names, limits, changes, the lines under a pick, and the
warnings on a row — from the options the verdict chose (docs/scoring.md, "5. The verdict")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mmeval.decision.criteria import DEGREE_GOALS, route_cost
from mmeval.decision.doubts import short_doubt
from mmeval.results.records import CriterionScore, Profile, ProgramResult, Step
from mmeval.vocabulary import CRITERION_LABELS, Criterion, math_known

if TYPE_CHECKING:
    from mmeval.decision.advice import Option
    from mmeval.decision.facts import Facts
    from mmeval.decision.rank import Context
    from mmeval.program.schema import Program

HEAVY_WEEK_HOURS = 15.0  # learners report up to ~15 h/week per course (SPEC)


def helped_most(
    row: ProgramResult | Sequence[CriterionScore], weights: Mapping[Criterion, float], n: int = 2
) -> list[str]:
    """The criteria that added most to the total from known facts only, among those the program
    does well on (at least half the points its stated facts could earn)."""
    scores = row.scores if isinstance(row, ProgramResult) else row

    def strong(s: CriterionScore) -> bool:
        known = [c for c in s.components if c.known]
        return s.known_share > 0 and sum(c.points for c in known) >= 0.5 * sum(c.max_points for c in known)

    contrib = sorted(
        (
            (weights[s.criterion] * sum(c.points for c in s.components if c.known), s.criterion)
            for s in scores
            if strong(s)
        ),
        key=lambda x: (-x[0], x[1]),
    )
    return [c for v, c in contrib[:n] if v > 0]


def name(o: Option | ProgramResult) -> str:
    row = o if isinstance(o, ProgramResult) else o.row
    return f"{row.name} ({row.id})"


def limits_text(profile: Profile) -> str:
    """The limits the person gave, in words ("your 6 h/week and $3,000"); "" when none."""
    parts = []
    if profile.hours_per_week is not None:
        parts.append(f"{profile.hours_per_week:g} h/week")
    if profile.months is not None:
        parts.append(f"{profile.months:g} month" + ("" if profile.months == 1 else "s"))
    if profile.budget_usd is not None:
        parts.append(f"${profile.budget_usd:,.0f}")
    if not parts:
        return ""
    return "your " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0])


def headline_notes(notes: Sequence[str], who: str = "") -> str:
    """ "Check first: ..." about the pick's facts (naming it when two programs are named)."""
    if not notes:
        return ""
    return f" Check first{' for ' + who if who else ''}: {'; '.join(notes)}."


def steps(o: Option) -> tuple[Step, ...]:
    return tuple(
        Step(limit=s[0], from_value=s[1], to_value=s[2]) for s in (o.change.steps if o.change else ())
    )


def step_text(limit: str, old: float, new: float) -> str:
    """One change in words: "+2 h/week (to 8)", "+3 months (to 15)", "+$48 (to $1,548)"."""
    if limit == "hours":
        return f"+{new - old:g} h/week (to {new:g})"
    if limit == "months":
        return f"+{new - old:g} month{'' if new - old == 1 else 's'} (to {new:g})"
    return f"+${new - old:,.0f} budget (to ${new:,.0f})"


def math_lines(o: Option, profile: Profile, context: Context) -> list[str]:
    """Math to check or review, with a course that teaches it where the catalog states one."""
    facts = o.facts
    if profile.math is None and facts.math:
        return [
            f"It needs {', '.join(sorted(facts.math))}: check you are comfortable with it"
            " (you named no math)."
        ]
    if facts.math is None:
        fields: list[str] = [*profile.fields] or [facts.subjects[0]]
        stated = [
            f.math
            for f in context.facts.values()
            if f.math and f.availability != "retired" and f.subjects[0] in fields
        ]
        common = sorted({t for topics in stated for t in topics or ()} - math_known(profile.math))
        if stated and common:
            return [
                f"{facts.id} states no math prerequisites; {' and '.join(fields)} programs here that state"
                f" theirs need {', '.join(common)}: expect some."
            ]
    return []


def common_lines(
    pick: Option, others: Sequence[Option], profile: Profile, context: Context, today: dt.date
) -> list[str]:
    lines: list[str] = []
    why = helped_most(context.scores(pick.id), context.weights)
    if why:
        lines.append(
            f"Why {pick.id}: strongest on {', '.join(CRITERION_LABELS[c].lower() for c in why)}"
            " (stated facts)."
        )
    lines += [f"{lim.limit.capitalize()}: {lim.note}." for lim in pick.row.limits]
    if profile.budget_usd is None:
        lines.append(cost_line(pick.facts))
    lines += math_lines(pick, profile, context)
    if others:
        lines.append("Also consider: " + "; ".join(flagged(o, today) for o in others) + ".")
    program = context.program_of(pick.id)
    lines += money_help(program)
    if profile.goal in DEGREE_GOALS:
        lines += credit_lines(program, profile)
        route = route_cost(program)
        if route is not None and program.pathways:
            pw = program.pathways[route[1]]
            lines.append(
                f"Route to a degree: this program + the rest of {pw.degree or 'the degree'} at"
                f" {pw.institution} comes to about ${route[0]:,.0f} (computed from stated prices)."
            )
    return lines


def credit_lines(program: Program, profile: Profile) -> list[str]:
    """For a degree goal, the credit the pick's best pathway states: where it leads, how much,
    on what condition, and how old the sources are that say so."""
    from mmeval.decision.criteria import best_kind, best_share

    if not program.pathways:
        return []
    (_, _), i = best_kind(program, profile.goal)
    share = best_share(program)
    if share is not None:
        i = share[1]
    pw = program.pathways[i]
    how_much = f"{share[0]:.0%} of " if share is not None else "credit toward "
    line = f"Credit: {how_much}{pw.degree or 'a degree'} at {pw.institution}"
    if share is None:
        line += " (the amount is not stated)"
    years = sorted({s.as_of[:4] for s in program.sources if s.as_of and s.url in pw.sources})
    if years:
        line += f"; stated in {'-'.join(dict.fromkeys([years[0], years[-1]]))}"
    if pw.conditions:
        line += f"; {pw.conditions.rstrip('.')}"
    return [line + "."]


def cost_line(facts: Facts) -> str:
    """The cost of a pick for a person who gave no budget: shown, not judged."""
    from mmeval.decision.feasibility import cost_words

    if facts.cost is None:
        return "Cost (not one of your limits): not stated."
    shown, how = cost_words(facts.cost)
    return f"Cost (not one of your limits): {shown} ({how})."


def flagged(o: Option, today: dt.date) -> str:
    """A program's name with the doubt that matters most about it, if any: "X (id; availability
    unconfirmed since 2021)"."""
    doubt = short_doubt(o.facts, today)
    return name(o) if not doubt else f"{name(o)[:-1]}; {doubt})"


def money_help(program: Program) -> list[str]:
    c = program.cost
    out = []
    if c is not None and c.free_audit:
        out.append(f"You can audit {program.id}'s courses free before paying for certificates.")
    if c is not None and c.financial_aid:
        out.append(f"Financial aid ({program.id}): {c.financial_aid}")
    return out


def change_words(o: Option, profile: Profile) -> str:
    """The change that would make a program fit, then what is left to check; where some course
    prices are not stated and the listed courses' own prices would put it over the budget, the
    budget that estimate needs."""
    from mmeval.money import to_usd

    steps_ = o.change.steps if o.change else ()
    parts = [step_text(*s) for s in steps_]
    cost, budget = o.facts.cost, profile.budget_usd
    if cost is not None and cost.estimate is not None and budget is not None and "the price" in o.checks:
        usd = to_usd(cost.estimate, cost.currency)
        if usd is not None and usd[0] > budget and not any(s[0] == "budget" for s in steps_):
            parts.append(
                f"at least about +${usd[0] - budget:,.0f} budget (to ${usd[0]:,.0f}, its unpriced courses"
                " at its listed courses' average price; more if they cost more)"
            )
    if o.gap:
        parts.append(f"review {', '.join(o.gap)}")
    checks = f"check {' and '.join(o.checks)}" if o.checks else ""
    if parts and checks:
        return f"{' and '.join(parts)}, then {checks}"
    return " and ".join(parts) or checks


def warnings_for(program: Program, facts: Facts, profile: Profile) -> tuple[str, ...]:
    """What the person should know before choosing this program, in plain words."""
    from mmeval.decision.advice import math_gap
    from mmeval.decision.bounds import months_at, partial_estimate
    from mmeval.decision.feasibility import pace

    out: list[str] = []
    if facts.availability == "retired":
        out.append("retired")
    gap = math_gap(facts, profile)
    if gap:
        out.append(f"review math: {', '.join(gap)}")
    if profile.months is None and facts.shape is not None:
        at, words = pace(facts, profile.hours_per_week)
        lo, hi = months_at(facts.shape, at)
        estimated = " (estimated from the courses listed)" if partial_estimate(facts.shape) else ""
        if hi is None:
            out.append(f"takes at least ~{lo:.0f} months {words}")
        else:
            span = f"~{lo:.0f}" if hi - lo < 1 else f"~{lo:.0f}-{hi:.0f}"
            out.append(f"takes {span} months {words}{estimated}")
    heaviest = max((x.high for x in facts.loads), default=0.0)
    if heaviest > HEAVY_WEEK_HOURS:
        out.append(f"weekly load up to {heaviest:g} h (over {HEAVY_WEEK_HOURS:g})")
    return tuple(out)
