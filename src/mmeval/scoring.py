"""SCORE: one pure function per criterion, each returning points with the facts behind them.

The rubric is documented in docs/scoring.md; keep the two in step. A criterion is the sum of
components; a component whose fact the program file does not state is *unknown*: scorers
return it with no points, and `impute` gives it the catalog's typical value (the median of that
component where it is known) with a range from 0 to full marks.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from mmeval.effort import HEAVY_WEEK_HOURS, program_effort, time_needed
from mmeval.records import Component, CriterionScore, Evidence, Profile
from mmeval.vocabulary import CRITERIA, Criterion, Goal

if TYPE_CHECKING:
    from mmeval.models import Program

if TYPE_CHECKING:
    from mmeval.facts import Facts

# Weights per goal, before the person's overrides (docs/scoring.md, "Goal presets").
PRESETS: dict[Goal, dict[Criterion, float]] = {
    "explore": dict.fromkeys(CRITERIA, 1.0),
    "career-change": {
        "relevance": 4.0,
        "employer": 4.0,
        "level": 3.0,
        "math_readiness": 3.0,
        "time_fit": 1.0,
        "outcomes": 1.0,
        "accreditation": 0.5,
        "affordability": 0.5,
        "credit": 0.0,
    },
    "upskill": {
        "relevance": 4.0,
        "time_fit": 5.0,
        "affordability": 2.0,
        "outcomes": 1.5,
        "employer": 0.5,
        "math_readiness": 0.5,
        "accreditation": 0.0,
        "credit": 0.0,
        "level": 0.0,
    },
    "mba-path": {
        "credit": 6.0,
        "affordability": 1.5,
        "accreditation": 1.0,
        "time_fit": 1.0,
        "relevance": 1.0,
        "outcomes": 0.5,
        "employer": 0.5,
        "math_readiness": 0.5,
        "level": 0.0,
    },
    "degree-credit": {
        "credit": 8.0,
        "accreditation": 1.0,
        "relevance": 1.0,
        "affordability": 0.5,
        "time_fit": 0.5,
        "math_readiness": 0.5,
        "outcomes": 0.0,
        "employer": 0.0,
        "level": 0.0,
    },
}
DEGREE_GOALS: tuple[Goal, ...] = ("mba-path", "degree-credit")
# On a limit the person set, a stated value that meets it scores at least this: an unknown
# is capped here so it never beats one (docs/scoring.md, "Unknown facts").
LIMIT_FLOOR = 50.0
Points = tuple[float | None, ...]  # component points of one criterion; None = unknown
_BUSINESS = re.compile(r"\b(MBA|business|management|commerce|finance|accounting|marketing)\b", re.I)


def _known(name: str, max_points: float, points: float, rule: str, *ev: Evidence) -> Component:
    return Component(name=name, max_points=max_points, points=points, known=True, rule=rule, evidence=ev)


def _unknown(name: str, max_points: float, missing: str) -> Component:
    """A component whose fact is not stated: points come from `impute` (typical value)."""
    return Component(
        name=name,
        max_points=max_points,
        points=0.0,
        known=False,
        rule=f"unknown: {missing} not stated",
        low=0.0,
        high=max_points,
    )


def _criterion(criterion: Criterion, *components: Component) -> CriterionScore:
    points = sum(c.points for c in components)
    known = sum(c.max_points for c in components if c.known) / sum(c.max_points for c in components)
    return CriterionScore(
        criterion=criterion, points=round(points, 6), known_share=known, components=components
    )


def _ev(field: str, value: object, source: str | None = None) -> Evidence:
    return Evidence(field=field, value=str(value), source=source)


# --- what the person wants -------------------------------------------------------------------


def relevance_points(primary: str, secondary: Iterable[str], fields: Iterable[str]) -> tuple[float, str]:
    """100 when a chosen field is the primary subject, 50 when a secondary one, else 0; and why."""
    wanted = set(fields)
    if primary in wanted:
        return 100.0, f"primary subject {primary}"
    if both := wanted & set(secondary):
        return 50.0, "secondary subject " + ", ".join(sorted(both))
    return 0.0, "none of your fields"


def score_relevance(program: Program, profile: Profile) -> CriterionScore:
    """100 when a chosen field is the program's primary subject, 50 when a secondary one, else 0."""
    points, how = relevance_points(program.primary, program.secondary, profile.fields)
    field = "primary_subject" if program.primary_subject else "subjects (first listed)"
    return _criterion(
        "relevance",
        _known(
            "field match",
            100,
            points,
            "100 if your field is the primary subject, 50 if a secondary subject, 0 otherwise",
            _ev(field, program.primary),
            _ev("subjects", ", ".join(program.secondary) or "none"),
            _ev("match", how),
        ),
    )


