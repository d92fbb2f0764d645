"""FEASIBILITY: each limit the person set, judged on the interval the program's stated facts
give (bounds.py): fits (the whole interval within it), does not fit (its low end beyond it),
may fit (it straddles the limit, or nothing bounds it). docs/scoring.md, "1".

Only limits the person gave are judged. One reason per limit, in plain words, and for each
the value of that limit at which the program would fit.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Literal, NamedTuple

from mmeval.decision.bounds import CostBounds, hours_for, months_at, partial_estimate
from mmeval.money import amount, to_usd

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mmeval.decision.facts import Facts
    from mmeval.results.records import Profile

Limit = Literal["budget", "hours", "months"]
Status = Literal["fits", "may-fit", "no-fit"]
EPS = 1e-9
# "Small" changes (docs/scoring.md, "The verdict"): what an advisor calls a small step.
SMALL_HOURS = 3.0  # more hours a week
SMALL_MONTHS = 6.0  # a later deadline
SMALL_BUDGET = 0.25  # a larger budget, as a share of the budget
REFERENCE_MIN = 3  # programs of a kind with a stated price before the kind bounds an unstated one
CREDENTIAL_WORDS = {
    "micromasters": "MicroMasters program",
    "mastertrack": "MasterTrack certificate",
    "microcredential": "microcredential",
    "graduate-certificate": "graduate certificate",
    "other": "program of this kind",
}


class LimitCheck(NamedTuple):
    limit: Limit
    status: Status
    note: str  # the reason, in plain words
    check: str | None  # may fit: the fact to check ("the price", "the length")
    needed: float | None  # the value of this limit at which it fits; None: none known


class Feasibility(NamedTuple):
    fit: Status
    checks: tuple[LimitCheck, ...]

    @property
    def notes(self) -> tuple[str, ...]:
        """The reasons of the limits that do not fit, then of those that may."""
        order = {"no-fit": 0, "may-fit": 1, "fits": 2}
        return tuple(c.note for c in sorted(self.checks, key=lambda c: order[c.status]) if c.status != "fits")

    @property
    def unknowns(self) -> tuple[str, ...]:
        return tuple(c.check for c in self.checks if c.status == "may-fit" and c.check)


Reference = dict[str, float]  # credential -> the lowest stated price (USD) among its kind


ANY = "*"  # the whole catalog in use, as a reference class
COURSES = "courses:"  # reference key prefix: the fewest courses a kind of credential states


def reference_floors(programs: Sequence[Facts]) -> Reference:
    """For each kind of credential with enough stated prices, and for the whole catalog, the
    lowest stated price (in USD); and under "courses:KIND" the fewest courses a program of that
    kind states (for a price per course whose course count is not stated)."""
    seen: dict[str, list[float]] = {}
    for f in programs:
        counted = f.cost is not None and f.cost.missing != "the number of courses"
        usd = to_usd(f.cost.low, f.cost.currency) if f.cost is not None and counted else None
        if usd is not None:
            seen.setdefault(f.credential, []).append(usd[0])
            seen.setdefault(ANY, []).append(usd[0])
        if f.shape is not None and f.shape.total:
            seen.setdefault(COURSES + f.credential, []).append(float(f.shape.total))
    return {k: min(v) for k, v in seen.items() if len(v) >= REFERENCE_MIN}


def _money(value: float, cost: CostBounds) -> str:
    shown = amount(value, cost.currency)
    if cost.currency != "USD" and (usd := to_usd(value, cost.currency)) is not None:
        shown += f" (≈ {amount(usd[0])} at the {usd[1]} reference rate)"
    return shown


def _when(cost: CostBounds) -> str:
    return f"as of {cost.as_of}" if cost.as_of else "date not stated"


def cost_words(cost: CostBounds) -> tuple[str, str]:
    """A cost in words: ("$1,295-$1,595", "as of 2020; 5 courses at $199-$299 + exam fee $200")."""
    if cost.high is None:
        shown = f"at least {_money(cost.low, cost)}"
    elif cost.high == cost.low:
        shown = _money(cost.low, cost)
    else:
        shown = f"{_money(cost.low, cost)}-{_money(cost.high, cost)}"
    return shown, f"{_when(cost)}" + ("" if cost.basis == "stated total" else f"; {cost.basis}")


def judge_budget(facts: Facts, budget: float, reference: Reference) -> LimitCheck:
    """The program's own cost against the budget."""
    cost = facts.cost
    if cost is None:
        for key in (facts.credential, ANY):
            floor = reference.get(key)
            if floor is not None and floor > budget + EPS:
                kind = CREDENTIAL_WORDS.get(key, "program of this kind") if key != ANY else "program"
                note = (
                    f"price not stated; every {kind} here with a stated price costs {amount(floor)} or more"
                )
                return LimitCheck("budget", "no-fit", note, None, None)
        return LimitCheck("budget", "may-fit", "price not stated", "the price", None)
    if cost.missing == "the number of courses" and (n := reference.get(COURSES + facts.credential)):
        cost = cost._replace(
            low=cost.low * n,
            basis=f"{cost.basis}; every {CREDENTIAL_WORDS.get(facts.credential, 'program of this kind')}"
            f" here states {n:g} courses or more",
        )
    low = to_usd(cost.low, cost.currency)
    if low is None:
        shown = amount(cost.low, cost.currency)
        note = f"price stated in {cost.currency} ({shown}); no exchange rate to compare"
        return LimitCheck("budget", "may-fit", note, "the price in US dollars", None)
    top = None if cost.high is None else to_usd(cost.high, cost.currency)[0]  # type: ignore[index]
    shown, how = cost_words(cost)
    if low[0] > budget + EPS:
        note = f"costs {shown} ({how}), {amount(low[0] - budget)} over your {amount(budget)} budget"
        return LimitCheck("budget", "no-fit", note, None, low[0] if top is None else top)
    if top is None:
        return LimitCheck("budget", "may-fit", f"costs {shown} ({how})", "the full price", None)
    if top > budget + EPS:
        note = f"costs {shown} ({how}): the upper end is over your {amount(budget)}"
        return LimitCheck("budget", "may-fit", note, "the price you would pay", top)
    return LimitCheck("budget", "fits", f"costs {shown} ({how})", None, top)


