"""DOUBTS: what to know about a program's facts before acting on them — old facts, availability
unconfirmed, a source suggesting it closed, third-party prices or lengths, facts left to check —
and how the verdict weighs them between programs of similar merit (docs/scoring.md, "5. The
verdict")."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mmeval.decision.advice import Option
    from mmeval.decision.facts import Facts

STALE_YEARS = 3


def pick_notes(facts: Facts, today: dt.date) -> tuple[str, ...]:
    """What to know about a pick's facts: old, availability unconfirmed, third-party sources."""
    out = []
    year = facts.price_year or facts.newest_year
    if year is not None and today.year - year > STALE_YEARS:
        out.append(f"its deciding facts date from {year}")
    if facts.availability in (None, "unconfirmed", "doubtful"):
        if facts.availability is None:
            out.append("its availability is not stated")
        else:
            last = f" (last listed {facts.available_as_of})" if facts.available_as_of else ""
            out.append(f"its availability is unconfirmed{last}")
    if facts.doubt:
        out.append(f"it may have closed: {facts.doubt}")
    if facts.third_party:
        what = " and ".join(facts.third_party)
        verb = (
            "comes from a third-party page" if len(facts.third_party) == 1 else "come from third-party pages"
        )
        out.append(f"its {what} {verb}")
    return tuple(out)


def trust(o: Option, today: dt.date) -> tuple[int, int]:
    """How many doubts a pick carries (old facts, availability unconfirmed, third-party sources,
    and each fact left to check: a blank is a doubt, so a sparse file never looks safer), then
    how old its price is: between programs whose merit cannot be told apart, the one with fewer
    doubts and newer facts comes first."""
    year = o.facts.price_year or o.facts.newest_year or 0
    closing = 1 if o.facts.doubt else 0  # a source suggesting it closed weighs double
    return len(pick_notes(o.facts, today)) + len(o.checks) + closing, -year


def short_doubt(facts: Facts, today: dt.date) -> str:
    """The main doubt about a program in a few words: availability first, then old facts."""
    if facts.availability is None:
        return "availability not stated"
    if facts.doubt:
        return "may have closed"
    if facts.availability == "unconfirmed":
        last = f", last listed {facts.available_as_of[:4]}" if facts.available_as_of else ""
        return f"availability unconfirmed{last}"
    year = facts.price_year or facts.newest_year
    if year is not None and today.year - year > STALE_YEARS:
        return f"facts from {year}"
    return ""