# --- quality criteria --------------------------------------------------------------------------


def _institutions(program: Program) -> list[str]:
    """Partners and other credit-granting institutions, each once, sorted."""
    own = program.university.lower()
    credit_schools = {p.institution for p in program.pathways or () if p.kind != "admission"}
    return sorted({*program.partners, *(i for i in credit_schools if i.lower() not in own)})


def accreditation_points(program: Program) -> Points:
    """(accredited institution, university partnerships) points; None = unknown."""
    acc = program.accreditation
    accredited = None if acc is None or acc.accredited is None else 60.0 if acc.accredited else 0.0
    if not program.partners and program.pathways is None:
        return accredited, None
    return accredited, min(40.0, 10.0 * len(_institutions(program)))


def score_accreditation(program: Program, profile: Profile) -> CriterionScore:
    """60 for an accredited awarding institution, up to 40 for partner/credit institutions."""
    acc = program.accreditation
    accredited_points, partner_points = accreditation_points(program)
    if acc is None or accredited_points is None:
        accredited = _unknown("accredited institution", 60, "accreditation.accredited")
    else:
        accredited = _known(
            "accredited institution",
            60,
            accredited_points,
            "60 if accredited, else 0",
            _ev("accreditation.accredited", acc.accredited, acc.source),
            _ev("accreditation.accreditor", acc.accreditor, acc.source),
        )
    if partner_points is None:
        partners = _unknown("university partnerships", 40, "partners and pathways")
    else:
        institutions = _institutions(program)
        partners = _known(
            "university partnerships",
            40,
            partner_points,
            "10 per distinct partner or other credit-granting institution, at most 40",
            *(_ev("partners / pathways.institution", name) for name in institutions),
        )
    return _criterion("accreditation", accredited, partners)


def employer_points(program: Program) -> Points:
    """(named employers, outcome figures) points; None = unknown."""
    rec = program.employers
    named = rec.employers if rec else ()
    figures = rec.outcomes if rec else ()
    own = sum(1 for f in figures if f.scope == "program")
    return (
        (50.0 if len(named) >= 2 else 35.0) if named else None,
        (50.0 if own >= 2 else 35.0 if own == 1 else 20.0) if figures else None,
    )


def score_employer(program: Program, profile: Profile) -> CriterionScore:
    """Up to 50 for named employers, up to 50 for stated outcome figures about holders."""
    rec = program.employers
    named = rec.employers if rec else ()
    figures = rec.outcomes if rec else ()
    named_points, figure_points = employer_points(program)
    if named_points is None:
        employers = _unknown("named employers", 50, "employers.employers")
    else:
        employers = _known(
            "named employers",
            50,
            named_points,
            "35 for one named employer, 50 for two or more",
            *(_ev("employers.employers.name", f"{e.name}: {e.relation}", e.source) for e in named),
        )
    if figure_points is None:
        outcomes = _unknown("outcome figures", 50, "employers.outcomes")
    else:
        outcomes = _known(
            "outcome figures",
            50,
            figure_points,
            "50 for two or more figures about this program's holders, 35 for one, 20 if provider-wide only",
            *(_ev(f"employers.outcomes ({f.scope})", f.figure, f.source) for f in figures),
        )
    return _criterion("employer", employers, outcomes)


def outcomes_points(program: Program) -> Points:
    """(learning outcomes, final assessment) points; None = unknown."""
    items = program.learning_outcomes
    a = program.assessment
    return (
        (50.0 if len(items) >= 3 else 30.0) if items else None,
        {"exam": 35.0, "other": 25.0}.get(a.kind, 50.0) if a is not None else None,
    )


