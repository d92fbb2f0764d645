"""How old a program's facts are, for `show` and `compare`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mmeval.program.schema import Program

STALE_YEARS = 3


def facts_age(program: Program, today: dt.date) -> str:
    """A short phrase: prices' as-of date and the newest source's year."""
    parts = []
    from mmeval.decision.bounds import cost_bounds

    total = cost_bounds(program)
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
    avail = program.availability
    if avail is not None and avail.status == "retired":
        out.append("Retired: " + (avail.note or "a source says this program was retired."))
    elif avail is not None and avail.status == "unconfirmed":
        last = f" (last listed {avail.as_of})" if avail.as_of else ""
        out.append(
            f"Availability unconfirmed{last}: no dated page of the institution or platform shows it open."
        )
        if avail.doubt:
            out.append(f"It may have closed: {avail.doubt}")
    elif avail is None:
        out.append("Availability not stated: check that it still runs.")
    newest = program.newest_source_year
    if newest is not None and today.year - newest > STALE_YEARS:
        out.append(
            f"Facts may be out of date: the newest dated source is from {newest} "
            f"({today.year - newest} years ago). Check the provider's page before deciding."
        )
    elif newest is None:
        out.append("No source carries a date: check the provider's page before deciding.")
    return out
