"""CHOICE: which program the verdict names when several qualify — the order the pools are
weighed in, merit that cannot be told apart, ties, a stated-fact rival to a bet on an unknown,
and how near a program is to fitting (docs/scoring.md, "5. The verdict")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from mmeval.decision.criteria import DEGREE_GOALS
from mmeval.decision.doubts import trust
from mmeval.decision.robustness import CLOSE_CALL
from mmeval.decision.unknowns import INSEPARABLE_SHARE

if TYPE_CHECKING:
    from mmeval.decision.advice import Option
    from mmeval.decision.rank import Context
    from mmeval.results.records import Profile


def similar(first: Option, second: Option, context: Context) -> bool:
    """Whether two programs' merit cannot be told apart on known facts: their totals are within
    2 points, or their order flips in at least a quarter of the draws of the unknowns."""
    if abs(first.row.total - second.row.total) < CLOSE_CALL:
        return True
    return context.flips(first.id, second.id) >= INSEPARABLE_SHARE


def tied_with(pick: Option, pool: Sequence[Option], context: Context, today: dt.date) -> Option | None:
    """A program too close to the pick to call on known facts (their order flips in at least a
    quarter of the draws of the unknowns), named beside it only if it carries no more doubts."""
    for other in pool:
        if (
            other.id != pick.id
            and context.flips(pick.id, other.id) >= INSEPARABLE_SHARE
            and trust(other, today)[0] <= trust(pick, today)[0]
        ):
            return other
    return None


def stated_rival(pick: Option, small: Sequence[Option], context: Context, today: dt.date) -> Option | None:
    """A program one small change away, on stated facts, that an advisor would name before a "go,
    after checking" pick: of higher or similar merit, or one whose merit the pick's lead rests
    on unknowns to beat (the pick's total with its unknowns at worst is below the rival's) while
    the rival carries fewer doubts. Then the advice is to make the change, not to bet on the
    unknown. A pick whose only unknown is a fee its stated prices leave room for is not a bet."""
    from mmeval.decision.advice import soft_check

    if soft_check(pick):
        return None
    for o in small:
        if o.checks and not soft_check(o):
            continue
        if o.row.total > pick.row.total or similar(pick, o, context):
            return o
        worst = pick.row.total_low if pick.row.total_low is not None else pick.row.total
        if worst < o.row.total and trust(o, today)[0] < trust(pick, today)[0]:
            return o
    return None


def choose(go: list[Option], check: list[Option], context: Context, today: dt.date) -> Option:
    """The pick among programs that fit (or fit after checking one fact): the highest ranked, or
    among those whose merit cannot be told apart from it, the one whose facts carry the fewest
    doubts (decision/doubts.py: old facts, availability, third-party sources, facts to check); on
    equal doubts one that fits on stated facts before one to check, then rank. So a "go, after
    checking" never wins over a stated-fact program of similar merit that is as well sourced."""
    ready = sorted([*go, *check], key=lambda o: o.row.rank)[:10]
    top = ready[0]
    near = [o for o in ready if o is top or similar(top, o, context)]
    return min(near, key=lambda o: (trust(o, today)[0], o.standing == "check", o.row.rank))


def nearness(o: Option, profile: Profile) -> tuple[object, ...]:
    """How near a program is to fitting the person. For a degree goal, stated credit toward a
    degree in the field comes first (a program with credit, about the field). Then: one that a
    change of limits would make fit; fewer facts no change can settle (a price, load or length not
    stated at all) before a fee to check; fewer facts left to check; no math to review; a program
    about the field before one covering it next to its own; the size of the change; rank."""
    from mmeval.decision.advice import FEES, credit_route

    size = o.change.size if o.change else 0.0
    unsettled = sum(c not in FEES for c in o.checks)
    rest = (o.change is None, unsettled, len(o.checks), bool(o.gap), o.tier, size, o.row.rank)
    if profile.goal in DEGREE_GOALS:
        return (not credit_route(o.facts, profile.goal), o.tier, *rest)
    return rest


def pools(options: list[Option], profile: Profile) -> list[list[Option]]:
    """The programs in the order the verdict weighs them. Upskilling deepens the field one works
    in: programs about it (even one small change away) come before programs that cover it next
    to their own subject. For other goals, a program that fits now comes first, whichever."""
    about = [o for o in options if o.tier == 0]
    beside = [o for o in options if o.tier == 1]
    if profile.goal == "upskill":
        return [about, beside]
    ready = [o for o in options if o.standing in ("go", "check")]
    return [[o for o in ready if o.tier == 0], [o for o in ready if o.tier == 1], about, beside]