def score_outcomes(program: Program, profile: Profile) -> CriterionScore:
    """Up to 50 for stated learning outcomes, up to 50 for a capstone or proctored assessment."""
    items = program.learning_outcomes
    learning_points, assessment_points = outcomes_points(program)
    if learning_points is None:
        learning = _unknown("learning outcomes", 50, "learning_outcomes")
    else:
        learning = _known(
            "learning outcomes",
            50,
            learning_points,
            "50 for three or more stated outcomes, 30 for one or two",
            _ev("learning_outcomes", f"{len(items)} stated"),
        )
    a = program.assessment
    if a is None or assessment_points is None:
        assessment = _unknown("final assessment", 50, "assessment")
    else:
        assessment = _known(
            "final assessment",
            50,
            assessment_points,
            "50 for a proctored exam or capstone, 35 for another exam, 25 otherwise",
            _ev("assessment.kind", a.kind, a.source),
        )
    return _criterion("outcomes", learning, assessment)


def route_cost(program: Program) -> tuple[float, int, str] | None:
    """The cheapest stated route to a degree in USD: this program + what remains (pathway index)."""
    own = program.total_cost
    best: tuple[float, int, str] | None = None
    for i, p in enumerate(program.pathways or ()):
        if p.kind == "admission" or p.remaining_cost_usd is None or own is None or own.currency != "USD":
            continue
        total = own.low + p.remaining_cost_usd
        if best is None or total < best[0]:
            best = (total, i, f"{own.basis} + pathways.{i}.remaining_cost_usd")
    return best


def _degree_kind(pathway_kind: str, degree: str | None, goal: Goal) -> tuple[float, str]:
    """Points (of 50) for where a pathway leads, by goal."""
    business = pathway_kind == "mba" or bool(degree and _BUSINESS.search(degree))
    if goal == "mba-path":
        if pathway_kind == "mba":
            return 50.0, "into an MBA"
        if pathway_kind == "master" and business:
            return 40.0, "into a business master's"
        if pathway_kind == "master":
            return 20.0, "into another master's"
        return (10.0, "an admission route") if pathway_kind == "admission" else (10.0, "into another degree")
    if pathway_kind in ("master", "mba"):
        return 50.0, "into a master's or MBA"
    return (10.0, "an admission route") if pathway_kind == "admission" else (20.0, "into another degree")


def _credit_maxes(goal: Goal) -> tuple[float, float, float]:
    # degree-credit wants the biggest share and cheapest route; other goals where credit leads
    return (30.0, 40.0, 30.0) if goal == "degree-credit" else (50.0, 25.0, 25.0)


def _best_kind(program: Program, goal: Goal) -> tuple[tuple[float, str], int]:
    pathways = program.pathways or ()
    kinds = [(_degree_kind(p.kind, p.degree, goal), i) for i, p in enumerate(pathways)]
    return max(kinds, key=lambda k: (k[0][0], -k[1]))


def _best_share(program: Program) -> tuple[float, int] | None:
    shares = []
    for i, pw in enumerate(program.pathways or ()):
        share = pw.credit_fraction
        if share is None and pw.credit_amount and pw.degree_credits:
            share = min(1.0, pw.credit_amount / pw.degree_credits)
        if share is not None and pw.kind != "admission":
            shares.append((share, i))
    return max(shares, key=lambda s: (s[0], -s[1])) if shares else None


def _route_points(total: float, route_max: float) -> float:
    return route_max * max(0.0, min(1.0, (100_000 - total) / 90_000))


def credit_points(program: Program, goal: Goal) -> Points:
    """(where credit leads, share of a degree, route to the degree) points; None = unknown."""
    pathways = program.pathways
    lead_max, share_max, route_max = _credit_maxes(goal)
    if pathways is None:
        return None, None, None
    if not pathways:
        return 0.0, 0.0, 0.0
    (kind_points, _), _ = _best_kind(program, goal)
    best = _best_share(program)
    if best is not None:
        share: float | None = share_max * min(1.0, best[0] / 0.5)
    elif all(pw.kind == "admission" for pw in pathways):
        share = 0.0
    else:
        share = None
    route = route_cost(program)
    return kind_points * lead_max / 50, share, None if route is None else _route_points(route[0], route_max)


