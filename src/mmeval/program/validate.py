"""VALIDATE: read one program file safely and check it against the schema and the rules, reporting
problems by file and field; `mmeval validate` over files and folders."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmeval.errors import CatalogInvalid, Problem
from mmeval.vocabulary import ID_PATTERN

if TYPE_CHECKING:
    from mmeval.program.schema import Program

from mmeval.program.rules import block_sources, check_facts, check_truth

COST_TOLERANCE = 0.5  # in the cost's currency


def _loc(parts: Iterable[Any]) -> str:
    return ".".join(str(p) for p in parts)


def read_toml(path: Path, text: str, *, check_depth: bool = True) -> dict[str, Any]:
    """TOML text as data; raises CatalogInvalid with the line and column of a syntax error."""
    from mmeval import reader  # the TOML parser: loaded only when a file is read

    try:
        return reader.parse_toml(text, check_depth=check_depth)
    except reader.Unreadable as err:
        reason = err.reason if "nested" in err.reason else f"TOML syntax error: {err.reason}"
        raise CatalogInvalid([Problem(path, err.field, reason)]) from None


def parse_program(path: Path, text: str) -> Program:
    """Parse and validate one program file's text; raises CatalogInvalid listing every problem."""
    return validate_program(path, read_toml(path, text, check_depth=False), text=text)


def read_program(path: Path) -> Program:
    """Read (regular files only, size and depth capped), parse and validate one program file."""
    from mmeval import reader  # the TOML parser: loaded only when a file is read

    try:
        text = reader.read_text(path)
    except reader.Unreadable as err:
        raise CatalogInvalid([Problem(path, "", err.reason)]) from None
    return parse_program(path, text)


def shown(path: Path | str) -> str:
    """A path (or name) as text that always prints: bytes that are not UTF-8 as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def id_problem(path: Path) -> Problem | None:
    """A problem when the file stem is not a valid program ID."""
    if ID_PATTERN.match(path.stem):
        return None
    stem = os.fsencode(path.stem).decode("ascii", "backslashreplace")
    return Problem(
        path,
        "id",
        f"file name '{stem}' is not a valid ID: use lowercase letters a-z, digits and single hyphens"
        " (e.g. mitx-scm)",
    )


def validate_program(path: Path, data: dict[str, Any], *, text: str | None = None) -> Program:
    """Validate one file's data (and its TOML text, if known); raises CatalogInvalid listing every problem."""
    from pydantic import ValidationError  # here, not at the top: a warm start never validates

    from mmeval import reader
    from mmeval.program.schema import Program

    problems: list[Problem] = []
    if bad_id := id_problem(path):
        problems.append(bad_id)
    if text is None or reader.may_hold_control(text):
        problems += [Problem(path, loc, what) for loc, what in reader.control_chars(data)]
    if "id" in data and data["id"] != path.stem:
        problems.append(Problem(path, "id", f"'{data['id']}' differs from the file name '{path.stem}'"))
    program = None
    try:
        # shown(): a stem that is not UTF-8 is already a problem (id_problem), not a second one
        program = Program.model_validate({**data, "id": shown(path.stem)})
    except ValidationError as err:
        if (where := reader.too_deep(data)) is not None:  # the schema never accepts deep data
            reason = f"nested too deeply (the limit is {reader.MAX_DEPTH} levels)"
            raise CatalogInvalid([Problem(path, where, reason)]) from None
        # Only a file that failed is walked for NaN/inf, to name each with its value.
        problems += [
            Problem(path, loc, f"must be a finite number, not {value}")
            for loc, value in reader.non_finite(data)
        ]
        errors = err.errors()
        bad_items = {e["loc"][0] for e in errors if len(e["loc"]) > 1}
        for e in errors:
            if e["type"] == "finite_number":
                continue  # already reported by reader.non_finite with the value
            if e["type"] == "too_short" and e["loc"] and e["loc"][0] in bad_items:
                continue  # "at least 1 item" only because its items were invalid: said above
            problems.append(Problem(path, _loc(e["loc"]), _message(e)))
    if program is not None:
        problems += check_program(path, program)
    if problems:
        raise CatalogInvalid(problems)
    assert program is not None
    return program


