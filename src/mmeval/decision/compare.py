"""COMPARE: the facts a person weighs, side by side, with the better value per row marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mmeval.decision.criteria import required_math
from mmeval.decision.freshness import STALE_YEARS
from mmeval.money import bounds_text
from mmeval.program.effort import midpoint, span
from mmeval.results.records import Comparison, FactRow, Profile, ProgramResult, Ranking
from mmeval.vocabulary import CRITERIA, CRITERION_LABELS, math_known

if TYPE_CHECKING:
    from mmeval.program.schema import Program


def _best(values: Sequence[float | None], *, lower: bool) -> tuple[int, ...]:
    """Columns holding the best known value; none when fewer than two values are known."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ()
    target = (min if lower else max)(v for _, v in known)
    if all(v == target for _, v in known):
        return ()  # everyone level: nothing to mark
    return tuple(i for i, v in known if v == target)


def _row(
    label: str,
    programs: Sequence[Program],
    text: Callable[[Program], str],
    value: Callable[[Program], float | None] | None = None,
    *,
    lower: bool = False,
) -> FactRow:
    values = tuple(text(p) for p in programs)
    best = _best([value(p) for p in programs], lower=lower) if value else ()
    return FactRow(label=label, values=values, best=best)


def _cost_row(programs: Sequence[Program]) -> FactRow:
    """Costs with their years, as the advice reads them (bounds.py); the cheapest is marked only
    among whole prices of one currency and year."""
    from mmeval.decision.bounds import cost_bounds

    figures = [cost_bounds(p) for p in programs]
    values = tuple(bounds_text(f) for f in figures)
    known = [f for f in figures if f is not None and f.high is not None]
    label = "Total cost"
    if len({f.currency for f in known}) > 1:
        return FactRow(label=f"{label} (currencies differ: not compared)", values=values)
    if len({(f.as_of or "?")[:4] for f in known}) > 1:
        return FactRow(label=f"{label} (prices from different years: not compared)", values=values)
    return FactRow(
        label=label,
        values=values,
        best=_best([f.high if f and f.high is not None else None for f in figures], lower=True),
    )


FIT_WORDS = {"fits": "fits", "may-fit": "may fit", "no-fit": "does not fit"}


def _fit_row(results: Sequence[ProgramResult]) -> FactRow:
    """Whether each program fits the limits the person gave: the same judgement as `recommend`."""
    values = []
    for r in results:
        text = FIT_WORDS[r.fit]
        if r.fit_notes:
            text += ": " + "; ".join(r.fit_notes)
        values.append(text if r.limits else "no limits given")
    fits = [i for i, r in enumerate(results) if r.fit == "fits"]
    best = tuple(fits) if fits and len(fits) < len(results) else ()
    return FactRow(label="Fits your limits", values=tuple(values), best=best)


def _fact_years(p: Program, today: dt.date) -> str:
    oldest, newest = p.fact_years
    if newest is None:
        return "no dated source"
    text = f"{oldest}" if oldest == newest else f"{oldest}-{newest}"
    return text + ("; may be out of date" if _stale(p, today) else "")


def _months(p: Program) -> float | None:
    return midpoint(p.time.months_min, p.time.months_max) if p.time else None


def _months_text(p: Program) -> str:
    return (span(p.time.months_min, p.time.months_max) if p.time else None) or "unknown"


def _hours(p: Program) -> float | None:
    return midpoint(p.time.hours_min, p.time.hours_max) if p.time else None


def _hours_text(p: Program) -> str:
    return (span(p.time.hours_min, p.time.hours_max) if p.time else None) or "unknown"


def _assessment(p: Program) -> float | None:
    if p.assessment is None:
        return None
    return 1.0 if p.assessment.kind in ("proctored-exam", "capstone-exam", "capstone-project") else 0.5


def _gap_and_taught(p: Program, profile: Profile) -> tuple[list[str], list[str]] | None:
    """The stated math the person lacks, and what of it the program's own first course teaches
    (as the verdict counts it: decision/advice.py); None when either side is not stated."""
    from mmeval.decision.advice import math_gap
    from mmeval.decision.facts import program_facts

    req = required_math(p)
    if req is None or profile.math is None:
        return None
    facts = program_facts(p)
    missing = set(req[0]) - math_known(profile.math)
    taught = sorted(missing & {t.topic for t in facts.teaches if t.first})
    return list(math_gap(facts, profile)), taught


def _math_gap(profile: Profile) -> Callable[[Program], float | None]:
    def gap(p: Program) -> float | None:
        found = _gap_and_taught(p, profile)
        return None if found is None else float(len(found[0]))

    return gap


