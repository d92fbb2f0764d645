"""VERDICT: the answer to "should I study one, and which?", read off the ranked results."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from mmeval.money import cost_text
from mmeval.records import Profile, ProgramResult, Verdict
from mmeval.scoring import DEGREE_GOALS, relevance_points, route_cost
from mmeval.vocabulary import CRITERION_LABELS, MATH_TOPICS, Criterion

if TYPE_CHECKING:
    from mmeval.facts import Facts
    from mmeval.models import Program

# Words in a course title that show it teaches a math topic.
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "calculus": ("calculus",),
    "linear-algebra": ("linear algebra",),
    "probability": ("probability",),
    "statistics": ("statistics",),
    "programming": ("programming", "python", "computing for data"),
    "discrete-math": ("discrete math", "mathematics for computer science"),
    "algebra": ("algebra",),
}


def helped_most(row: ProgramResult, weights: Mapping[Criterion, float], n: int = 2) -> list[str]:
    """The criteria that added most to the total from known facts only."""
    contrib = sorted(
        (
            (weights[s.criterion] * sum(c.points for c in s.components if c.known), s.criterion)
            for s in row.scores
            if s.known_share > 0
        ),
        key=lambda x: (-x[0], x[1]),
    )
    return [c for v, c in contrib[:n] if v > 0]


def math_gap(facts: Facts, profile: Profile) -> list[str]:
    """Stated math topics the person lacks, in vocabulary order (empty when none or unknown)."""
    if facts.math is None:
        return []
    return [t for t in MATH_TOPICS if t in facts.math and t not in profile.math]


def teaching_course(topic: str, catalog: Mapping[str, Facts]) -> str | None:
    """A catalog course whose title says it teaches `topic`, as "TITLE (CODE, program-id)"."""
    for pid in sorted(catalog):
        for taught, course in catalog[pid].teaches:
            if taught == topic:
                return course
    return None


def _name(row: ProgramResult) -> str:
    return f"{row.name} ({row.id})"


def build_verdict(
    rows: Sequence[ProgramResult],
    catalog: Mapping[str, Facts],
    program_of: Callable[[str], Program],
    profile: Profile,
    weights: Mapping[Criterion, float],
    n_excluded: int,
) -> Verdict:
    """Go, not yet, or consider something else, with the reasons from the data.

    Every row's facts are at hand (`catalog`); the whole program only for the top pick."""
    fitting = [r for r in rows if r.fit != "no-fit"]
    if not rows:
        return Verdict(
            kind="consider-else",
            headline="No program in the catalog matches what you asked for.",
            lines=(f"{n_excluded} programs were left out (see below); widen your fields to see more.",),
        )
    if not fitting:
        near = rows[:2]
        lines: list[str] = [f"Nearest: {_name(r)}: {r.fit_notes[0]}" for r in near if r.fit_notes]
        if profile.goal in DEGREE_GOALS:
            lines.append(
                "If a degree is the aim, a full master's or an online MBA may be the more direct route"
                " than a credential that does not fit your time or budget."
            )
        return Verdict(
            kind="consider-else",
            headline="Consider something else: nothing here fits your time and budget as they stand.",
            lines=tuple(lines),
            picks=tuple(r.id for r in near),
        )
    top = fitting[0]
    program = program_of(top.id)
    lines = []
    gap = math_gap(catalog[top.id], profile)
    why = helped_most(top, weights)
    reasons = ", ".join(CRITERION_LABELS[c].lower() for c in why)
    if gap and not profile.math:
        kind_go: Literal["go"] = "go"
        check = f" (check: {'; '.join(top.fit_notes)})" if top.fit == "may-fit" else ""
        headline = f"Go: {_name(top)} fits {_limits(profile)} and matches you best{check}."
        lines.append(f"Check the math first: it needs {', '.join(gap)} (you named no math topics).")
        return _finish(kind_go, headline, lines, reasons, top, fitting, catalog, profile, program)
    if gap:
        kind: Literal["go", "not-yet", "consider-else"] = "not-yet"
        relevant = [r for r in fitting if _relevant(catalog[r.id], profile, weights)]
        common = set(gap)
        for r in relevant:
            common &= set(math_gap(catalog[r.id], profile)) or set()
        headline = f"Not yet: review {', '.join(gap)} first; then {_name(top)} is your best fit."
        if profile.fields and len(relevant) > 1 and common:
            lines.append(
                f"Every {'/'.join(profile.fields)} program that fits and states its math needs"
                f" {', '.join(sorted(common))}."
            )
        for topic in gap:
            course = teaching_course(topic, catalog)
            if course:
                lines.append(f"{topic}: the catalog course {course} teaches it.")
        ready = next(
            (
                r
                for r in fitting[1:]
                if catalog[r.id].math is not None and not math_gap(catalog[r.id], profile)
            ),
            None,
        )
        if ready is not None:
            lines.append(f"Or start now with {_name(ready)}, which states no math you lack.")
    else:
        kind = "go"
        check = f" (check: {'; '.join(top.fit_notes)})" if top.fit == "may-fit" else ""
        headline = f"Go: {_name(top)} fits {_limits(profile)} and matches you best{check}."
    return _finish(kind, headline, lines, reasons, top, fitting, catalog, profile, program)