def score_credit(program: Program, profile: Profile) -> CriterionScore:
    """50 for where the best pathway leads (by goal), 25 for the share of a degree, 25 for the route."""
    pathways = program.pathways
    goal = profile.goal
    lead_max, share_max, route_max = _credit_maxes(goal)
    if pathways is None:
        missing = "pathways"
        return _criterion(
            "credit",
            _unknown("where credit leads", lead_max, missing),
            _unknown("share of a degree", share_max, missing),
            _unknown("route to the degree", route_max, missing),
        )
    if not pathways:
        return _criterion(
            "credit",
            _known("where credit leads", lead_max, 0.0, "0 when a source says there is no pathway"),
            _known("share of a degree", share_max, 0.0, "0 when a source says there is no pathway"),
            _known("route to the degree", route_max, 0.0, "0 when a source says there is no pathway"),
        )
    (kind_points, kind_text), best_i = _best_kind(program, goal)
    rule = (
        "goal mba-path: 50 into an MBA, 40 into a business master's, 20 another master's, 10 other"
        if goal == "mba-path"
        else "50 into a master's or MBA, 20 another degree, 10 an admission route"
    ) + (f" (scaled to {lead_max:g})" if lead_max != 50 else "")
    p = pathways[best_i]
    lead = _known(
        "where credit leads",
        lead_max,
        kind_points * lead_max / 50,
        rule,
        _ev(
            f"pathways.{best_i}",
            f"{p.institution}: {p.degree or p.kind} ({kind_text})"
            + (
                f"; the rest costs ${p.remaining_cost_usd:,.0f}"
                f" ({p.remaining_cost_as_of or 'date not stated'})"
                if p.remaining_cost_usd is not None
                else ""
            ),
        ),
    )
    found = _best_share(program)
    if found is not None:
        best, i = found
        share_c = _known(
            "share of a degree",
            share_max,
            share_max * min(1.0, best / 0.5),
            f"{share_max:g} x largest credit share / 0.5 (half a degree or more = {share_max:g})",
            _ev(f"pathways.{i}.credit_fraction or credit_amount/degree_credits", f"{best:.0%}"),
        )
    elif all(pw.kind == "admission" for pw in pathways):
        share_c = _known("share of a degree", share_max, 0.0, "0: only admission routes, no credit stated")
    else:
        share_c = _unknown("share of a degree", share_max, "pathways.*.credit_fraction")
    route = route_cost(program)
    if route is None:
        route_c = _unknown(
            "route to the degree", route_max, "cost of this program + pathways.*.remaining_cost_usd"
        )
    else:
        total, i, field = route
        route_c = _known(
            "route to the degree",
            route_max,
            _route_points(total, route_max),
            f"{route_max:g} for a whole route (this program + the rest of the degree)"
            " of $10,000 or less, 0 at $100,000",
            _ev(field, f"${total:,.0f} via {pathways[i].institution}"),
        )
    return _criterion("credit", lead, share_c, route_c)


# --- fit criteria ----------------------------------------------------------------------------


def affordability_points(total: float, budget: float) -> float:
    """100 when free, 50 at exactly the budget, 0 at twice the budget (linear in between)."""
    if budget == 0:
        return 100.0 if total == 0 else 0.0
    if total <= budget:
        return 100.0 - 50.0 * total / budget
    return max(0.0, 50.0 - 50.0 * (total - budget) / budget)


def score_affordability(program: Program, profile: Profile) -> CriterionScore:
    """100 when free, 50 at exactly the budget, 0 at twice the budget (linear in between)."""
    budget = profile.budget_usd
    cost = program.total_cost
    if cost is None or cost.currency != "USD":
        missing = "cost.total" if cost is None else f"a price in USD (stated in {cost.currency})"
        return _criterion("affordability", _unknown("cost vs budget", 100, missing))
    assert budget is not None  # criteria needing a budget are not scored without one
    total = cost.high
    points = affordability_points(total, budget)
    return _criterion(
        "affordability",
        _known(
            "cost vs budget",
            100,
            points,
            f"100 - 50 x cost/budget up to the budget, then down to 0 at twice the budget (${budget:,.0f})",
            _ev(
                cost.basis,
                f"${total:,.0f}" + (f" (as of {cost.as_of})" if cost.as_of else " (date not stated)"),
                program.cost.source if program.cost else None,
            ),
        ),
    )


def time_fit_points(months: float, target: float) -> float:
    """100 - 50 x needed/target months within the deadline, down to 0 at twice the deadline."""
    if months <= target:
        return 100.0 - 50.0 * months / target
    return max(0.0, 50.0 - 50.0 * (months - target) / target)