def _math_text(profile: Profile) -> Callable[[Program], str]:
    def text(p: Program) -> str:
        req = required_math(p)
        if req is None:
            return "not stated"
        shown = ", ".join(sorted(req[0])) or "none"
        found = _gap_and_taught(p, profile)
        if found is None:
            return shown
        gap, taught = found
        notes = [f"to review: {', '.join(gap)}"] if gap else []
        notes += [f"its first course teaches {', '.join(taught)}"] if taught else []
        return shown + (f" ({'; '.join(notes)})" if notes else "")

    return text


def _best_share(p: Program) -> float | None:
    shares = [pw.credit_fraction for pw in p.pathways or () if pw.credit_fraction]
    return max(shares) if shares else (0.0 if p.pathways == () else None)


def _pathways_text(p: Program) -> str:
    if p.pathways is None:
        return "unknown"
    if not p.pathways:
        return "none"
    kinds = sorted({pw.kind for pw in p.pathways})
    share = _best_share(p)
    text = f"{len(p.pathways)} ({', '.join(kinds)})"
    return text + (f", up to {share:.0%} of a degree" if share else ", share unknown")


def _stale(p: Program, today: dt.date) -> bool:
    newest = p.newest_source_year
    return newest is None or today.year - newest > STALE_YEARS


def build_comparison(
    programs: Sequence[Program],
    ranking: Ranking,
    profile: Profile,
    today: dt.date,
    left_out: dict[str, str] | None = None,
) -> Comparison:
    """Fact rows and criterion rows for the programs, in the order given, plus a verdict."""
    rows = [
        _cost_row(programs),
        _row("Months to complete", programs, _months_text, _months, lower=True),
        _row("Hours a week", programs, _hours_text, _hours, lower=True),
        _row("Courses", programs, lambda p: str(p.n_courses) if p.n_courses else "unknown"),
        _row(
            "Final exam / capstone",
            programs,
            lambda p: p.assessment.kind if p.assessment else "not stated",
            _assessment,
        ),
        _row("Math prerequisites", programs, _math_text(profile), _math_gap(profile), lower=True),
        _row("Credit pathways", programs, _pathways_text, _best_share),
        _row("Platform", programs, lambda p: f"{p.platform or 'unknown'} ({p.credential})"),
        _row(
            "Facts dated",
            programs,
            lambda p: _fact_years(p, today),
            lambda p: float(p.newest_source_year) if p.newest_source_year else None,
        ),
        _row("Entry reviewed", programs, lambda p: p.reviewed.isoformat()),
    ]
    by_id = {r.id: r for r in ranking.rows}
    rows.insert(0, _fit_row([by_id[p.id] for p in programs]))
    if left_out:
        text = [
            f"not ranked: {left_out[p.id]}" if p.id in left_out else f"#{by_id[p.id].rank}" for p in programs
        ]
        rows.insert(1, FactRow(label="In recommend", values=tuple(text)))
    for criterion in CRITERIA:
        if criterion not in ranking.weights:
            continue
        scores = [by_id[p.id].score(criterion) for p in programs]
        rows.append(
            FactRow(
                label=f"{CRITERION_LABELS[criterion]} ({ranking.weights[criterion]:.0%})",
                values=tuple(f"{s.points:.0f}" + ("" if s.known_share else " (unknown)") for s in scores),
                best=_best([s.points if s.known_share else None for s in scores], lower=False),
            )
        )
    return Comparison(ids=tuple(p.id for p in programs), facts=tuple(rows), verdict=verdict(ranking))


def verdict(ranking: Ranking) -> str:
    """One line, in `recommend`'s order: who comes first and why (fit first, then points)."""
    from mmeval.decision.robustness import CLOSE_CALL

    first, second = ranking.rows[0], ranking.rows[1]
    extra = f" ({len(ranking.rows)} compared)" if len(ranking.rows) > 2 else ""
    if (first.fit == "no-fit") != (second.fit == "no-fit"):
        why = next((n for n in second.fit_notes), "")
        fits = "fits your limits" if first.fit == "fits" else "may fit your limits"
        return f"{first.id} {fits} and {second.id} does not ({why}): {first.id} comes first{extra}."
    margin = first.total - second.total
    ahead = sorted(
        ((ranking.weights[c] * (first.score(c).points - second.score(c).points), c) for c in ranking.weights),
        reverse=True,
    )
    leads_on = [c for d, c in ahead if d > 0][:2]
    behind_on = [c for d, c in sorted(ahead) if d < 0][:1]
    if margin < CLOSE_CALL:
        text = f"No clear winner: {first.id} and {second.id} are {margin:.1f} points apart"
    else:
        text = f"{first.id} leads {second.id} by {margin:.1f} points"
    if leads_on:
        text += f", ahead on {' and '.join(CRITERION_LABELS[c].lower() for c in leads_on)}"
    if behind_on:
        text += f"; {second.id} is stronger on {CRITERION_LABELS[behind_on[0]].lower()}"
    return text + extra + "."
