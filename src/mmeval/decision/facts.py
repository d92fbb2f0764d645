"""FACTS: what deciding reads from one program, as plain numbers and words.

Ranking 10,000 programs needs a few numbers per program, not 10,000 program objects with
evidence for every criterion. `program_facts` takes them from a validated program once (the
catalog cache keeps them as JSON, `from_data` checks every value it reads back); the rows a
person sees are scored again with their evidence (evidence.py) by the same point functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

from mmeval.decision.bounds import CostBounds, Load, TimeShape, cost_bounds, load_stated, loads, time_shape
from mmeval.decision.criteria import (
    CREDIT_KINDS,
    Stated,
    accreditation_points,
    business_degree,
    credit_points,
    employer_points,
    outcomes_points,
    program_level,
    required_math,
)

if TYPE_CHECKING:
    from mmeval.program.schema import Program

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
    availability: str | None  # offered, unconfirmed, doubtful (unconfirmed with a doubt), retired
    available_as_of: str | None
    doubt: str | None  # why a source suggests it closed or was replaced
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
    business_route: bool  # a stated pathway leads into an MBA or a business master's
    free_audit: bool
    price_year: int | None
    newest_year: int | None
    third_party: tuple[str, ...]  # "price", "length", "course weeks": stated on others' pages


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text else None


def _third_party(program: Program) -> tuple[str, ...]:
    """Which of the price and the length are stated on a page that is not the institution's or
    the platform's own (a price or length the file does not state is not named)."""
    from mmeval.program.sources import OWN_KINDS, source_kind

    def any_other(urls: list[str | None]) -> bool:
        return any(u is not None and source_kind(u) not in OWN_KINDS for u in urls)

    out = []
    cost = program.cost
    whole = cost is not None and (cost.total is not None or cost.per_course is not None)
    prices = [cost.source] if cost is not None and whole else []
    prices += [c.price_source or (cost.source if cost else None) for c in program.courses if c.price]
    if any_other(prices):
        out.append("price")
    t = program.time
    if t is not None and (t.months_min is not None or t.months_max is not None):
        if any_other([t.months_source or t.source]):
            out.append("length")
    elif any_other([c.source for c in program.courses if c.weeks is not None]):
        out.append("course weeks")
    return tuple(out)


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
        availability=None if avail is None else "doubtful" if avail.doubt else avail.status,
        available_as_of=avail.as_of if avail is not None else None,
        doubt=avail.doubt if avail is not None else None,
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
        business_route=any(business_degree(p.kind, p.degree) for p in program.pathways or ()),
        free_audit=bool(program.cost and program.cost.free_audit),
        price_year=_year(cost.as_of) if cost is not None else None,
        newest_year=max((_year(d) or 0 for d in dates), default=None) or None,
        third_party=_third_party(program),
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
    bool,
    ("?", int),
    ("?", int),
    ("*", str),
)

assert len(SHAPES) == len(Facts._fields)  # one shape per field, in order


def _checker(shape: Any) -> Callable[[Any], Any]:
    """A function that returns a value as a tuple tree if it has `shape` and raises BadFacts
    otherwise; built once per shape, so reading 10,000 cached rows does not re-read the shapes."""
    if shape is str or shape is bool or shape is int:
        kind, name = shape, f"{shape.__name__} expected"

        def exact(value: Any) -> Any:
            if type(value) is not kind:
                raise BadFacts(name)
            return value

        return exact
    if shape == _NUM:

        def number(value: Any) -> float:
            if type(value) not in (int, float) or not math.isfinite(value):
                raise BadFacts("number expected")
            return float(value)

        return number
    if shape[0] == "?":
        inner = _checker(shape[1])
        return lambda value: None if value is None else inner(value)
    if shape[0] == "*":
        each = _checker(shape[1])

        def many(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise BadFacts("list expected")
            return tuple(map(each, value))

        return many
    parts = tuple(_checker(s) for s in shape)
    size = len(parts)

    def fixed(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise BadFacts("list expected")
        if len(value) != size:
            raise BadFacts("wrong length")
        return tuple([check(v) for check, v in zip(parts, value, strict=False)])  # lengths checked

    return fixed


_CHECK_ROW = _checker(SHAPES)


def from_data(row: Any) -> Facts:
    """Facts back from the cache, every type checked; raises BadFacts on anything else."""
    values = dict(zip(Facts._fields, _CHECK_ROW(row), strict=True))
    if not values["subjects"]:
        raise BadFacts("no subject")
    if values["cost"] is not None:
        values["cost"] = CostBounds(*values["cost"])
    if values["shape"] is not None:
        values["shape"] = TimeShape(*values["shape"])
    values["loads"] = tuple(Load(*x) for x in values["loads"])
    values["teaches"] = tuple(Teaching(*x) for x in values["teaches"])
    return Facts(**values)
