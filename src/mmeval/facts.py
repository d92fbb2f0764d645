"""FACTS: what ranking reads from one program, as plain numbers and words.

Ranking 10,000 programs does not need 10,000 program objects with evidence for every
criterion; it needs a few numbers per program. `program_facts` takes them from a validated
program once (the catalog cache keeps them as JSON), `scoring.numbers` turns them into points
for a person, and only the rows a person sees are scored again with their evidence. Every
number here comes from the same functions the evidence scorers use, so the two cannot differ
(tests/test_numbers_first.py checks it over the catalog).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from mmeval.domain import CostFigure
from mmeval.effort import EffortShape
from mmeval.vocabulary import Criterion, Goal

if TYPE_CHECKING:
    from mmeval.models import Program

# Criteria whose points do not depend on the person, and the goals whose credit rubric differs.
FIXED: tuple[Criterion, ...] = ("accreditation", "employer", "outcomes", "level")
CREDIT_KINDS: tuple[Goal, ...] = ("mba-path", "degree-credit", "explore")  # explore: every other goal


def credit_kind(goal: str) -> int:
    """Index into Facts.credit for a goal: MBA and degree goals have their own rubric."""
    return CREDIT_KINDS.index(goal) if goal in CREDIT_KINDS[:2] else 2


Points = tuple[float | None, ...]  # a criterion's component points; None = unknown


class Facts(NamedTuple):
    """One program as ranking sees it. Stored in the cache as a JSON list, in this order."""

    id: str
    name: str
    university: str
    status: str | None
    status_note: str | None
    subjects: tuple[str, ...]  # primary first
    cost: CostFigure | None
    shape: EffortShape | None  # what time to finish depends on, apart from the hours
    math: tuple[str, ...] | None  # required topics (sorted); None: never stated
    heaviest_week: float | None
    fixed: tuple[Points, ...]  # FIXED criteria, in that order
    credit: tuple[Points, ...]  # CREDIT_KINDS, in that order
    pathways: bool  # states at least one credit pathway
    teaches: tuple[tuple[str, str], ...]  # (math topic, "course title (CODE, id)")


def program_facts(program: Program) -> Facts:
    """The facts of a validated program, with the point functions the evidence scorers use."""
    from mmeval.effort import effort_shape, program_effort
    from mmeval.scoring import (
        accreditation_points,
        credit_points,
        employer_points,
        outcomes_points,
        program_level,
        required_math,
    )
    from mmeval.verdict import TOPIC_WORDS

    req = required_math(program)
    effort = program_effort(program)
    teaches: dict[str, str] = {}
    for c in program.courses:
        title = (c.title or "").lower()
        for topic, words in TOPIC_WORDS.items():
            if topic not in teaches and any(w in title for w in words):
                code = f"{c.code}, " if c.code else ""
                teaches[topic] = f"{c.title} ({code}{program.id})"
    return Facts(
        id=program.id,
        name=program.name,
        university=program.university,
        status=program.status,
        status_note=program.status_note,
        subjects=program.all_subjects,
        cost=program.total_cost,
        shape=effort_shape(program),
        math=None if req is None else tuple(sorted(req[0])),
        heaviest_week=effort.heaviest_week if effort is not None else None,
        fixed=(
            accreditation_points(program),
            employer_points(program),
            outcomes_points(program),
            (level[0] if (level := program_level(program)) is not None else None,),
        ),
        credit=tuple(credit_points(program, g) for g in CREDIT_KINDS),
        pathways=bool(program.pathways),
        teaches=tuple(teaches.items()),
    )


def to_data(facts: Facts) -> list[Any]:
    """JSON-ready: NamedTuples become lists."""
    return list(facts)


class BadFacts(ValueError):
    """Cached facts that are not what `to_data` writes (a damaged or edited cache file)."""


def _str(x: Any) -> str:
    if type(x) is not str:
        raise BadFacts("text expected")
    return x


def _opt_str(x: Any) -> str | None:
    return None if x is None else _str(x)


def _num(x: Any) -> float:
    if type(x) not in (int, float) or not math.isfinite(x):
        raise BadFacts("number expected")
    return float(x) if type(x) is int else x


def _opt_num(x: Any) -> float | None:
    return None if x is None else _num(x)


def _strs(x: Any) -> tuple[str, ...]:
    if type(x) is not list:
        raise BadFacts("list expected")
    return tuple(_str(v) for v in x)


_NUMBERS = (int, float)
_INFINITE = (math.inf, -math.inf)


def _points(x: Any) -> Points:
    if type(x) is not list:
        raise BadFacts("list expected")
    for v in x:  # the hot loop of a warm start: checks only, no conversion
        if v is not None and (type(v) not in _NUMBERS or v != v or v in _INFINITE):
            raise BadFacts("number expected")
    return tuple(x)


def from_data(row: Any) -> Facts:
    """Facts back from the cache, every type checked; raises BadFacts on anything else."""
    if type(row) is not list or len(row) != len(Facts._fields):
        raise BadFacts("not a facts row")
    pid, name, uni, status, note, subjects, cost, shape, topics, heaviest, fixed, credit, paths, teaches = row
    if cost is not None:
        if type(cost) is not list or len(cost) != 5:
            raise BadFacts("bad cost")
        cost = CostFigure(_num(cost[0]), _num(cost[1]), _str(cost[2]), _str(cost[3]), _opt_str(cost[4]))
    if shape is not None:
        if type(shape) is not list or len(shape) != 5 or type(shape[3]) is not list:
            raise BadFacts("bad effort")
        light, heavy = (_points(shape[1]), _points(shape[2]))
        if len(light) != 2 or len(heavy) != 2 or None in light or None in heavy:
            raise BadFacts("bad effort")
        scheduled = []
        for item in shape[3]:
            if type(item) is not list or len(item) != 2:
                raise BadFacts("bad effort")
            scheduled.append((_str(item[0]), _num(item[1])))
        shape = EffortShape(_str(shape[0]), light, heavy, tuple(scheduled), _opt_num(shape[4]))  # type: ignore[arg-type]
    if type(paths) is not bool or not all(type(x) is list for x in (fixed, credit, teaches)):
        raise BadFacts("bad points")
    fixed_points = tuple(_points(p) for p in fixed)
    credit_points = tuple(_points(p) for p in credit)
    if [len(p) for p in fixed_points] != [2, 2, 2, 1] or [len(p) for p in credit_points] != [3, 3, 3]:
        raise BadFacts("bad points")
    if not subjects:
        raise BadFacts("no subject")
    pairs = []
    for item in teaches:
        if type(item) is not list or len(item) != 2:
            raise BadFacts("bad course")
        pairs.append((_str(item[0]), _str(item[1])))
    return Facts(
        _str(pid),
        _str(name),
        _str(uni),
        _opt_str(status),
        _opt_str(note),
        _strs(subjects),
        cost,
        shape,
        None if topics is None else _strs(topics),
        _opt_num(heaviest),
        fixed_points,
        credit_points,
        paths,
        tuple(pairs),
    )
