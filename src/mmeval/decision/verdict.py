"""VERDICT: the answer to "should I study one, and which?" (docs/scoring.md, "5. The verdict").

- go: a program in the person's field fits every limit they gave on stated facts, and they meet
  its stated math (or its own first course teaches it); "go, after checking X" when the pick's
  one unknown is the only gap and no stated-fact program of similar merit fits;
- not yet: one would fit after one small, named change (more hours a week, a later deadline, a
  larger budget, or math to review first);
- consider something else: nothing in the field fits even after a small change: the nearest
  option and the smallest change that would make it fit, free routes, and for degree goals the
  direct route.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from mmeval.decision.advice import Option, option, teaching_course
from mmeval.decision.criteria import DEGREE_GOALS, route_cost
from mmeval.decision.robustness import CLOSE_CALL
from mmeval.decision.unknowns import INSEPARABLE_SHARE
from mmeval.records import CriterionScore, Profile, ProgramResult, Step, Verdict
from mmeval.vocabulary import CRITERION_LABELS, Criterion, math_known

if TYPE_CHECKING:
    from mmeval.decision.facts import Facts
    from mmeval.decision.rank import Context
    from mmeval.models import Program

LOOK = 200  # rows the verdict weighs (in rank order): the nearest option is among them
STALE_YEARS = 3
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


def _name(o: Option | ProgramResult) -> str:
    row = o.row if isinstance(o, Option) else o
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


def pick_notes(facts: Facts, today: dt.date) -> tuple[str, ...]:
    """What to know about a pick's facts: old, availability unconfirmed, third-party sources."""
    out = []
    year = facts.price_year or facts.newest_year
    if year is not None and today.year - year > STALE_YEARS:
        out.append(f"its deciding facts date from {year}")
    if facts.availability in (None, "unconfirmed", "doubtful"):
        if facts.availability is None:
            out.append("its availability is not stated")
        else:
            last = f" (last listed {facts.available_as_of})" if facts.available_as_of else ""
            out.append(f"its availability is unconfirmed{last}")
    if facts.doubt:
        out.append(f"it may have closed: {facts.doubt}")
    if facts.third_party == ("price",):
        out.append("its price comes from a third-party page")
    elif facts.third_party == ("length",):
        out.append("its length comes from a third-party page")
    elif facts.third_party:
        out.append("its price and length come from third-party pages")
    return tuple(out)


def _trust(o: Option, today: dt.date) -> tuple[int, int]:
    """How many doubts a pick carries (old facts, availability unconfirmed, third-party sources,
    and each fact left to check: a blank is a doubt, so a sparse file never looks safer), then
    how old its price is: between programs whose merit cannot be told apart, the one with fewer
    doubts and newer facts comes first."""
    year = o.facts.price_year or o.facts.newest_year or 0
    closing = 1 if o.facts.doubt else 0  # a source suggesting it closed weighs double
    return len(pick_notes(o.facts, today)) + len(o.checks) + closing, -year


def _headline_notes(notes: Sequence[str], who: str = "") -> str:
    """ "Check first: ..." about the pick's facts (naming it when two programs are named)."""
    if not notes:
        return ""
    return f" Check first{' for ' + who if who else ''}: {'; '.join(notes)}."


def _steps(o: Option) -> tuple[Step, ...]:
    return tuple(
        Step(limit=s[0], from_value=s[1], to_value=s[2]) for s in (o.change.steps if o.change else ())
    )


def step_text(limit: str, old: float, new: float) -> str:
    """One change in words: "+2 h/week (to 8)", "+3 months (to 15)", "+$48 (to $1,548)"."""
    if limit == "hours":
        return f"+{new - old:g} h/week (to {new:g})"
    if limit == "months":
        return f"+{new - old:g} months (to {new:g})"
    return f"+${new - old:,.0f} budget (to ${new:,.0f})"


def _math_lines(o: Option, profile: Profile, context: Context) -> list[str]:
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


