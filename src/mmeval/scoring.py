"""SCORE: one pure function per criterion, each returning points with the facts behind them.

The rubric is documented in docs/scoring.md; keep the two in step. A criterion is the sum of
components; a component whose fact the program file does not state is *unknown* and scores
UNKNOWN_SHARE of its maximum (never zero, never full marks).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from mmeval.effort import HEAVY_WEEK_HOURS, WEEKS_PER_MONTH, program_effort
from mmeval.models import (
    CRITERIA,
    Component,
    Criterion,
    CriterionScore,
    Evidence,
    Goal,
    Profile,
    Program,
)

UNKNOWN_SHARE = 0.25
DEFAULT_MONTHS = 12.0  # time fit target when the person gives no --months

PRESETS: dict[Goal, dict[Criterion, float]] = {
    "explore": dict.fromkeys(CRITERIA, 1.0),
    "career-change": {
        "accreditation": 1.5,
        "employer": 3.0,
        "outcomes": 3.0,
        "credit": 0.5,
        "affordability": 1.0,
        "time_fit": 1.0,
        "math_readiness": 2.0,
    },
    "upskill": {
        "accreditation": 1.0,
        "employer": 1.5,
        "outcomes": 3.0,
        "credit": 0.5,
        "affordability": 1.5,
        "time_fit": 2.5,
        "math_readiness": 1.5,
    },
    "mba-path": {
        "accreditation": 2.0,
        "employer": 0.5,
        "outcomes": 1.0,
        "credit": 4.0,
        "affordability": 1.5,
        "time_fit": 1.0,
        "math_readiness": 0.5,
    },
    "degree-credit": {
        "accreditation": 2.5,
        "employer": 0.5,
        "outcomes": 1.0,
        "credit": 4.0,
        "affordability": 1.0,
        "time_fit": 1.0,
        "math_readiness": 1.0,
    },
}


def _known(name: str, max_points: float, points: float, rule: str, *ev: Evidence) -> Component:
    return Component(name=name, max_points=max_points, points=points, known=True, rule=rule, evidence=ev)


def _unknown(name: str, max_points: float, missing: str) -> Component:
    return Component(
        name=name,
        max_points=max_points,
        points=max_points * UNKNOWN_SHARE,
        known=False,
        rule=f"unknown: {missing} not stated; scored {UNKNOWN_SHARE:.0%} of {max_points:g}",
        evidence=(),
    )


def _criterion(criterion: Criterion, *components: Component) -> CriterionScore:
    points = sum(c.points for c in components)
    known = sum(c.max_points for c in components if c.known) / sum(c.max_points for c in components)
    return CriterionScore(
        criterion=criterion, points=round(points, 6), known_share=known, components=components
    )


def _ev(field: str, value: object, source: str | None = None) -> Evidence:
    return Evidence(field=field, value=str(value), source=source)


# --- core criteria ---------------------------------------------------------------------------


def score_accreditation(program: Program, profile: Profile) -> CriterionScore:
    """60 for an accredited awarding institution, up to 40 for partner/credit institutions."""
    acc = program.accreditation
    if acc is None or acc.accredited is None:
        accredited = _unknown("accredited institution", 60, "accreditation.accredited")
    else:
        accredited = _known(
            "accredited institution",
            60,
            60.0 if acc.accredited else 0.0,
            "60 if accredited, else 0",
            _ev("accreditation.accredited", acc.accredited, acc.source),
            _ev("accreditation.accreditor", acc.accreditor, acc.source),
        )
    institutions = sorted({*program.partners, *(p.institution for p in program.pathways or ())})
    if not program.partners and program.pathways is None:
        partners = _unknown("university partnerships", 40, "partners and pathways")
    else:
        partners = _known(
            "university partnerships",
            40,
            min(40.0, 10.0 * len(institutions)),
            "10 per distinct partner or credit-granting institution, at most 40",
            *(_ev("partners / pathways.institution", name) for name in institutions),
        )
    return _criterion("accreditation", accredited, partners)


def score_employer(program: Program, profile: Profile) -> CriterionScore:
    """Up to 50 for named employers, up to 50 for stated outcome figures."""
    rec = program.employers
    named = rec.employers if rec else ()
    figures = rec.outcomes if rec else ()
    if not named:
        employers = _unknown("named employers", 50, "employers.employers")
    else:
        employers = _known(
            "named employers",
            50,
            50.0 if len(named) >= 2 else 35.0,
            "35 for one named employer, 50 for two or more",
            *(_ev("employers.employers.name", f"{e.name}: {e.relation}", e.source) for e in named),
        )
    if not figures:
        outcomes = _unknown("outcome figures", 50, "employers.outcomes")
    else:
        own = sum(1 for f in figures if f.scope == "program")
        points = 50.0 if own >= 2 else 35.0 if own == 1 else 20.0
        outcomes = _known(
            "outcome figures",
            50,
            points,
            "50 for two or more figures about this program, 35 for one, 20 if provider-wide only",
            *(_ev(f"employers.outcomes ({f.scope})", f.figure, f.source) for f in figures),
        )
    return _criterion("employer", employers, outcomes)


def score_outcomes(program: Program, profile: Profile) -> CriterionScore:
    """Up to 50 for stated learning outcomes, up to 50 for a capstone or proctored assessment."""
    items = program.learning_outcomes
    if not items:
        learning = _unknown("learning outcomes", 50, "learning_outcomes")
    else:
        learning = _known(
            "learning outcomes",
            50,
            50.0 if len(items) >= 3 else 30.0,
            "50 for three or more stated outcomes, 30 for one or two",
            _ev("learning_outcomes", f"{len(items)} stated"),
        )
    a = program.assessment
    if a is None:
        assessment = _unknown("final assessment", 50, "assessment")
    else:
        points = {"exam": 35.0, "other": 25.0}.get(a.kind, 50.0)
        assessment = _known(
            "final assessment",
            50,
            points,
            "50 for a proctored exam or capstone, 35 for another exam, 25 otherwise",
            _ev("assessment.kind", a.kind, a.source),
        )
    return _criterion("outcomes", learning, assessment)


def score_credit(program: Program, profile: Profile) -> CriterionScore:
    """Up to 40 for the number of credit pathways, 30 for the degree kind, 30 for the share."""
    pathways = program.pathways
    if pathways is None:
        missing = "pathways"
        return _criterion(
            "credit",
            _unknown("credit pathways", 40, missing),
            _unknown("degree kind", 30, missing),
            _unknown("share of a degree", 30, missing),
        )
    ev = [_ev(f"pathways.{i}", f"{p.institution}: {p.degree or p.kind}") for i, p in enumerate(pathways)]
    count = _known(
        "credit pathways",
        40,
        min(40.0, 15.0 + 10.0 * len(pathways)) if pathways else 0.0,
        "25 for one pathway, 35 for two, 40 for three or more; 0 if a source says none",
        *ev,
    )
    kinds = {p.kind for p in pathways}
    if profile.goal == "mba-path":
        kind_points = 30.0 if "mba" in kinds else 20.0 if "master" in kinds else 10.0 if kinds else 0.0
        kind_rule = "goal mba-path: 30 into an MBA, 20 into a master's, 10 other, 0 none"
    else:
        kind_points = 30.0 if kinds & {"mba", "master"} else 10.0 if kinds else 0.0
        kind_rule = "30 into a master's or MBA, 10 other, 0 none"
    kind = _known(
        "degree kind",
        30,
        kind_points,
        kind_rule,
        _ev("pathways.*.kind", ", ".join(sorted(kinds)) or "none"),
    )
    fractions = [(i, p.credit_fraction) for i, p in enumerate(pathways) if p.credit_fraction]
    if fractions:
        i, best = max(fractions, key=lambda f: (f[1], -f[0]))
        p = pathways[i]
        share = _known(
            "share of a degree",
            30,
            30.0 * min(1.0, best / 0.5),
            "30 x largest credit fraction / 0.5 (half a degree or more = 30)",
            _ev(f"pathways.{i}.credit_fraction", f"{best:.0%} ({p.fraction_basis or 'stated'})"),
        )
    elif not pathways:
        share = _known("share of a degree", 30, 0.0, "0 when a source says there is no pathway")
    else:
        share = _unknown("share of a degree", 30, "pathways.*.credit_fraction")
    return _criterion("credit", count, kind, share)


# --- fit criteria ----------------------------------------------------------------------------


def score_affordability(program: Program, profile: Profile) -> CriterionScore:
    """100 when free, 50 at exactly the budget, 0 at twice the budget (linear in between)."""
    budget = profile.budget_usd
    cost = program.total_cost
    if cost is None or cost.currency != "USD":
        return _criterion("affordability", _unknown("cost vs budget", 100, "cost.total"))
    total, field = cost.high, cost.basis
    assert budget is not None  # criteria needing a budget are not scored without one
    if budget == 0:
        points = 100.0 if total == 0 else 0.0
    elif total <= budget:
        points = 100.0 - 50.0 * total / budget
    else:
        points = max(0.0, 50.0 - 50.0 * (total - budget) / budget)
    as_of = cost.as_of
    return _criterion(
        "affordability",
        _known(
            "cost vs budget",
            100,
            points,
            f"100 - 50 x cost/budget up to the budget, then down to 0 at twice the budget ({budget:,.0f})",
            _ev(
                field,
                f"${total:,.0f}" + (f" (as of {as_of})" if as_of else ""),
                program.cost.source if program.cost else None,
            ),
        ),
    )


def needed_months(program: Program, hours_per_week: float) -> tuple[float, str] | None:
    """Months to finish at the person's hours a week, and the basis; None if effort unknown."""
    effort = program_effort(program)
    if effort is None:
        return None
    return effort.total_hours / hours_per_week / WEEKS_PER_MONTH, effort.basis


