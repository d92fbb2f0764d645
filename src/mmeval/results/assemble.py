"""Assemble result files: metadata, profile, ranking and extras, ready to print or export."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal

from mmeval import __version__
from mmeval.results.records import Comparison, Meta, Profile, Ranking, ResultFile, Robustness


def result_file(
    command: Literal["recommend", "compare"],
    profile: Profile,
    ranking: Ranking,
    catalog_digest: str,
    *,
    comparison: Comparison | None = None,
    robustness: Robustness | None = None,
) -> ResultFile:
    """A ResultFile without a timestamp, so printed output stays byte-stable (see `stamped`)."""
    meta = Meta(
        version=__version__,
        command=command,
        method=ranking.method,
        normalization=ranking.normalization,
        catalog_digest=catalog_digest,
    )
    return ResultFile(
        meta=meta, profile=profile, ranking=ranking, comparison=comparison, robustness=robustness
    )


def stamped(result: ResultFile, now: dt.datetime) -> ResultFile:
    """The result with its export timestamp (UTC, seconds) set."""
    meta = replace(result.meta, timestamp=now.astimezone(dt.UTC).isoformat(timespec="seconds"))
    return replace(result, meta=meta)
