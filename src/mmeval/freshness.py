"""How old a program's facts are, for `show` and `compare`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mmeval.models import Program

STALE_YEARS = 3


def facts_age(program: Program, today: dt.date) -> str:
    """A short phrase: prices' as-of date and the newest source's year."""
    parts = []
    total = program.total_cost
    if total is not None:
        parts.append(f"prices as of {total.as_of}" if total.as_of else "price date not stated")
    oldest, newest = program.fact_years
    if newest is None:
        parts.append("no dated source")
    else:
        parts.append(f"dated facts from {oldest}" + (f" to {newest}" if newest != oldest else ""))
    return "; ".join(parts)


def freshness_warnings(program: Program, today: dt.date) -> list[str]:
    """Visible notes when facts are stale (newest source > 3 years old) or the program retired."""
    out = []
    if program.status == "retired":
        out.append("Retired: " + (program.status_note or "a source says this program was retired."))
    newest = program.newest_source_year
    if newest is not None and today.year - newest > STALE_YEARS:
        out.append(
            f"Facts may be out of date: the newest dated source is from {newest} "
            f"({today.year - newest} years ago). Check the provider's page before deciding."
        )
    elif newest is None:
        out.append("No source carries a date: check the provider's page before deciding.")
    return out
