"""FACTS: what deciding reads from one program, as plain numbers and words.

Ranking 10,000 programs needs a few numbers per program, not 10,000 program objects with
evidence for every criterion. `program_facts` takes them from a validated program once (the
catalog cache keeps them as JSON, `from_data` checks every value it reads back); the rows a
person sees are scored again with their evidence (evidence.py) by the same point functions.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from mmeval.decision.bounds import CostBounds, Load, TimeShape, cost_bounds, load_stated, loads, time_shape
from mmeval.decision.criteria import (
    CREDIT_KINDS,
    Stated,
    accreditation_points,
    credit_points,
    employer_points,
    outcomes_points,
    program_level,
    required_math,
)

if TYPE_CHECKING:
    from mmeval.models import Program

# Criteria whose points do not depend on the person.
FIXED = ("accreditation", "employer", "outcomes", "level")


class Teaching(NamedTuple):
    """A course a source says teaches a math topic, and the math it needs itself."""

    topic: str
    course: str  # "TITLE (CODE)"
    first: bool  # the program's foundation course, or its first listed
    needs: tuple[str, ...]  # the course's own stated math


class Facts(NamedTuple):
    """One program as deciding sees it. Stored in the cache as a JSON list, in this order."""

    id: str
    name: str
    university: str
    credential: str
    availability: str | None  # offered, unconfirmed, retired; None: not stated
    available_as_of: str | None
    subjects: tuple[str, ...]  # primary first
    level: str | None  # the program's stated level
    cost: CostBounds | None
    shape: TimeShape | None
    loads: tuple[Load, ...]
    load_stated: bool
    math: tuple[str, ...] | None  # required topics (sorted); None: never stated
    teaches: tuple[Teaching, ...]
    fixed: tuple[Stated, ...]  # FIXED criteria, in that order
    credit: tuple[Stated, ...]  # CREDIT_KINDS, in that order
    pathway_kinds: tuple[str, ...] | None  # stated pathways' kinds; () none; None unknown
    free_audit: bool
    price_year: int | None
    newest_year: int | None
    own_sources: bool  # price and time rest on the institution's or platform's own pages


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text else None


def _own_sources(program: Program) -> bool:
    """Whether the price and the time facts come from the institution's or platform's pages."""
    from mmeval.source_kinds import OWN_KINDS, source_kind

    urls: list[str] = []
    if program.cost is not None and program.cost.source:
        urls.append(program.cost.source)
    urls += [c.price_source for c in program.courses if c.price_source]
    t = program.time
    if t is not None:
        urls += [u for u in (t.months_source, t.hours_source, t.pacing_source, t.source) if u]
    if not urls:
        urls = [s.url for s in program.sources]
    return all(source_kind(u) in OWN_KINDS for u in urls)


def _teaches(program: Program) -> tuple[Teaching, ...]:
    taught = [c for c in program.courses if not c.final]
    first = next((c for c in taught if c.foundational), taught[0] if taught else None)
    out = []
    for c in program.courses:
        for topic in c.teaches:
            code = f" ({c.code})" if c.code and c.title else ""
            out.append(Teaching(topic, f"{c.label}{code}", c is first, tuple(c.math)))
    return tuple(out)


def program_facts(program: Program) -> Facts:
    """The facts of a validated program, with the point functions the evidence scorers use."""
    req = required_math(program)
    avail = program.availability
    cost = cost_bounds(program)
    dates = [s.as_of for s in program.sources if s.as_of]
    level = program_level(program)
    return Facts(
        id=program.id,
        name=program.name,
        university=program.university,
        credential=program.credential,
        availability=avail.status if avail is not None else None,
        available_as_of=avail.as_of if avail is not None else None,
        subjects=program.all_subjects,
        level=program.level,
        cost=cost,
        shape=time_shape(program),
        loads=loads(program),
        load_stated=load_stated(program),
        math=None if req is None else tuple(sorted(req[0])),
        teaches=_teaches(program),
        fixed=(
            accreditation_points(program),
            employer_points(program),
            outcomes_points(program),
            (level[0] if level is not None else None,),
        ),
        credit=tuple(credit_points(program, g) for g in CREDIT_KINDS),
        pathway_kinds=None if program.pathways is None else tuple(sorted({p.kind for p in program.pathways})),
        free_audit=bool(program.cost and program.cost.free_audit),
        price_year=_year(cost.as_of) if cost is not None else None,
        newest_year=max((_year(d) or 0 for d in dates), default=None) or None,
        own_sources=_own_sources(program),
    )


# --- the cache's JSON ------------------------------------------------------------------------


def to_data(facts: Facts) -> list[Any]:
    """JSON-ready: NamedTuples become lists."""
    return _plain(facts)  # type: ignore[no-any-return]


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


class BadFacts(ValueError):
    """Cached facts that are not what `to_data` writes (a damaged or edited cache file)."""


# A shape for each field: a type, ("?", shape) optional, ("*", shape) a list of any length,
# or a tuple of shapes (a fixed-length list). Checked on every value read back.
_NUM = "num"
_POINT = ("?", _NUM)
_COST = ("?", (_NUM, ("?", _NUM), str, ("?", str), str, str, ("?", _NUM)))
_ITEM = (_NUM, ("?", _NUM), ("?", _NUM), str)
_SHAPE = (
    "?",
    (("*", _ITEM), ("*", _ITEM), bool, ("?", (_NUM, _NUM)), ("?", (_NUM, _NUM)), int, ("?", int), bool),
)
SHAPES: tuple[Any, ...] = (
    str,
    str,
    str,
    str,
    ("?", str),
    ("?", str),
    ("*", str),
    ("?", str),
    _COST,
    _SHAPE,
    ("*", (str, _NUM, _NUM, ("?", bool))),
    bool,
    ("?", ("*", str)),
    ("*", (str, str, bool, ("*", str))),
    ((_POINT, _POINT), (_POINT, _POINT), (_POINT, _POINT), (_POINT,)),
    tuple(("*", _POINT) for _ in CREDIT_KINDS),
    ("?", ("*", str)),
    bool,
    ("?", int),
    ("?", int),
    bool,
)


def _check(value: Any, shape: Any) -> Any:
    """The value as a tuple tree if it has `shape`; raises BadFacts otherwise."""
    if shape is str or shape is bool or shape is int:
        if type(value) is not shape:
            raise BadFacts(f"{shape.__name__} expected")
        return value
    if shape == _NUM:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise BadFacts("number expected")
        return float(value)
    if shape[0] == "?":
        return None if value is None else _check(value, shape[1])
    if type(value) is not list:
        raise BadFacts("list expected")
    if shape[0] == "*":
        return tuple(_check(v, shape[1]) for v in value)
    if len(value) != len(shape):
        raise BadFacts("wrong length")
    return tuple(_check(v, s) for v, s in zip(value, shape, strict=True))


def from_data(row: Any) -> Facts:
    """Facts back from the cache, every type checked; raises BadFacts on anything else."""
    values = list(_check(row, SHAPES))
    if not values[6]:
        raise BadFacts("no subject")
    if values[8] is not None:
        values[8] = CostBounds(*values[8])
    if values[9] is not None:
        values[9] = TimeShape(*values[9])
    values[10] = tuple(Load(*x) for x in values[10])
    values[13] = tuple(Teaching(*x) for x in values[13])
    return Facts(*values)
