"""The record every reader returns, and the plain-text helpers the readers share."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Reading(Generic[T]):
    """What mmeval understood from one answer.

    `value` None means: not understood (see `problems`), not stated (`unknown`), or, where the
    answer allows it, "no limit" / "no deadline" (said in `understood`, with no problems).
    """

    value: T | None
    understood: str = ""  # what was understood, to echo: "$2,000", "18 months", "statistics"
    unknown: bool = False  # the person said they do not know: "not stated", not "none"
    problems: tuple[str, ...] = ()  # parts not understood, with did-you-mean where close words exist
    fields: tuple[str, ...] = ()  # a goal's fields: "move into data science" -> ("data-science",)


def not_stated() -> Reading[T]:
    """The answer for a blank or "not sure": not stated."""
    return Reading(None, "not stated", unknown=True)


def problem(message: str) -> Reading[T]:
    """An answer not understood at all."""
    return Reading(None, problems=(message,))


# Said when a person does not know; an answer meaning "not stated" (math not given is not "none").
UNKNOWN_WORDS = (
    "not sure",
    "unsure",
    "dont know",
    "do not know",
    "dunno",
    "no idea",
    "idk",
    "no clue",
    "not decided",
    "undecided",
    "cant say",
    "hard to say",
    "unknown",
)
_NOT_PLAIN = re.compile(r"[^a-z0-9]+")


def plain(text: str) -> str:
    """Lower case ASCII words and digits, single spaces: "Don't know!" -> "dont know"."""
    return " ".join(_NOT_PLAIN.sub(" ", text.lower().replace("'", "").replace("\u2019", "")).split())


def says(text: str, phrases: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether the plain text holds one of the phrases as whole words."""
    padded = f" {text} "
    return any(f" {p} " in padded for p in phrases)


def unsure(raw: str) -> bool:
    """Whether the person said they do not know: "not sure", "don't know", "?"."""
    stripped = raw.strip()
    return (bool(stripped) and set(stripped) <= set("? ")) or says(plain(raw), UNKNOWN_WORDS)


def suggest(text: str, table: Mapping[str, str], *, limit: int = 3) -> list[str]:
    """Values in table whose keys look like text (typos), closest first."""
    if not text or len(text) > 60:  # long text is no typo of a word; and matching it is slow
        return []
    scored: dict[str, float] = {}
    matcher = SequenceMatcher(None, "", text)  # text is the second sequence: compared once, cached
    for key, value in table.items():
        matcher.set_seq1(key)
        swapped = len(key) == len(text) and sorted(key) == sorted(text)  # letters swapped: "mab"
        if swapped or (matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75):
            score = matcher.ratio()
            if score >= 0.75 or swapped:
                scored[value] = max(score, scored.get(value, 0.0))
    if not scored:
        return []
    best = max(scored.values())
    close = sorted((v for v, s in scored.items() if s >= best - 0.12), key=lambda v: -scored[v])
    return close[:limit]


def did_you_mean(shown: str, hints: list[str], otherwise: str) -> str:
    """A problem naming what was typed: "lineer algebra: did you mean linear-algebra?"."""
    if hints:
        return f"{shown}: did you mean {' or '.join(hints)}?"
    return f"{shown}: {otherwise}"


def hints_in(problem: str) -> list[str]:
    """The suggestions a did-you-mean problem makes: "probabilty: did you mean probability?"."""
    _, mark, hints = problem.rpartition(": did you mean ")
    return hints.removesuffix("?").split(" or ") if mark and hints.endswith("?") else []


def number_text(value: float) -> str:
    """A number as people write it: 2000 -> "2,000", 1.5 -> "1.5", 1.3846 -> "1.38"."""
    if value != value or abs(value) == float("inf"):
        return str(value)
    if abs(value) >= 1e15:
        return f"{value:.3g}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


class Bounds(NamedTuple):
    low: float
    high: float
    low_open: bool = False  # more than low (not "at least")
    high_open: bool = False


@functools.cache
def bounds(key: str) -> Bounds:
    """The bounds a profile puts on an answer (one set for every input route, docs/program-format.md):
    read from the `records.Bounds` marker on the Profile's field, so no limit is written twice."""
    from typing import get_args, get_type_hints

    from mmeval.results.records import Bounds as Marker
    from mmeval.results.records import Profile

    low, high = float("-inf"), float("inf")
    todo: list[object] = [get_type_hints(Profile, include_extras=True)[key]]
    while todo:
        hint = todo.pop()
        todo += get_args(hint)
        for m in getattr(hint, "__metadata__", ()):
            if isinstance(m, Marker):
                low, high = float(m.ge), float(m.le)
    return Bounds(low, high)


def too_low(key: str) -> str:
    """What a value below the bounds must be: "must be 0 or more", "must be at least 0.5"."""
    b = bounds(key)
    if b.low_open:
        return f"must be more than {number_text(b.low)}"
    return "must be 0 or more" if b.low == 0 else f"must be at least {number_text(b.low)}"


def out_of_bounds(value: float, key: str) -> str | None:
    """Which bound value crosses, said plainly; None when within them ("1e999" typed is too large)."""
    b = bounds(key)
    if value != value:
        return "must be a finite number"
    if value < b.low or (b.low_open and value == b.low):
        return too_low(key)
    if value > b.high or (b.high_open and value == b.high):
        return f"must be {'less than' if b.high_open else 'at most'} {number_text(b.high)}"
    return None
