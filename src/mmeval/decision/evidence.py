"""EVIDENCE: each criterion's points with the facts behind them, for the rows a person reads
(`explain`, the table, exports). The points come from the same functions ranking uses
(criteria.py, points.py), so a row's evidence always adds up to its score.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from mmeval.decision.bounds import cost_bounds, months_at, time_shape
from mmeval.decision.criteria import (
    accreditation_points,
    best_kind,
    best_share,
    credit_maxes,
    employer_points,
    institutions,
    math_points,
    outcomes_points,
    program_level,
    required_math,
    route_cost,
    route_points,
)
from mmeval.decision.points import cost_point, time_point
from mmeval.decision.relevance import relevance_points
from mmeval.results.records import Component, CriterionScore, Evidence, Profile
from mmeval.vocabulary import Criterion, math_known

if TYPE_CHECKING:
    from mmeval.program.schema import Program


def _unknown(name: str, max_points: float, missing: str, best: float | None = None) -> Component:
    """A component whose fact is not stated (or only bounded): `unknowns` values it."""
    return Component(
        name=name,
        max_points=max_points,
        points=0.0,
        known=False,
        rule=f"unknown: {missing}",
        low=0.0,
        high=max_points if best is None else best,
    )


def _known(name: str, max_points: float, points: float, rule: str, *ev: Evidence) -> Component:
    return Component(name=name, max_points=max_points, points=points, known=True, rule=rule, evidence=ev)


def _criterion(criterion: Criterion, *components: Component) -> CriterionScore:
    points = sum(c.points for c in components)
    known = sum(c.max_points for c in components if c.known) / sum(c.max_points for c in components)
    return CriterionScore(
        criterion=criterion, points=round(points, 6), known_share=known, components=components
    )


def _ev(field: str, value: object, source: str | None = None) -> Evidence:
    return Evidence(field=field, value=str(value), source=source)


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


def score_accreditation(program: Program, profile: Profile) -> CriterionScore:
    """60 for an accredited awarding institution, up to 40 for partner/credit institutions."""
    acc = program.accreditation
    accredited_points, partner_points = accreditation_points(program)
    if acc is None or accredited_points is None:
        accredited = _unknown("accredited institution", 60, "accreditation.accredited not stated")
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
        partners = _unknown("university partnerships", 40, "partners and pathways not stated")
    else:
        names = institutions(program)
        partners = _known(
            "university partnerships",
            40,
            partner_points,
            "10 per distinct partner or other credit-granting institution, at most 40",
            *(_ev("partners / pathways.institution", name) for name in names),
        )
    return _criterion("accreditation", accredited, partners)


def score_employer(program: Program, profile: Profile) -> CriterionScore:
    """Up to 50 for named employers, up to 50 for stated outcome figures about holders."""
    rec = program.employers
    named = rec.employers if rec else ()
    figures = rec.outcomes if rec else ()
    named_points, figure_points = employer_points(program)
    if named_points is None:
        employers = _unknown("named employers", 50, "employers.employers not stated")
    else:
        employers = _known(
            "named employers",
            50,
            named_points,
            "35 for one named employer, 50 for two or more",
            *(_ev("employers.employers.name", f"{e.name}: {e.relation}", e.source) for e in named),
        )
    if figure_points is None:
        outcomes = _unknown("outcome figures", 50, "employers.outcomes not stated")
    else:
        outcomes = _known(
            "outcome figures",
            50,
            figure_points,
            "50 for two or more figures about this program's holders, 35 for one, 20 if provider-wide only",
            *(_ev(f"employers.outcomes ({f.scope})", f.figure, f.source) for f in figures),
        )
    return _criterion("employer", employers, outcomes)


def score_outcomes(program: Program, profile: Profile) -> CriterionScore:
    """Up to 50 for stated learning outcomes, up to 50 for a capstone or proctored assessment."""
    items = program.learning_outcomes
    learning_points, assessment_points = outcomes_points(program)
    if learning_points is None:
        learning = _unknown("learning outcomes", 50, "learning_outcomes not stated")
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
        assessment = _unknown("final assessment", 50, "assessment not stated")
    else:
        assessment = _known(
            "final assessment",
            50,
            assessment_points,
            "50 for a proctored exam or capstone, 35 for another exam, 25 otherwise",
            _ev("assessment.kind", a.kind, a.source),
        )
    return _criterion("outcomes", learning, assessment)


def score_credit(program: Program, profile: Profile) -> CriterionScore:
    """50 for where the best pathway leads (by goal), 25 for the share of a degree, 25 for the route."""
    pathways = program.pathways
    goal = profile.goal
    lead_max, share_max, route_max = credit_maxes(goal)
    if pathways is None:
        missing = "no pathway stated"
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
    (kind_points, kind_text), best_i = best_kind(program, goal)
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
    found = best_share(program)
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
        share_c = _unknown("share of a degree", share_max, "pathways.*.credit_fraction not stated")
    route = route_cost(program)
    if route is None:
        route_c = _unknown(
            "route to the degree",
            route_max,
            "cost of this program + pathways.*.remaining_cost_usd not stated",
        )
    else:
        total, i, field = route
        route_c = _known(
            "route to the degree",
            route_max,
            route_points(total, route_max),
            f"{route_max:g} for a whole route (this program + the rest of the degree)"
            " of $10,000 or less, 0 at $100,000",
            _ev(field, f"${total:,.0f} via {pathways[i].institution}"),
        )
    return _criterion("credit", lead, share_c, route_c)


def score_level(program: Program, profile: Profile) -> CriterionScore:
    """How open the level is to a newcomer: introductory 100, intermediate 60, advanced 20."""
    found = program_level(program)
    if found is None:
        return _criterion("level", _unknown("level", 100, "level or courses.*.level not stated"))
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


def score_affordability(program: Program, profile: Profile) -> CriterionScore:
    """100 when free, 50 at exactly the budget, 0 at twice the budget; the highest stated cost."""
    from mmeval.money import amount, to_usd

    budget = profile.budget_usd
    assert budget is not None  # not scored without a budget
    cost = cost_bounds(program)
    rule = f"100 - 50 x cost/budget up to the budget, then down to 0 at twice it (${budget:,.0f})"
    if cost is None:
        return _criterion("affordability", _unknown("cost vs budget", 100, "no price stated"))
    usd = to_usd(cost.low, cost.currency)
    if usd is None:
        missing = f"price stated in {cost.currency}, with no exchange rate"
        return _criterion("affordability", _unknown("cost vs budget", 100, missing))
    point = cost_point(cost, budget)
    shown = amount(cost.low, cost.currency) + (
        "" if cost.high == cost.low else "+" if cost.high is None else f"-{amount(cost.high, cost.currency)}"
    )
    when = f" (as of {cost.as_of})" if cost.as_of else " (date not stated)"
    if cost.currency != "USD":
        shown += f" ≈ ${usd[0]:,.0f} at the {usd[1]} reference rate"
    ev = _ev(f"cost: {cost.basis}", shown + when, program.cost.source if program.cost else None)
    if not isinstance(point, float):
        best = point.cap if point is not None else 100.0
        comp = _unknown("cost vs budget", 100, "the full price is not stated (known only from below)", best)
        return _criterion("affordability", replace(comp, evidence=(ev,)))
    return _criterion("affordability", _known("cost vs budget", 100, point, rule, ev))


def score_time_fit(program: Program, profile: Profile) -> CriterionScore:
    """100 - 50 x needed/target months within the deadline, down to 0 at twice it."""
    target = profile.months
    assert target is not None  # not scored without a deadline
    shape = time_shape(program)
    if shape is None:
        return _criterion("time_fit", _unknown("time to finish", 100, "no length stated"))
    hours = profile.hours_per_week
    lo, hi = months_at(shape, hours)
    pace = f"{hours:g} h/week" if hours is not None else "the stated pace"
    shown = (
        f"at least {lo:.1f} months"
        if hi is None
        else f"{lo:.1f}-{hi:.1f} months"
        if hi - lo > 0.05
        else f"about {hi:.1f} months"
    )
    ev = _ev("courses' weeks, hours and pacing; [time] length", f"{shown} at {pace}")
    rule = f"100 - 50 x months needed / {target:g} within your deadline, down to 0 at twice it"
    point = time_point(shape, target, hours)
    if not isinstance(point, float):
        best = point.cap if point is not None else 100.0
        comp = _unknown("time to finish", 100, "the full length is not stated (known only from below)", best)
        return _criterion("time_fit", replace(comp, evidence=(ev,)))
    return _criterion("time_fit", _known("time to finish", 100, point, rule, ev))


def score_math_readiness(program: Program, profile: Profile) -> CriterionScore:
    """Share of the program's required math topics the person is comfortable with."""
    req = required_math(program)
    if req is None:
        return _criterion("math_readiness", _unknown("math topics", 100, "prerequisites.math not stated"))
    topics, evidence = req
    points = math_points(topics, math_known(profile.math))
    return _criterion(
        "math_readiness",
        _known("math topics", 100, points, "100 x required topics you know / required topics", *evidence),
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


def score_program(
    program: Program, profile: Profile, criteria: tuple[Criterion, ...]
) -> tuple[CriterionScore, ...]:
    """Scores of one program on the given criteria, in that order (unknowns not yet valued)."""
    return tuple(SCORERS[c](program, profile) for c in criteria)
