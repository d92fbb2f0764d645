"""ADVICE: where each ranked program stands for the verdict — fits now, fits after checking one
unknown, fits after one small change, or further away — and what would close the gap
(docs/scoring.md, "5. The verdict")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from mmeval.decision.criteria import DEGREE_GOALS
from mmeval.decision.feasibility import SMALL_BUDGET, Change, change_to_fit, judge, with_limit
from mmeval.decision.relevance import tier
from mmeval.money import to_usd
from mmeval.vocabulary import MATH_TOPICS, Goal, math_known

if TYPE_CHECKING:
    from mmeval.decision.facts import Facts
    from mmeval.decision.rank import Context
    from mmeval.results.records import Profile, ProgramResult

Standing = Literal["go", "check", "small", "far"]
SMALL_MATH = 2  # at most this many math topics to review counts as one small step
# What a person would check, by the fact a "may fit" rests on.
CHECKS = {
    "the price": "the price",
    "the full price": "the price",
    "the price you would pay": "the price",
    "the price in US dollars": "the price",
    "the weekly load": "the weekly load",
    "the pacing": "whether its courses run on fixed dates",
    "the length": "the length",
    "which courses you take": "the length",
}
FEES = ("the exam fee", "the capstone fee")
TIME_CHECKS = frozenset({"the weekly load", "whether its courses run on fixed dates", "the length"})


def one_check(checks: tuple[str, ...]) -> bool:
    """Whether what is left to check is one thing: one fact, or how long the program takes (its
    weekly load, pacing and length together)."""
    return len(checks) == 1 or (bool(checks) and set(checks) <= TIME_CHECKS)


class Option(NamedTuple):
    row: ProgramResult
    facts: Facts
    tier: int  # 0: about the person's field; 1: covers it next to its own subject
    gap: tuple[str, ...]  # stated math the person lacks (not taught by the program's first course)
    change: Change | None  # limits to move so it fits on stated facts; None: no move would
    checks: tuple[str, ...]  # facts to check (a "may fit")
    standing: Standing

    @property
    def id(self) -> str:
        return self.row.id


def math_gap(facts: Facts, profile: Profile) -> tuple[str, ...]:
    """Stated math the person lacks, in vocabulary order, leaving out what the program's own first
    course teaches; empty when the person stated no math or the program states none."""
    if facts.math is None or profile.math is None:
        return ()
    taught = {t.topic for t in facts.teaches if t.first}
    have = math_known(profile.math)
    return tuple(t for t in MATH_TOPICS if t in facts.math and t not in have and t not in taught)


def teaching_course(topic: str, facts: Facts, profile: Profile, catalog: dict[str, Facts]) -> str | None:
    """A course a source says teaches `topic` and whose own math the person has: the program's
    own first, then its others, then any in the catalog (by program ID)."""
    have = math_known(profile.math)

    def usable(f: Facts) -> list[str]:
        return [t.course for t in f.teaches if t.topic == topic and set(t.needs) <= have]

    own = [t.course for t in facts.teaches if t.topic == topic and t.first and set(t.needs) <= have]
    own += usable(facts)
    if own:
        return f"{own[0]} in {facts.id}"
    for pid in sorted(catalog):
        found = usable(catalog[pid])
        if found:
            return f"{found[0]} ({pid})"
    return None


def _checks(facts: Facts, profile: Profile, context: Context) -> tuple[str, ...]:
    """The facts to check (of the limits that may fit), one per kind of fact."""
    feas = judge(facts, profile, context.reference)
    fee = facts.cost.missing if facts.cost is not None and facts.cost.missing in FEES else None
    named = [(fee or "the price") if c == "the full price" else CHECKS.get(c, c) for c in feas.unknowns]
    return tuple(dict.fromkeys(named))


def option(row: ProgramResult, profile: Profile, context: Context) -> Option:
    """Where one ranked program stands for this person."""
    facts = context.facts[row.id]
    place = tier(facts.subjects, profile.fields)
    gap = math_gap(facts, profile)
    change = change_to_fit(facts, profile, context.reference)
    after = profile if change is None else _moved(profile, change)
    checks = _checks(facts, after, context)
    standing: Standing
    if profile.goal in DEGREE_GOALS and not credit_route(facts, profile.goal):
        standing = "far"  # a degree goal with no stated credit here has no route
    elif row.fit == "fits" and not gap:
        standing = "go"
    elif (
        row.fit == "may-fit"
        and not gap
        and one_check(checks)
        and checkable(facts, profile)
        and change == Change(())
    ):
        standing = "check"
    elif (
        change is not None
        and (not checks or one_check(checks))
        and _can_check(facts, after, checks)
        and ((not gap and change.small) or (not change.steps and 0 < len(gap) <= SMALL_MATH))
    ):
        standing = "small"
    else:
        standing = "far"
    return Option(row, facts, 0 if place is None else place, gap, change, checks, standing)


def _moved(profile: Profile, change: Change) -> Profile:
    for limit, _, new in change.steps:
        profile = with_limit(profile, limit, new)
    return profile


def soft_check(o: Option) -> bool:
    """A "go, after checking" whose only unknown is an exam or capstone fee the stated prices leave
    room for (checkable): the stated facts already fit."""
    cost = o.facts.cost
    return cost is not None and cost.missing in FEES and o.checks == (cost.missing,)


def _can_check(facts: Facts, profile: Profile, checks: tuple[str, ...]) -> bool:
    """After a small change, a fact left to check is fine unless it is a price the budget may
    not cover: an unstated price, or courses left unpriced that at the listed courses' own
    prices would pass the budget."""
    if "the price" not in checks or profile.budget_usd is None:
        return True
    cost = facts.cost
    if cost is None:
        return False
    if cost.missing != "some course prices":
        return checkable(facts, profile)
    usd = to_usd(cost.estimate, cost.currency) if cost.estimate is not None else None
    return usd is not None and usd[0] <= profile.budget_usd + 1e-9


def checkable(facts: Facts, profile: Profile) -> bool:
    """Whether a "may fit" can be a go after checking: not when the person set a budget and the
    price is not stated, in full or for some courses (an unstated price is not within a
    budget); an exam or capstone fee missing from a stated price can be checked when the stated
    part leaves at least a quarter of the budget for it."""
    if profile.budget_usd is None:
        return True
    cost = facts.cost
    if cost is None or cost.missing not in ("", "the exam fee", "the capstone fee"):
        return False
    if cost.missing:
        usd = to_usd(cost.low, cost.currency)
        return usd is not None and usd[0] <= profile.budget_usd * (1 - SMALL_BUDGET) + 1e-9
    return True


def credit_route(facts: Facts, goal: Goal) -> bool:
    """Whether a source states credit toward a degree (an admission route alone is not credit);
    for an MBA path, credit into an MBA or a business master's."""
    if goal == "mba-path":
        return facts.business_route
    return bool(set(facts.pathway_kinds or ()) & {"master", "mba", "other"})