def score_time_fit(program: Program, profile: Profile) -> CriterionScore:
    """100 - 50 x needed/target months within the deadline, down to 0 at twice the deadline."""
    need = time_needed(program, profile.hours_per_week)
    if need is None:
        return _criterion("time_fit", _unknown("time to finish", 100, "course weeks and hours, or [time]"))
    target = profile.months
    assert target is not None  # not scored without a deadline
    months = need.months
    points = time_fit_points(months, target)
    return _criterion(
        "time_fit",
        _known(
            "time to finish",
            100,
            points,
            f"100 - 50 x months needed / {target:g} within your deadline, down to 0 at twice it",
            _ev(need.basis, f"about {months:.1f} months at {profile.hours_per_week:g} h/week"),
        ),
    )


def required_math(program: Program) -> tuple[set[str], list[Evidence]] | None:
    """Math topics the program needs (program and course level), or None if never stated."""
    pre = program.prerequisites
    stated = pre is not None and pre.math is not None
    topics: set[str] = set()
    evidence: list[Evidence] = []
    if pre is not None and pre.math is not None:
        topics |= set(pre.math)
        shown = ", ".join(pre.math) or f'none ("{pre.math_quote}")'
        evidence.append(_ev("prerequisites.math", shown, pre.source))
    if pre is not None and pre.programming:
        topics.add("programming")
        evidence.append(_ev("prerequisites.programming", ", ".join(pre.programming), pre.source))
    for i, c in enumerate(program.courses):
        if c.math:
            stated = True
            topics |= set(c.math)
            evidence.append(_ev(f"courses.{i}.math", f"{c.key}: {', '.join(c.math)}"))
    return (topics, evidence) if stated else None


def math_points(topics: Iterable[str], have: Iterable[str]) -> float:
    """100 x the required topics the person knows / the required topics (100 when none)."""
    need = set(topics)
    return 100.0 if not need else 100.0 * len(need & set(have)) / len(need)


def score_math_readiness(program: Program, profile: Profile) -> CriterionScore:
    """Share of the program's required math topics the person is comfortable with."""
    req = required_math(program)
    if req is None:
        return _criterion("math_readiness", _unknown("math topics", 100, "prerequisites.math"))
    topics, evidence = req
    points = math_points(topics, profile.math)
    return _criterion(
        "math_readiness",
        _known("math topics", 100, points, "100 x required topics you know / required topics", *evidence),
    )


LEVEL_POINTS = {"introductory": 100.0, "intermediate": 60.0, "advanced": 20.0}


def program_level(program: Program) -> tuple[float, str, str] | None:
    """Points for how open the level is to a newcomer, the field and the value; None if unknown."""
    if program.level:
        return LEVEL_POINTS[program.level], "level", program.level
    light, _ = program.selections()
    levels = [c.level for c in light if c.level]
    if not levels:
        return None
    points = sum(LEVEL_POINTS[x] for x in levels) / len(levels)
    return points, "courses.*.level", ", ".join(f"{levels.count(x)} {x}" for x in LEVEL_POINTS if x in levels)


def score_level(program: Program, profile: Profile) -> CriterionScore:
    """How open the level is to a newcomer: introductory 100, intermediate 60, advanced 20."""
    found = program_level(program)
    if found is None:
        return _criterion("level", _unknown("level", 100, "level or courses.*.level"))
    points, field, value = found
    return _criterion(
        "level",
        _known(
            "level",
            100,
            points,
            "introductory 100, intermediate 60, advanced 20 (the mean over the courses you take)",
            _ev(field, value),
        ),
    )


SCORERS: dict[Criterion, Callable[[Program, Profile], CriterionScore]] = {
    "relevance": score_relevance,
    "accreditation": score_accreditation,
    "employer": score_employer,
    "outcomes": score_outcomes,
    "credit": score_credit,
    "affordability": score_affordability,
    "time_fit": score_time_fit,
    "math_readiness": score_math_readiness,
    "level": score_level,
}


class Weighting(NamedTuple):
    weights: dict[Criterion, float]  # normalised, sums to 1, only scored criteria
    notes: tuple[str, ...]