def score_time_fit(program: Program, profile: Profile) -> CriterionScore:
    """100 if finishable within the months at the person's hours, 0 at twice that time."""
    need = needed_months(program, profile.hours_per_week)
    if need is None:
        return _criterion("time_fit", _unknown("time to finish", 100, "course weeks and hours, or [time]"))
    months, basis = need
    target = profile.months or DEFAULT_MONTHS
    points = 100.0 if months <= target else max(0.0, 100.0 * (1 - (months - target) / target))
    return _criterion(
        "time_fit",
        _known(
            "time to finish",
            100,
            points,
            f"100 if done within {target:g} months at {profile.hours_per_week:g} h/week, 0 at twice that",
            _ev(basis, f"about {months:.1f} months at {profile.hours_per_week:g} h/week"),
        ),
    )


def required_math(program: Program) -> tuple[set[str], list[Evidence]] | None:
    """Math topics the program needs (program and course level), or None if never stated."""
    pre = program.prerequisites
    stated = pre is not None and (pre.math is not None or pre.programming is not None)
    topics: set[str] = set()
    evidence: list[Evidence] = []
    if pre is not None and pre.math is not None:
        topics |= set(pre.math)
        evidence.append(_ev("prerequisites.math", ", ".join(pre.math) or "none", pre.source))
    if pre is not None and pre.programming:
        topics.add("programming")
        evidence.append(_ev("prerequisites.programming", ", ".join(pre.programming), pre.source))
    for i, c in enumerate(program.courses):
        if c.math:
            stated = True
            topics |= set(c.math)
            evidence.append(_ev(f"courses.{i}.math", f"{c.key}: {', '.join(c.math)}"))
    return (topics, evidence) if stated else None


