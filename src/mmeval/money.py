"""Amounts as text: in their stated currency, with the year they were stated."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mmeval.models import CostFigure

SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€"}


def amount(value: float, currency: str = "USD") -> str:
    """12,345 in its currency: "$12,345", "£1,200", "CHF 900"."""
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{value:,.0f}" if symbol else f"{currency} {value:,.0f}"


def dated(value: float, as_of: str | None, currency: str = "USD") -> str:
    """An amount with its as-of date: "$1,350 (as of 2015)"."""
    return amount(value, currency) + (f" (as of {as_of})" if as_of else " (date not stated)")


def cost_span(fig: CostFigure) -> str:
    """The cost figure alone: "$1,350" or "$600-$900"."""
    if fig.low == fig.high:
        return amount(fig.low, fig.currency)
    return f"{amount(fig.low, fig.currency)}-{amount(fig.high, fig.currency)}"


def cost_text(fig: CostFigure | None) -> str:
    """The cost with its year and, when mmeval added it up, the word "computed"."""
    if fig is None:
        return "unknown"
    when = f"as of {fig.as_of}" if fig.as_of else "date not stated"
    how = "computed, " if fig.computed else ""
    return f"{cost_span(fig)} ({how}{when})"