def weights_for(profile: Profile, *, flags: bool = True) -> Weighting:
    """The goal's preset with the person's overrides, normalised; unscorable criteria dropped."""
    raw = {**PRESETS[profile.goal], **profile.weights}
    notes: list[str] = []
    how = " (--budget)" if flags else ""
    if profile.budget_usd is None and raw.get("affordability"):
        raw["affordability"] = 0.0
        notes.append(f"no budget given{how}: cost is shown, not scored")
    if profile.months is None and raw.get("time_fit"):
        raw["time_fit"] = 0.0
        notes.append(
            f"no deadline given{' (--months)' if flags else ''}: time fit not scored;"
            " each program says how long it takes at your hours"
        )
    if not profile.fields and raw.get("relevance"):
        raw["relevance"] = 0.0
        notes.append(f"no field given{' (--field)' if flags else ''}: relevance not scored, every field kept")
    total = sum(raw.values())
    if total <= 0:
        from mmeval.errors import UsageError

        raise UsageError("all weights are zero", hint="give at least one criterion a weight above 0")
    weights = {c: raw[c] / total for c in CRITERIA if raw.get(c, 0) > 0}
    return Weighting(weights, tuple(notes))


def score_program(
    program: Program, profile: Profile, criteria: tuple[Criterion, ...]
) -> tuple[CriterionScore, ...]:
    """Scores of one program on the given criteria, in that order (unknowns not yet imputed)."""
    return tuple(SCORERS[c](program, profile) for c in criteria)


Typical = dict[tuple[str, str], float]


def impute(scores: tuple[CriterionScore, ...], typical: Typical) -> tuple[CriterionScore, ...]:
    """Give each unknown component its typical value, keeping the range 0 to full marks."""
    out = []
    for s in scores:
        if all(c.known for c in s.components):
            out.append(s)
            continue
        comps = []
        for c in s.components:
            if c.known:
                comps.append(c)
                continue
            key = (s.criterion, c.name)
            value = typical.get(key, c.max_points / 2)
            basis = "the catalog median" if key in typical else "half marks (no program states it)"
            capped = (
                " (capped: an unknown never beats a stated value within your limit)"
                if (key in typical and s.criterion in ("affordability", "time_fit") and value == LIMIT_FLOOR)
                else ""
            )
            comps.append(
                replace(
                    c,
                    points=round(value, 6),
                    rule=f"{c.rule}; scored as typical: {basis}, {value:.0f}/{c.max_points:g}{capped};"
                    f" could be 0-{c.max_points:g}",
                )
            )
        out.append(_criterion(s.criterion, *comps))
    return tuple(out)


def warnings_for(program: Program, profile: Profile) -> tuple[str, ...]:
    """What the person should know before choosing this program, in plain words."""
    out: list[str] = []
    if program.status == "retired":
        out.append("retired")
    req = required_math(program)
    if req is not None:
        missing = sorted(req[0] - set(profile.math))
        if missing:
            out.append(f"review math: {', '.join(missing)}")
    if profile.months is None:
        need = time_needed(program, profile.hours_per_week)
        if need is not None:
            out.append(f"takes ~{need.months:.0f} months at {profile.hours_per_week:g} h/week")
    effort = program_effort(program)
    if effort is not None and effort.heaviest_week is not None and effort.heaviest_week > HEAVY_WEEK_HOURS:
        out.append(f"weekly load up to {effort.heaviest_week:g} h (over {HEAVY_WEEK_HOURS:g})")
    return tuple(out)


# --- numbers first ---------------------------------------------------------------------------
# Ranking reads each program's Facts (facts.py) and scores them here without building evidence;
# the rows a person sees are scored again with the evidence scorers above, with the same points.

Layout = tuple[tuple[str, float], ...]  # a criterion's components: (name, max points)
LAYOUT: dict[str, Layout] = {
    "relevance": (("field match", 100.0),),
    "accreditation": (("accredited institution", 60.0), ("university partnerships", 40.0)),
    "employer": (("named employers", 50.0), ("outcome figures", 50.0)),
    "outcomes": (("learning outcomes", 50.0), ("final assessment", 50.0)),
    "affordability": (("cost vs budget", 100.0),),
    "time_fit": (("time to finish", 100.0),),
    "math_readiness": (("math topics", 100.0),),
    "level": (("level", 100.0),),
}
CREDIT_NAMES = ("where credit leads", "share of a degree", "route to the degree")


def layout(criterion: Criterion, goal: Goal) -> Layout:
    """The components a criterion's scorer returns, in order, for this goal."""
    if criterion != "credit":
        return LAYOUT[criterion]
    maxes = (30.0, 40.0, 30.0) if goal == "degree-credit" else (50.0, 25.0, 25.0)
    return tuple(zip(CREDIT_NAMES, maxes, strict=True))