def score_math_readiness(program: Program, profile: Profile) -> CriterionScore:
    """Share of the program's required math topics the person is comfortable with."""
    req = required_math(program)
    if req is None:
        return _criterion("math_readiness", _unknown("math topics", 100, "prerequisites.math"))
    topics, evidence = req
    have = topics & set(profile.math)
    points = 100.0 if not topics else 100.0 * len(have) / len(topics)
    return _criterion(
        "math_readiness",
        _known(
            "math topics",
            100,
            points,
            "100 x required topics you know / required topics",
            *evidence,
        ),
    )


SCORERS: dict[Criterion, Callable[[Program, Profile], CriterionScore]] = {
    "accreditation": score_accreditation,
    "employer": score_employer,
    "outcomes": score_outcomes,
    "credit": score_credit,
    "affordability": score_affordability,
    "time_fit": score_time_fit,
    "math_readiness": score_math_readiness,
}


class Weighting(NamedTuple):
    weights: dict[Criterion, float]  # normalised, sums to 1, only scored criteria
    notes: tuple[str, ...]


def weights_for(profile: Profile) -> Weighting:
    """The goal's preset with the person's overrides, normalised; unscorable criteria dropped."""
    raw = {**PRESETS[profile.goal], **profile.weights}
    notes: list[str] = []
    if profile.budget_usd is None and raw.get("affordability"):
        raw["affordability"] = 0.0
        notes.append("affordability not scored: no budget given (--budget)")
    total = sum(raw.values())
    if total <= 0:
        from mmeval.errors import UsageError

        raise UsageError("all weights are zero", hint="give at least one criterion a weight above 0")
    weights = {c: raw[c] / total for c in CRITERIA if raw.get(c, 0) > 0}
    return Weighting(weights, tuple(notes))


def score_program(
    program: Program, profile: Profile, criteria: tuple[Criterion, ...]
) -> tuple[CriterionScore, ...]:
    """Scores of one program on the given criteria, in that order."""
    return tuple(SCORERS[c](program, profile) for c in criteria)


def coverage(scores: tuple[CriterionScore, ...], weights: dict[Criterion, float]) -> float:
    """Share of the total weight that rests on stated facts (0-1)."""
    return sum(weights[s.criterion] * s.known_share for s in scores)


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
    cost = program.total_cost
    if profile.budget_usd is not None and cost is not None and cost.currency == "USD" and cost.low > profile.budget_usd:
        out.append(f"over budget: ${cost.low:,.0f} > ${profile.budget_usd:,.0f}")
    need = needed_months(program, profile.hours_per_week)
    target = profile.months
    if need is not None and target is not None and need[0] > target:
        out.append(f"needs ~{need[0]:.0f} months at {profile.hours_per_week:g} h/week (> {target:g})")
    effort = program_effort(program)
    if effort is not None and effort.heaviest_week is not None and effort.heaviest_week > HEAVY_WEEK_HOURS:
        out.append(f"weekly load up to {effort.heaviest_week:g} h (over {HEAVY_WEEK_HOURS:g})")
    return tuple(out)