def judge_hours(facts: Facts, hours: float) -> LimitCheck:
    """Courses on fixed dates need at least the low end of their stated weekly load; self-paced
    ones stretch; where pacing is not stated, a load above the hours may not fit."""
    fixed = [x for x in facts.loads if x.fixed]
    unsure = [x for x in facts.loads if x.fixed is None]
    text = f"fits {hours:g} h/week"
    if fixed:
        need_low = max(x.low for x in fixed)
        least, most = min(x.low for x in fixed), max(x.high for x in fixed)
        load = f"{least:g}" if least == most else f"{least:g}-{most:g}"
        if fixed[0].label == "the program":
            who = "the program runs"
        else:
            who = f"{len(fixed)} of its courses run" if len(fixed) > 1 else f"{fixed[0].label} runs"
        heaviest = f" (the heaviest needs at least {need_low:g})" if need_low > least else ""
        text = f"{who} on fixed dates at {load} h/week{heaviest}; you have {hours:g}"
        if need_low > hours + EPS:
            return LimitCheck("hours", "no-fit", text, None, need_low)
    if unsure and (need := max(x.low for x in unsure)) > hours + EPS:
        text = (
            f"pacing not stated: if its courses run on fixed dates they need {need:g}+ h/week"
            f" (you have {hours:g})"
        )
        return LimitCheck("hours", "may-fit", text, "the pacing", need)
    if not facts.loads and not facts.load_stated:
        return LimitCheck("hours", "may-fit", "weekly load not stated", "the weekly load", None)
    return LimitCheck("hours", "fits", text, None, None)


def _months_text(m: float) -> str:
    return f"{m:.0f} month" + ("" if round(m) == 1 else "s")


def pace(facts: Facts, hours: float | None) -> tuple[float | None, str]:
    """The hours a week to time a program at, in words: the person's, or (when fewer) the least
    its fixed-date courses need, which they cannot be followed below."""
    if hours is None:
        return None, "at its stated pace"
    need = max((x.low for x in facts.loads if x.fixed), default=0.0)
    if need > hours + EPS:
        return need, f"at the {need:g} h/week its fixed-date courses need"
    return hours, f"at {hours:g} h/week"


def judge_months(facts: Facts, months: float, hours: float | None) -> LimitCheck:
    """Months to finish (one course at a time) against the deadline."""
    shape = facts.shape
    if shape is None:
        return LimitCheck("months", "may-fit", "length not stated", "the length", None)
    at, pace_words = pace(facts, hours)
    lo, hi = months_at(shape, at)
    estimated = ""
    if partial_estimate(shape):
        estimated = f" (estimated from the {shape.counted} of its {shape.total} courses listed)"
    if lo > months + EPS:
        text = f"takes at least ~{_months_text(lo)} {pace_words}{estimated} (> your {months:g})"
        if at is not None and (fix := hours_for(shape, months)) is not None and fix > at:
            text += f"; fits at {fix:g} h/week"
        return LimitCheck("months", "no-fit", text, None, lo)
    if hi is None:
        text = f"at least ~{_months_text(lo)} {pace_words}, but its full length is not stated"
        return LimitCheck("months", "may-fit", text, "the length", None)
    if hi > months + EPS and estimated:
        text = f"~{lo:.0f}-{hi:.0f} months {pace_words}{estimated}"
        return LimitCheck("months", "may-fit", text, "the length", None)
    if hi > months + EPS and not shape.complete:  # only the program's stated range bounds it
        text = f"~{lo:.0f}-{hi:.0f} months {pace_words} (its stated length)"
        return LimitCheck("months", "may-fit", text, "the length", hi)
    if hi > months + EPS:  # the least time is within the deadline: the rest is the person's pace
        text = (
            f"takes ~{lo:.0f}-{hi:.0f} months {pace_words}: within your {months:g} with the lighter"
            " courses at the low end of their stated hours"
        )
        return LimitCheck("months", "fits", text, None, None)
    span = f"~{_months_text(hi)}" if hi - lo < 0.5 else f"~{lo:.0f}-{hi:.0f} months"
    return LimitCheck("months", "fits", f"takes {span} {pace_words}{estimated}", None, hi)