def raw_numbers(facts: Facts, profile: Profile, criteria: tuple[Criterion, ...]) -> tuple[Points, ...]:
    """A program's component points per criterion, unknowns as None (what `score_program` gives)."""
    from mmeval.effort import need_at
    from mmeval.facts import FIXED, credit_kind

    out: list[Points] = []
    for c in criteria:
        if c == "relevance":
            out.append((relevance_points(facts.subjects[0], facts.subjects[1:], profile.fields)[0],))
        elif c == "credit":
            out.append(facts.credit[credit_kind(profile.goal)])
        elif c == "affordability":
            cost = facts.cost
            assert profile.budget_usd is not None or cost is None or cost.currency != "USD"
            ok = cost is not None and cost.currency == "USD"
            out.append((affordability_points(cost.high, profile.budget_usd or 0.0) if ok else None,))  # type: ignore[union-attr]
        elif c == "time_fit":
            shape = facts.shape
            months = need_at(shape, profile.hours_per_week).months if shape is not None else None
            out.append((time_fit_points(months, profile.months or 0.0) if months is not None else None,))
        elif c == "math_readiness":
            out.append((math_points(facts.math, profile.math) if facts.math is not None else None,))
        else:
            out.append(facts.fixed[FIXED.index(c)])
    return tuple(out)


def typical_numbers(
    all_points: Iterable[tuple[Points, ...]], criteria: tuple[Criterion, ...], goal: Goal
) -> Typical:
    """The catalog median of each component where it is known, capped on the person's limits."""
    names = [[name for name, _ in layout(c, goal)] for c in criteria]
    seen: dict[tuple[str, str], list[float]] = {}
    for points in all_points:
        for c, crit_names, comps in zip(criteria, names, points, strict=True):
            for name, p in zip(crit_names, comps, strict=True):
                if p is not None:
                    seen.setdefault((c, name), []).append(p)
    typical = {key: statistics.median(values) for key, values in seen.items()}
    for key in (("affordability", "cost vs budget"), ("time_fit", "time to finish")):
        if key in typical:
            typical[key] = min(typical[key], LIMIT_FLOOR)
    return typical


class Scored(NamedTuple):
    """A criterion after unknowns are imputed: what ranking needs of a CriterionScore."""

    points: float  # rounded as CriterionScore.points
    known_share: float
    low: float  # every unknown at 0
    high: float  # every unknown at full marks


class Imputer:
    """`impute` on numbers, set up once per ranking: the same values, in the same order of
    arithmetic, so a row's total is the same whether it was scored from facts or with evidence."""

    def __init__(self, criteria: tuple[Criterion, ...], goal: Goal, typical: Typical) -> None:
        self.plan: list[tuple[tuple[float, ...], tuple[float, ...], float]] = []
        for c in criteria:
            parts = layout(c, goal)
            maxes = tuple(top for _, top in parts)
            fill = tuple(round(typical.get((c, name), top / 2), 6) for name, top in parts)
            self.plan.append((maxes, fill, sum(maxes)))
        self.seen: list[dict[Points, Scored]] = [{} for _ in criteria]  # programs share many patterns

    def __call__(self, points: tuple[Points, ...]) -> tuple[Scored, ...]:
        return tuple(
            seen[comps] if comps in seen else self._score(plan, comps, seen)
            for plan, comps, seen in zip(self.plan, points, self.seen, strict=True)
        )

    @staticmethod
    def _score(
        plan: tuple[tuple[float, ...], tuple[float, ...], float], comps: Points, seen: dict[Points, Scored]
    ) -> Scored:
        maxes, fill, total = plan
        if None not in comps:
            known = sum(comps)  # type: ignore[arg-type]
            scored = Scored(round(known, 6), 1.0, known, known)
        else:
            scored = Scored(
                round(sum([f if p is None else p for p, f in zip(comps, fill, strict=True)]), 6),
                sum([m for p, m in zip(comps, maxes, strict=True) if p is not None]) / total,
                sum([0.0 if p is None else p for p in comps]),
                sum([m if p is None else p for p, m in zip(comps, maxes, strict=True)]),
            )
        seen[comps] = scored
        return scored