def _message(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown field (check the spelling)"
    if error["type"] in ("date_type", "date_parsing", "date_from_datetime_inexact") and error["loc"] == (
        "reviewed",
    ):
        return "must be a TOML date such as 2026-01-15 (no quotes, no time of day)"
    if error["type"] == "literal_error" and error["ctx"]["expected"].count(",") > 6:
        return f"'{error['input']}' is not in the vocabulary (see `mmeval help program-format`)"
    return str(error["msg"])


def check_program(path: Path, program: Program) -> list[Problem]:
    """Cross-field rules a schema cannot express: references, cycles, sums, ranges."""
    problems: list[Problem] = []
    keys = [c.key for c in program.courses]
    for i, course in enumerate(program.courses):
        for j, req in enumerate(course.requires):
            if req not in keys:
                problems.append(Problem(path, f"courses.{i}.requires.{j}", f"unknown course '{req}'"))
            elif req == course.key:
                problems.append(Problem(path, f"courses.{i}.requires.{j}", "a course cannot require itself"))
        lo, hi = course.hours_min, course.hours_max
        if lo is not None and hi is not None and lo > hi:
            problems.append(Problem(path, f"courses.{i}.hours_min", "is greater than hours_max"))
    if len(set(keys)) != len(keys):
        dup = sorted({k for k in keys if keys.count(k) > 1})
        problems.append(Problem(path, "courses", f"duplicate course code or title: {', '.join(dup)}"))
    elif cycle := _find_cycle(program):
        problems.append(Problem(path, "courses", f"prerequisites form a cycle: {' -> '.join(cycle)}"))
    problems += _check_structure(path, program)
    if program.reviewed > dt.date.today() + dt.timedelta(days=1):  # a day's grace for time zones
        problems.append(
            Problem(
                path,
                "reviewed",
                f"{program.reviewed} is in the future; it is the day the entry was last checked against"
                " its sources (today or earlier)",
            )
        )
    problems += check_truth(path, program)
    problems += check_facts(path, program)
    cost = program.cost
    n = program.n_courses
    if cost and None not in (cost.total, cost.per_course, n):
        assert cost.total is not None and cost.per_course is not None and n is not None
        expected = cost.per_course * n + (cost.exam_fee or 0)
        finals = sum(1 for c in program.courses if c.final)
        with_capstone = expected + cost.per_course * finals
        if min(abs(expected - cost.total), abs(with_capstone - cost.total)) > COST_TOLERANCE:
            problems.append(
                Problem(
                    path,
                    "cost.total",
                    f"{cost.total:g} contradicts per_course x {n} courses + exam_fee = {expected:g}",
                )
            )
    if cost and cost.total is not None and (cost.total_min is not None or cost.total_max is not None):
        problems.append(Problem(path, "cost.total", "give either total or total_min/total_max, not both"))
    if cost and (cost.total_min is None) != (cost.total_max is None):
        problems.append(Problem(path, "cost.total_min", "a range needs both total_min and total_max"))
    elif (
        cost and cost.total_min is not None and cost.total_max is not None and cost.total_min > cost.total_max
    ):
        problems.append(Problem(path, "cost.total_min", "is greater than total_max"))
    t = program.time
    if t and t.months_min and t.months_max and t.months_min > t.months_max:
        problems.append(Problem(path, "time.months_min", "is greater than months_max"))
    if t and t.hours_min is not None and t.hours_max is not None and t.hours_min > t.hours_max:
        problems.append(Problem(path, "time.hours_min", "is greater than hours_max"))
    for i, pw in enumerate(program.pathways or ()):
        lo_m, hi_m = pw.degree_months_min, pw.degree_months_max
        if lo_m is not None and hi_m is not None and lo_m > hi_m:
            problems.append(
                Problem(path, f"pathways.{i}.degree_months_min", "is greater than degree_months_max")
            )
    listed = {s.url for s in program.sources}
    for loc, url in block_sources(program):
        if url not in listed:
            problems.append(Problem(path, loc, f"source {url} is not listed in [[sources]]"))
    return problems


def _check_structure(path: Path, program: Program) -> list[Problem]:
    """Choice groups, the final item and what may require it."""
    from mmeval.program.effort import is_final_course

    problems: list[Problem] = []
    groups = {g.id: g for g in program.choices}
    finals = {c.key for c in program.courses if c.final}
    # plan takes these last too: its title names a capstone or final exam (older files lack `final`)
    titled = {c.key for c in program.courses if not c.final and is_final_course(c)}
    optional = _optional_courses(program, groups)
    for i, course in enumerate(program.courses):
        if course.group is not None and course.group not in groups:
            problems.append(Problem(path, f"courses.{i}.group", f"unknown choice group '{course.group}'"))
        if course.final and course.group is not None:
            problems.append(Problem(path, f"courses.{i}.group", "the final exam/capstone cannot be a choice"))
        for j, req in enumerate(course.requires):
            where = f"courses.{i}.requires.{j}"
            if req in finals and not course.final:
                problems.append(
                    Problem(
                        path,
                        where,
                        f"'{req}' is the final exam/capstone, taken after every course;"
                        " nothing can require it",
                    )
                )
            elif req in titled and not course.final:
                problems.append(
                    Problem(
                        path,
                        where,
                        f"'{req}' is taken last, after every course, as its title names a capstone or"
                        " final exam; nothing can require it (if it is the final item, say final = true"
                        " and drop this requirement)",
                    )
                )
            elif req in optional and course.group is None and not course.final:
                problems.append(
                    Problem(
                        path,
                        where,
                        f"'{req}' is a choice of group '{optional[req]}' that a learner may not take;"
                        " a required course cannot require it: list it in the group's default, or make"
                        " it required",
                    )
                )
    for k, g in enumerate(program.choices):
        members = [c.key for c in program.courses if c.group == g.id]
        if len(members) < g.choose:
            problems.append(
                Problem(
                    path,
                    f"choices.{k}.choose",
                    f"choose {g.choose} but the group has {len(members)} course(s)",
                )
            )
        for j, key in enumerate(g.default):
            if key not in members:
                problems.append(
                    Problem(path, f"choices.{k}.default.{j}", f"'{key}' is not a course of this group")
                )
        if g.default and len(set(g.default)) != g.choose:
            problems.append(
                Problem(path, f"choices.{k}.default", f"names {len(set(g.default))} courses, not {g.choose}")
            )
    if len(groups) != len(program.choices):
        problems.append(Problem(path, "choices", "duplicate choice group id"))
    return problems


def _optional_courses(program: Program, groups: dict[str, Any]) -> dict[str, str]:
    """Courses of choice groups a learner may leave out, by key, with their group's id: those not in
    the group's stated default (every member, without one), unless the group takes all of them."""
    out: dict[str, str] = {}
    for g in groups.values():
        members = [c.key for c in program.courses if c.group == g.id]
        if g.choose >= len(members):
            continue
        out |= {key: g.id for key in members if key not in g.default}
    return out


def _find_cycle(program: Program) -> list[str] | None:
    """A prerequisite cycle as a path of course keys, or None; iterative, so a long chain is fine."""
    keys = {c.key for c in program.courses}
    graph = {c.key: [r for r in c.requires if r in keys] for c in program.courses}
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in graph:
        if state.get(root) is not None:
            continue
        stack: list[str] = [root]
        todo: list[Iterator[str]] = [iter(graph[root])]
        state[root] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[stack.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            elif state.get(nxt) is None:
                state[nxt] = 1
                stack.append(nxt)
                todo.append(iter(graph[nxt]))
    return None


def toml_files(folder: Traversable) -> list[Traversable]:
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and not f.name.startswith(".")),
        key=lambda f: f.name,
    )


def validate_paths(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Validate files and folders: (number of files, every problem found)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            folder, present = p.is_dir(), p.exists() or p.is_symlink()
        except OSError as err:  # e.g. a name too long for the file system
            problems.append(Problem(p, "", f"cannot read: {err.strerror}"))
            continue
        if folder:
            try:
                found = [Path(str(f)) for f in toml_files(p)]
            except OSError as err:
                problems.append(Problem(p, "", f"cannot read folder: {err.strerror}"))
                continue
            if not found:
                problems.append(Problem(p, "", "holds no program files (*.toml)"))
            files += found
        elif present:
            files.append(p)  # the reader says what is wrong with anything but a regular file
        else:
            problems.append(Problem(p, "", "no such file or folder"))
    seen: dict[str, Path] = {}
    for path in files:
        try:
            read_program(path)
        except CatalogInvalid as err:
            problems += err.problems
        if path.stem in seen:
            problems.append(Problem(path, "id", f"duplicate ID '{path.stem}' (also {seen[path.stem]})"))
        else:
            seen[path.stem] = path
    return len(files), problems