def _common_lines(
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
        lines.append(_cost_line(pick.facts))
    lines += _math_lines(pick, profile, context)
    if others:
        lines.append("Also consider: " + "; ".join(flagged(o, today) for o in others) + ".")
    program = context.program_of(pick.id)
    lines += _money_help(program)
    if profile.goal in DEGREE_GOALS:
        route = route_cost(program)
        if route is not None and program.pathways:
            pw = program.pathways[route[1]]
            lines.append(
                f"Route to a degree: this program + the rest of {pw.degree or 'the degree'} at"
                f" {pw.institution} comes to about ${route[0]:,.0f} (computed from stated prices)."
            )
    return lines


def _cost_line(facts: Facts) -> str:
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
    return _name(o) if not doubt else f"{_name(o)[:-1]}; {doubt})"


def short_doubt(facts: Facts, today: dt.date) -> str:
    """The main doubt about a program in a few words: availability first, then old facts."""
    if facts.availability is None:
        return "availability not stated"
    if facts.doubt:
        return "may have closed"
    if facts.availability == "unconfirmed":
        return (
            f"availability unconfirmed since {facts.available_as_of[:4]}"
            if facts.available_as_of
            else ("availability unconfirmed")
        )
    year = facts.price_year or facts.newest_year
    if year is not None and today.year - year > STALE_YEARS:
        return f"facts from {year}"
    return ""


def _money_help(program: Program) -> list[str]:
    c = program.cost
    out = []
    if c is not None and c.free_audit:
        out.append(f"You can audit {program.id}'s courses free before paying for certificates.")
    if c is not None and c.financial_aid:
        out.append(f"Financial aid ({program.id}): {c.financial_aid}")
    return out


def _tie(pick: Option, pool: Sequence[Option], context: Context) -> Option | None:
    for other in pool:
        if other.id != pick.id and context.flips(pick.id, other.id) >= INSEPARABLE_SHARE:
            return other
    return None


def _stated_rival(pick: Option, small: Sequence[Option], context: Context, today: dt.date) -> Option | None:
    """A program one small change away, on stated facts, that an advisor would name before a "go,
    after checking" pick: of higher or similar merit, or one whose merit the pick's lead rests
    on unknowns to beat (the pick's total with its unknowns at worst is below the rival's) while
    the rival carries fewer doubts. Then the advice is to make the change, not to bet on the
    unknown. A pick whose only unknown is a fee its stated prices leave room for is not a bet."""
    from mmeval.decision.advice import soft_check

    if soft_check(pick):
        return None
    for o in small:
        if o.checks:
            continue
        if o.row.total > pick.row.total or similar(pick, o, context):
            return o
        worst = pick.row.total_low if pick.row.total_low is not None else pick.row.total
        if worst < o.row.total and _trust(o, today)[0] < _trust(pick, today)[0]:
            return o
    return None


def _choose(go: list[Option], check: list[Option], context: Context, today: dt.date) -> Option:
    """The pick among programs that fit (or fit after checking one fact): the highest ranked, or
    among those whose merit cannot be told apart from it, the one whose facts carry the fewest
    doubts (old, availability unconfirmed, third-party sources); on equal doubts one that fits on
    stated facts before one to check, then newer facts, then rank. So a "go, after checking"
    never wins over a stated-fact program of similar merit that is as well sourced."""
    ready = sorted([*go, *check], key=lambda o: o.row.rank)[:10]
    top = ready[0]
    near = [o for o in ready if o is top or similar(top, o, context)]
    return min(
        near, key=lambda o: (_trust(o, today)[0], o.standing == "check", _trust(o, today)[1], o.row.rank)
    )


def _go(go: list[Option], check: list[Option], profile: Profile, context: Context, today: dt.date) -> Verdict:
    best = go[0] if go else None
    pick = _choose(go, check, context, today)
    pool = go if pick.standing == "go" else check
    checking = pick.checks if pick.standing == "check" else ()
    tie = _tie(pick, pool[:3], context)
    limits = limits_text(profile)
    fits = f"fits {limits}" if limits else "matches you best"
    after = f", after checking {' and '.join(checking)}" if checking else ""
    if tie is not None:
        both = f"both fit {limits}" if limits and not checking else "both match you"
        head = f"Go{after}: {_name(pick)} or {_name(tie)}: too close to call on known facts; {both}."
    elif checking and limits:
        head = (
            f"Go, after checking {' and '.join(checking)}: {_name(pick)}; nothing stated rules it out"
            f" for {limits}."
        )
    elif checking:
        head = f"Go, after checking {' and '.join(checking)}: {_name(pick)} matches you best."
    else:
        head = f"Go: {_name(pick)} {fits}."
    notes = pick_notes(pick.facts, today)
    if tie is None:
        head += _headline_notes(notes)
    else:
        head += _headline_notes(notes, pick.id) + _headline_notes(pick_notes(tie.facts, today), tie.id)
    others = [o for o in go if o.id not in (pick.id, tie.id if tie else "") and not (checking and o is best)][
        :2
    ]
    lines = _common_lines(pick, others, profile, context, today)
    if checking and best is not None:
        lines.append(f"With every limit met on stated facts: {flagged(best, today)}.")
    return Verdict(
        kind="go",
        headline=head,
        lines=tuple(lines),
        picks=tuple(dict.fromkeys([pick.id, *([tie.id] if tie else []), *(o.id for o in others)])),
        check=checking,
        tie=(pick.id, tie.id) if tie else (),
        notes=notes,
    )


def _not_yet(small: list[Option], profile: Profile, context: Context, today: dt.date) -> Verdict:
    pick = small[0]
    steps = pick.change.steps if pick.change else ()
    if steps:
        limit, old, new = steps[0]
        reason = next((lim.note for lim in pick.row.limits if lim.limit == limit and lim.fit != "fits"), "")
        at = {"hours": f"at {old:g} h/week", "months": f"within {old:g} months", "budget": f"at ${old:,.0f}"}[
            limit
        ]
        then = {
            "hours": f"at {new:g} h/week",
            "months": f"with {new:g} months",
            "budget": f"with ${new:,.0f}",
        }[limit]
        head = f"Not yet {at}: {_name(pick)}: {reason}; {then} it fits."
    else:
        limits = limits_text(profile)
        fits = f"fits {limits}" if limits else "fits"
        head = f"Not yet: review {', '.join(pick.gap)} first; then {_name(pick)} {fits}."
    lines: list[str] = []
    for topic in pick.gap:
        course = teaching_course(topic, pick.facts, profile, context.facts)
        lines.append(
            f"{topic}: "
            + (f"{course} teaches it." if course else "no course in the catalog states it teaches it.")
        )
    lines += _common_lines(pick, [], profile, context, today)
    notes = pick_notes(pick.facts, today)
    return Verdict(
        kind="not-yet",
        headline=head + _headline_notes(notes),
        lines=tuple(lines),
        picks=(pick.id,),
        change=_steps(pick),
        notes=notes,
    )


def _change_words(o: Option) -> str:
    parts = [step_text(*s) for s in (o.change.steps if o.change else ())]
    if o.gap:
        parts.append(f"review {', '.join(o.gap)}")
    checks = f"check {' and '.join(o.checks)}" if o.checks else ""
    if parts and checks:
        return f"{' and '.join(parts)}, then {checks}"
    return " and ".join(parts) or checks


def nearness(o: Option, profile: Profile) -> tuple[object, ...]:
    """How near a program is to fitting the person. For a degree goal, stated credit toward a
    degree in the field comes first (a program with credit, about the field). Then: one that a
    change of limits would make fit; fewer facts left to check; no math to review; a program
    about the field before one covering it next to its own; the size of the change; rank."""
    from mmeval.decision.advice import credit_route

    size = o.change.size if o.change else 0.0
    rest = (o.change is None, len(o.checks), bool(o.gap), o.tier, size, o.row.rank)
    if profile.goal in DEGREE_GOALS:
        return (not credit_route(o.facts, profile.goal), o.tier, *rest)
    return rest


def similar(first: Option, second: Option, context: Context) -> bool:
    """Whether two programs' merit cannot be told apart on known facts: their totals are within
    2 points, or their order flips in at least a quarter of the draws of the unknowns."""
    if abs(first.row.total - second.row.total) < CLOSE_CALL:
        return True
    return context.flips(first.id, second.id) >= INSEPARABLE_SHARE


def _consider(options: list[Option], profile: Profile, context: Context, today: dt.date) -> Verdict:
    from mmeval.decision.advice import credit_route

    movable = [o for o in options if o.change is not None]
    nearest = min(options, key=lambda o: nearness(o, profile))
    fields = "/".join(profile.fields) or "the catalog"
    limits = limits_text(profile)
    head = (
        f"Consider something else: nothing in {fields} fits {limits or 'you'} on stated facts,"
        " even after a small change."
    )
    if profile.goal in DEGREE_GOALS and not any(credit_route(o.facts, profile.goal) for o in options):
        target = "an MBA or a business master's" if profile.goal == "mba-path" else "a degree"
        where = f"no {fields} program" if profile.fields else "no program"
        head = f"Consider something else: {where} here states credit toward {target}."
    lines = [f"Nearest: {flagged(nearest, today)}: {_change_words(nearest)}."]
    if nearest.change is None and nearest.checks:
        lines[0] = f"Nearest: {flagged(nearest, today)}, if {' and '.join(nearest.checks)} turn out to fit."
    lines += [
        f"{lim.limit.capitalize()} ({nearest.id}): {lim.note}."
        for lim in nearest.row.limits
        if lim.fit != "fits"
    ]
    singles = [o for o in movable if o.change and len(o.change.steps) == 1 and not o.gap and not o.checks]
    if singles and nearest.change and len(nearest.change.steps) > 1:
        one = min(singles, key=lambda o: o.change.size if o.change else 0.0)
        lines.append(f"The smallest change to one limit: {_change_words(one)}, for {flagged(one, today)}.")
    free = [o for o in options if o.facts.free_audit][:3]
    if free:
        lines.append(
            "Free to audit now, paying only for a certificate later: " + ", ".join(o.id for o in free) + "."
        )
    if profile.goal in DEGREE_GOALS:
        lines.append(
            "If the degree is the aim, a master's or an (online) MBA applied to directly may serve"
            " better than a route here."
        )
    notes = pick_notes(nearest.facts, today)
    if notes:
        lines.insert(1, f"Before acting on it: {'; '.join(notes)}.")
    return Verdict(
        kind="consider-else",
        headline=head,
        lines=tuple(lines),
        picks=(nearest.id,),
        change=_steps(nearest),
        notes=notes,
    )


def _nothing_ranked(profile: Profile, context: Context) -> Verdict:
    from mmeval.vocabulary import nearest_fields

    fields = "/".join(profile.fields)
    have = {s for f in context.facts.values() if f.availability != "retired" for s in f.subjects}
    if profile.fields and not set(profile.fields) & have:
        near = nearest_fields(profile.fields, have)
        return Verdict(
            kind="consider-else",
            headline=f"Consider something else: no program in this catalog is about {fields}.",
            lines=(f"Nearest fields with programs here: {', '.join(near)}.",) if near else (),
        )
    return Verdict(
        kind="consider-else",
        headline="Consider something else: no program here is left to rank for what you asked.",
        lines=(f"{len(context.excluded)} programs were left out (see below).",),
    )


def build_verdict(
    rows: Sequence[ProgramResult], profile: Profile, context: Context, today: dt.date | None = None
) -> Verdict:
    """Go, not yet, or consider something else, with the reasons from the data."""
    today = today or dt.date.today()
    if not rows:
        return _nothing_ranked(profile, context)
    options = [option(r, profile, context) for r in rows[:LOOK]]
    small_all = [o for o in options if o.standing == "small"]
    for pool in _pools(options, profile):
        go = [o for o in pool if o.standing == "go"]
        check = [o for o in pool if o.standing == "check"]
        if not go and check and (rival := _stated_rival(check[0], small_all, context, today)) is not None:
            return _not_yet([rival, *(o for o in small_all if o is not rival)], profile, context, today)
        if go or check:
            return _go(go, check, profile, context, today)
        small = [o for o in pool if o.standing == "small"]
        if small:
            return _not_yet(small, profile, context, today)
    return _consider(options, profile, context, today)


def _pools(options: list[Option], profile: Profile) -> list[list[Option]]:
    """The programs in the order the verdict weighs them. Upskilling deepens the field one works
    in: programs about it (even one small change away) come before programs that cover it next
    to their own subject. For other goals, a program that fits now comes first, whichever."""
    about = [o for o in options if o.tier == 0]
    beside = [o for o in options if o.tier == 1]
    if profile.goal == "upskill":
        return [about, beside]
    ready = [o for o in options if o.standing in ("go", "check")]
    return [[o for o in ready if o.tier == 0], [o for o in ready if o.tier == 1], about, beside]


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
