"""Amounts as text: in their stated currency, with the year they were stated."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from mmeval.decision.bounds import CostBounds

SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}


def amount(value: float, currency: str = "USD") -> str:
    """12,345 in its currency: "$12,345", "£1,200", "CHF 900"."""
    symbol = SYMBOLS.get(currency)
    if -0.5 < value < 0.5:
        value = 0.0  # never "$-0" (a -0.0 from an older cache, or a rounding remainder)
    return f"{symbol}{value:,.0f}" if symbol else f"{currency} {value:,.0f}"


def dated(value: float, as_of: str | None, currency: str = "USD") -> str:
    """An amount with its as-of date: "$1,350 (as of 2015)"."""
    return amount(value, currency) + (f" (as of {as_of})" if as_of else " (date not stated)")


def bounds_span(cost: CostBounds | None, *, in_usd: bool = False) -> str:
    """The cost alone, in its currency: "$1,350", "$600-$900", "$1,393+", "unknown"; with
    `in_usd`, another currency also in US dollars at the reference rate: "€650-€750 (≈ $771-$890)"."""
    if cost is None:
        return "unknown"
    if cost.high is None:
        shown = f"{amount(cost.low, cost.currency)}+"
    elif cost.high == cost.low:
        shown = amount(cost.low, cost.currency)
    else:
        shown = f"{amount(cost.low, cost.currency)}-{amount(cost.high, cost.currency)}"
    if in_usd and cost.currency != "USD" and (low := to_usd(cost.low, cost.currency)) is not None:
        high = None if cost.high is None else to_usd(cost.high, cost.currency)
        usd = amount(low[0])
        if high is None:
            usd += "+"
        elif cost.high != cost.low:
            usd += f"-{amount(high[0])}"
        shown += f" (≈ {usd})"
    return shown


class Rates(NamedTuple):
    """Reference exchange rates shipped with mmeval: US dollars per unit of each currency."""

    as_of: str
    source: str
    usd_per_unit: dict[str, float]


@functools.cache
def rates() -> Rates:
    """The dated, sourced table in data/exchange-rates.toml (docs/program-format.md, "[cost]")."""
    import tomllib
    from importlib import resources

    data = tomllib.loads((resources.files("mmeval") / "data" / "exchange-rates.toml").read_text("utf-8"))
    table = {str(k): float(v) for k, v in data["usd_per_unit"].items()}
    return Rates(str(data["as_of"]), str(data["source"]), {**table, "USD": 1.0})


def to_usd(value: float, currency: str) -> tuple[float, str | None] | None:
    """The amount in US dollars and the rate's date (None for USD); None without a rate."""
    if currency == "USD":
        return value, None
    table = rates()
    rate = table.usd_per_unit.get(currency)
    return None if rate is None else (value * rate, table.as_of)


def bounds_text(cost: CostBounds | None) -> str:
    """A cost interval with its year and how it was found: "$1,393 or more (as of 2020; 7 courses
    x $199, exam fee not stated)"."""
    if cost is None:
        return "not stated"
    if cost.high is None:
        shown = f"{amount(cost.low, cost.currency)} or more"
    elif cost.high == cost.low:
        shown = amount(cost.low, cost.currency)
    else:
        shown = f"{amount(cost.low, cost.currency)}-{amount(cost.high, cost.currency)}"
    if cost.currency != "USD" and (usd := to_usd(cost.low, cost.currency)) is not None:
        shown += f" (≈ {amount(usd[0])}{'+' if cost.high != cost.low else ''} at the {usd[1]} rate)"
    when = f"as of {cost.as_of}" if cost.as_of else "date not stated"
    how = "" if cost.basis == "stated total" else f"; {cost.basis}"
    return f"{shown} ({when}{how})"
