"""FEASIBILITY: does a program fit the person's months, hours a week and budget?

Each program fits, may fit (a limit's fact is unknown: say which) or does not fit (say by how
much and what would make it fit). docs/scoring.md, "Feasibility".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from mmeval.effort import Need, hours_to_fit
from mmeval.money import cost_span
from mmeval.records import Fit, Profile

if TYPE_CHECKING:
    from mmeval.domain import CostFigure


class Feasibility(NamedTuple):
    fit: Fit
    notes: tuple[str, ...]


def _months(m: float) -> str:
    return f"{m:.0f} month" + ("" if round(m) == 1 else "s")


def judge(need: Need | None, cost: CostFigure | None, profile: Profile) -> Feasibility:
    """Fits, may fit or does not fit, with the reasons in plain words, from the time a program
    needs at the person's hours (effort.need_at) and its own cost."""
    no: list[str] = []
    maybe: list[str] = []
    hours = profile.hours_per_week
    if need is not None:
        for item, load in need.too_heavy:
            no.append(
                f"{item} runs on a fixed schedule at {load:g}+ h/week (you have {hours:g}):"
                f" fits at {load:g} h/week"
            )
    if profile.months is not None:
        target = profile.months
        if need is None:
            maybe.append("length unknown")
        elif need.months > target + 1e-9:
            fix = hours_to_fit(need, target)
            how = (
                f"fits at {fix:.0f} h/week or in {need.months:.0f} months"
                if fix
                else (
                    f"its fixed-length courses alone take {_months(need.fixed_weeks / 4.33)}; fits in"
                    f" {need.months:.0f} months"
                )
            )
            no.append(f"needs ~{_months(need.months)} at {hours:g} h/week (> {target:g}); {how}")
        elif need.months_max > target + 1e-9:
            maybe.append(
                f"~{need.months:.0f}-{need.months_max:.0f} months depending on the courses you choose"
            )
    budget = profile.budget_usd
    if budget is not None:
        if cost is None:
            maybe.append("price unknown")
        elif cost.currency != "USD":
            maybe.append(
                f"price stated in {cost.currency} ({cost_span(cost)}), not compared with a USD budget"
            )
        elif cost.low > budget + 1e-9:
            no.append(
                f"costs ${cost.low:,.0f} ({cost.as_of or 'date not stated'}), ${cost.low - budget:,.0f} over"
                f" your ${budget:,.0f} budget"
            )
        elif cost.high > budget + 1e-9:
            maybe.append(f"costs {cost_span(cost)} depending on the courses you choose")
    if no:
        return Feasibility("no-fit", tuple(no + maybe))
    if maybe:
        return Feasibility("may-fit", tuple(maybe))
    return Feasibility("fits", ())