def judge(facts: Facts, profile: Profile, reference: Reference) -> Feasibility:
    """Fits, may fit or does not fit every limit the person gave, with one reason per limit."""
    checks: list[LimitCheck] = []
    if profile.budget_usd is not None:
        checks.append(judge_budget(facts, profile.budget_usd, reference))
    if profile.hours_per_week is not None:
        checks.append(judge_hours(facts, profile.hours_per_week))
    if profile.months is not None:
        checks.append(judge_months(facts, profile.months, profile.hours_per_week))
    statuses = {c.status for c in checks}
    fit: Status = "no-fit" if "no-fit" in statuses else "may-fit" if "may-fit" in statuses else "fits"
    return Feasibility(fit, tuple(checks))


# --- what would make it fit -----------------------------------------------------------------


class Change(NamedTuple):
    """Limits changed, each (limit, from, to), after which the program fits on stated facts."""

    steps: tuple[tuple[Limit, float, float], ...]

    @property
    def small(self) -> bool:
        """One change, within what docs/scoring.md calls small."""
        if len(self.steps) != 1:
            return False
        limit, old, new = self.steps[0]
        if limit == "hours":
            return new - old <= SMALL_HOURS + EPS
        if limit == "months":
            return new - old <= SMALL_MONTHS + EPS
        return new <= old * (1 + SMALL_BUDGET) + EPS

    @property
    def size(self) -> float:
        """How big the change is, as the sum of each limit's relative increase."""
        return sum((new - old) / old if old else new for _, old, new in self.steps)


def with_limit(profile: Profile, limit: Limit, value: float) -> Profile:
    """The profile with one limit set to `value`."""
    if limit == "budget":
        return replace(profile, budget_usd=value)
    if limit == "hours":
        return replace(profile, hours_per_week=value)
    return replace(profile, months=value)


def _needed(check: LimitCheck, facts: Facts, profile: Profile) -> float | None:
    """The value of a failing limit at which it stops failing, the other limits as they are."""
    if check.limit == "hours" and facts.shape is not None and profile.months is not None:
        at = hours_for(facts.shape, profile.months)
        if at is None:
            return check.needed
        return max(at, check.needed or 0.0, profile.hours_per_week or 0.0)
    return check.needed


def _old(profile: Profile, limit: Limit) -> float | None:
    return {"budget": profile.budget_usd, "hours": profile.hours_per_week, "months": profile.months}[limit]


def change_to_fit(facts: Facts, profile: Profile, reference: Reference) -> Change | None:
    """The smallest change to the person's limits after which no limit fails or is straddled on
    stated facts (one that may fit for want of a fact stays "may fit"): one limit where one
    suffices, else every failing limit together; None when no change would (a fact no limit can
    reach, such as an unstated price over a kind's reference price)."""
    failing = [c for c in judge(facts, profile, reference).checks if blocking(c)]
    if not failing:
        return Change(())
    singles: list[Change] = []
    for check in failing:
        value, old = _needed(check, facts, profile), _old(profile, check.limit)
        if value is None or old is None or value <= old:
            continue
        value = _round_up(check.limit, value)
        if _passes(judge(facts, with_limit(profile, check.limit, value), reference)):
            singles.append(Change(((check.limit, old, value),)))
    if singles:
        return min(singles, key=lambda c: c.size)
    return _combined(facts, profile, reference)


def blocking(check: LimitCheck) -> bool:
    """A limit a change must move: it does not fit, or its stated range straddles it (a range
    that straddles a limit is not a sure fit: the change names its far end)."""
    return check.status == "no-fit" or (check.status == "may-fit" and check.needed is not None)


def _passes(feas: Feasibility) -> bool:
    return not any(blocking(c) for c in feas.checks)


def _combined(facts: Facts, profile: Profile, reference: Reference) -> Change | None:
    """Every failing limit moved to where it stops failing, months first (the hours needed
    depend on the deadline)."""
    changed = profile
    steps: list[tuple[Limit, float, float]] = []
    for limit in ("months", "budget", "hours"):
        now = next((c for c in judge(facts, changed, reference).checks if c.limit == limit), None)
        if now is None or not blocking(now):
            continue
        value, old = _needed(now, facts, changed), _old(changed, limit)
        if value is None or old is None:
            return None
        value = _round_up(limit, max(value, old))
        steps.append((limit, old, value))
        changed = with_limit(changed, limit, value)
    if not steps or not _passes(judge(facts, changed, reference)):
        return None
    return Change(tuple(steps))


def _round_up(limit: Limit, value: float) -> float:
    """Limits as a person would say them: half hours, whole months, whole dollars."""
    import math

    if limit == "hours":
        return math.ceil(value * 2 - EPS) / 2
    return float(math.ceil(value - EPS))