def _finish(
    kind: Literal["go", "not-yet", "consider-else"],
    headline: str,
    lines: list[str],
    reasons: str,
    top: ProgramResult,
    fitting: Sequence[ProgramResult],
    catalog: Mapping[str, Facts],
    profile: Profile,
    program: Program,
) -> Verdict:
    if reasons:
        lines.insert(0, f"Why {top.id}: strongest on {reasons} (from stated facts).")
    others = list(fitting[1:3])
    if others:
        lines.append("Also consider: " + "; ".join(_name(r) for r in others) + ".")
    if len(fitting) > 1 and fitting[1].inseparable:
        lines.append(
            f"{top.id} and {fitting[1].id} cannot be separated on known facts:"
            f" compare them (mmeval compare {top.id} {fitting[1].id})."
        )
    lines += _budget_lines(top, fitting, catalog, profile)
    lines += _money_help(program)
    if profile.goal in DEGREE_GOALS:
        route = route_cost(program)
        if route is not None and program.pathways:
            pw = program.pathways[route[1]]
            lines.append(
                f"Route to a degree: this program + the rest of {pw.degree or 'the degree'} at"
                f" {pw.institution} comes to about ${route[0]:,.0f} (computed from stated prices)."
            )
        if not any(catalog[r.id].pathways for r in fitting):
            lines.append(
                "No program that fits states credit into a degree: a full master's or MBA may be"
                " the direct route."
            )
    return Verdict(kind=kind, headline=headline, lines=tuple(lines), picks=(top.id, *(r.id for r in others)))


def _limits(profile: Profile) -> str:
    """The limits the person gave, in words."""
    parts = [f"{profile.hours_per_week:g} h/week"]
    if profile.months is not None:
        parts.append(f"{profile.months:g} months")
    if profile.budget_usd is not None:
        parts.append(f"${profile.budget_usd:,.0f}")
    return "your " + (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0])


def _relevant(facts: Facts, profile: Profile, weights: Mapping[Criterion, float]) -> bool:
    """Whether a program counts as in the person's fields (every program does if unscored)."""
    if "relevance" not in weights:
        return True
    return relevance_points(facts.subjects[0], facts.subjects[1:], profile.fields)[0] > 0


def _budget_lines(
    top: ProgramResult, fitting: Sequence[ProgramResult], catalog: Mapping[str, Facts], profile: Profile
) -> list[str]:
    budget = profile.budget_usd
    top_cost = catalog[top.id].cost
    if budget is None or (top_cost is not None and top_cost.currency == "USD"):
        return []
    within = [
        r
        for r in fitting
        if (c := catalog[r.id].cost) is not None and c.currency == "USD" and c.high <= budget
    ]
    if within:
        best = within[0]
        return [
            f"{top.id}'s price is not stated; the best match with a stated price within your"
            f" ${budget:,.0f} is {_name(best)}: {cost_text(catalog[best.id].cost)}."
        ]
    stated = [(c.low, pid) for pid, f in catalog.items() if (c := f.cost) is not None and c.currency == "USD"]
    if not stated:
        return [f"{top.id}'s price is not stated, and no program here states one in USD."]
    _, pid = min(stated)
    return [
        f"{top.id}'s price is not stated, and no program that fits states a price within your"
        f" ${budget:,.0f}; the cheapest stated is {pid}: {cost_text(catalog[pid].cost)}."
    ]


def _money_help(program: Program) -> list[str]:
    c = program.cost
    out = []
    if c is not None and c.free_audit:
        out.append(f"You can audit {program.id}'s courses free before paying for certificates.")
    if c is not None and c.financial_aid:
        out.append(f"Financial aid ({program.id}): {c.financial_aid}")
    return out
