"""What a program *is*, apart from how its file is validated: shared by the Pydantic models
(`program/schema.py`, which validate program files) and by the plain objects read back from
the catalog cache, which need no Pydantic at all (`hydrate`; tests/test_program.py checks that
both answer alike).

The methods live in mixins so both kinds of object answer the same questions the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from mmeval.program.schema import Course, Program


# The program's one-table sections with their own `source`: read back from the cache as plain
# objects here, their sources listed by rules.block_sources.
BLOCKS = ("cost", "time", "assessment", "prerequisites", "accreditation", "availability", "no_pathway")


def _course_key(course: Course) -> str:
    """The name other courses use in `requires`: the code, else the title."""
    return course.code or course.title or ""


def _course_label(course: Course) -> str:
    """What to call the course in a table: the title, else the code."""
    return course.title or course.code or ""


def _primary(program: Program) -> str:
    """The program's primary subject tag."""
    return program.primary_subject or program.subjects[0]


def _secondary(program: Program) -> tuple[str, ...]:
    """The other subject tags, primary excluded."""
    return tuple(s for s in program.subjects if s != program.primary)


def _all_subjects(program: Program) -> tuple[str, ...]:
    return (program.primary, *program.secondary)


def _n_courses(program: Program) -> int | None:
    """Courses a learner takes (finals excluded): the stated count, else the required ones."""
    if program.course_count:
        return program.course_count
    taught = [c for c in program.courses if not c.final]
    if not taught:
        return None
    required = sum(1 for c in taught if c.group is None)
    return required + sum(g.choose for g in program.choices)


_last_selection: list[Any] = [None, None]  # (program, its selections): one program is read at a time


def _selections(program: Program) -> tuple[tuple[Course, ...], tuple[Course, ...]]:
    if _last_selection[0] is program:  # identity, and the reference keeps the id from reuse
        return cast("tuple[tuple[Course, ...], tuple[Course, ...]]", _last_selection[1])
    found = _select(program)
    _last_selection[:] = [program, found]
    return found


def _select(program: Program) -> tuple[tuple[Course, ...], tuple[Course, ...]]:
    """The lightest and the heaviest valid selection of courses a learner must take.

    Required courses and finals always; from each choice group the stated default, else
    the `choose` lightest (then heaviest) by stated weeks x hours. Unstated effort sorts
    as typical (the middle), so it never makes a selection look lighter than it is.
    """
    from mmeval.program.effort import course_load

    fixed = [c for c in program.courses if c.group is None]
    light, heavy = list(fixed), list(fixed)
    for g in program.choices:
        members = [c for c in program.courses if c.group == g.id]
        if g.default:
            pick = [c for c in members if c.key in g.default]
            light += pick
            heavy += pick
            continue
        loads = [course_load(program, c) for c in members]
        known = sorted(x for x in loads if x is not None)
        typical = known[len(known) // 2] if known else 0.0
        ranked = sorted(range(len(members)), key=lambda i: (loads[i] if loads[i] is not None else typical, i))
        light += [members[i] for i in ranked[: g.choose]]
        heavy += [members[i] for i in ranked[::-1][: g.choose]]
    order = {id(c): i for i, c in enumerate(program.courses)}
    return (
        tuple(sorted(light, key=lambda c: order[id(c)])),
        tuple(sorted(heavy, key=lambda c: order[id(c)])),
    )


def _fact_years(program: Program) -> tuple[int | None, int | None]:
    """Oldest and newest year among the dated facts and sources."""
    dates = [s.as_of for s in program.sources if s.as_of]
    if program.cost and program.cost.as_of:
        dates.append(program.cost.as_of)
    dates += [c.price_as_of for c in program.courses if c.price_as_of]
    years = [int(d[:4]) for d in dates]
    return (min(years), max(years)) if years else (None, None)


def _newest_source_year(program: Program) -> int | None:
    """Year of the newest dated source, or None when no source is dated."""
    years = [int(s.as_of[:4]) for s in program.sources if s.as_of]
    return max(years) if years else None


class CourseMethods:
    """What a course answers, validated or read back from the cache."""

    @property
    def key(self) -> str:
        return _course_key(cast("Course", self))

    @property
    def label(self) -> str:
        return _course_label(cast("Course", self))


class ProgramMethods:
    """What a program answers, validated or read back from the cache."""

    @property
    def primary(self) -> str:
        return _primary(cast("Program", self))

    @property
    def secondary(self) -> tuple[str, ...]:
        return _secondary(cast("Program", self))

    @property
    def all_subjects(self) -> tuple[str, ...]:
        return _all_subjects(cast("Program", self))

    @property
    def n_courses(self) -> int | None:
        return _n_courses(cast("Program", self))

    def selections(self) -> tuple[tuple[Course, ...], tuple[Course, ...]]:
        return _selections(cast("Program", self))

    @property
    def fact_years(self) -> tuple[int | None, int | None]:
        return _fact_years(cast("Program", self))

    @property
    def newest_source_year(self) -> int | None:
        return _newest_source_year(cast("Program", self))


# --- plain objects from validated data ----------------------------------------------------


class Plain:
    """Attributes from data that was validated when it was cached; read-only by convention.

    Equality and hashing are by identity, like the course objects they stand for within one
    program (a program never lists the same course twice: `validate` refuses it).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.__dict__.update(data)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__dict__!r})"

    def plain_data(self) -> dict[str, Any]:
        """The data back, as `model_dump(mode="json")` gives it (lists, ISO dates, None kept)."""
        return {k: _unhydrate(v) for k, v in self.__dict__.items()}


class PlainCourse(Plain, CourseMethods):
    pass


class PlainProgram(Plain, ProgramMethods):
    pass


def _unhydrate(value: Any) -> Any:
    if isinstance(value, Plain):
        return value.plain_data()
    if isinstance(value, tuple):
        return [_unhydrate(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _bag(data: dict[str, Any] | None, nested: dict[str, type[Plain]] | None = None) -> Plain | None:
    if data is None:
        return None
    out = {k: _tuples(v) for k, v in data.items()}
    for name, kind in (nested or {}).items():
        if out.get(name) is not None:
            out[name] = tuple(kind({k: _tuples(v) for k, v in item.items()}) for item in data[name])
    return Plain(out)


def hydrate(data: dict[str, Any]) -> Program:
    """A program from `Program.model_dump(mode="json")` output, with no Pydantic: the catalog
    cache stores validated programs this way, and `compare` or `show` on a warm cache reads them
    back in a fraction of the time validating would take."""
    out = {k: _tuples(v) for k, v in data.items()}
    out["reviewed"] = dt.date.fromisoformat(data["reviewed"])
    out["courses"] = tuple(PlainCourse({k: _tuples(v) for k, v in c.items()}) for c in data["courses"])
    out["choices"] = tuple(_bag(c) for c in data["choices"])
    out["sources"] = tuple(_bag(s) for s in data["sources"])
    if data["pathways"] is not None:
        out["pathways"] = tuple(_bag(p) for p in data["pathways"])
    for name in BLOCKS:
        out[name] = _bag(data[name])
    out["employers"] = _bag(data["employers"], {"employers": Plain, "outcomes": Plain})
    # duck-typed: every attribute and method a validated Program has
    return cast("Program", PlainProgram(out))
