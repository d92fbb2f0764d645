"""LOAD + VALIDATE: find the catalog, read program files, report problems by file and field."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mmeval.decision.facts import Facts, program_facts
from mmeval.errors import CatalogInvalid, CatalogNotFound, Problem, ProgramNotFound

if TYPE_CHECKING:
    from mmeval.catalog.cache import Entry
    from mmeval.catalog.schema import Program

Warn = Callable[[str], None]

COST_TOLERANCE = 0.5  # in the cost's currency
# A program ID, and so a file stem: lowercase ASCII words joined by single hyphens
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Words that mark a stand-in, not a fact ("list not captured", "see page")
_PLACEHOLDER = re.compile(r"not captured|see (the )?page|\blist not\b|placeholder|\btbd\b", re.I)


def shipped_catalog() -> Traversable:
    """The catalog inside the installed package, or the repo's programs/ in a source checkout."""
    packaged = resources.files("mmeval") / "programs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "programs"


class Catalog:
    """Every valid program's facts by ID (file order), the files skipped as invalid, a digest of
    the inputs, and whole programs on demand (`get`), read once each and kept."""

    def __init__(
        self,
        facts: dict[str, Facts],
        skipped: list[Problem],
        digest: str,
        location: str,
        read: Callable[[str], Program],
    ) -> None:
        self.facts = facts
        self.skipped = skipped
        self.digest = digest
        self.location = location
        self._read = read
        self._programs: dict[str, Program] = {}

    def get(self, program_id: str) -> Program:
        """The program with exactly this ID; raises ProgramNotFound with the closest IDs."""
        if program_id in self._programs:
            return self._programs[program_id]
        if program_id not in self.facts:
            ids = list(self.facts)
            import difflib

            # a substring match ("scm" -> mitx-scm) first, then the most similar IDs
            close = [p for p in ids if program_id.lower() in p][:3]
            close += [p for p in difflib.get_close_matches(program_id, ids, n=3, cutoff=0) if p not in close]
            close = close[:3]
            hint = f"Did you mean: {', '.join(close)}?" if close else "Run `mmeval list` to see IDs."
            raise ProgramNotFound(f"no program with ID '{program_id}'", hint=hint)
        program = self._programs[program_id] = self._read(program_id)
        return program

    @property
    def programs(self) -> dict[str, Program]:
        """Every program by ID (each read in full: for the few commands that show them all)."""
        return {pid: self.get(pid) for pid in self.facts}

    def __iter__(self) -> Iterator[Program]:
        return (self.get(pid) for pid in self.facts)

    def __len__(self) -> int:
        return len(self.facts)


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
    from mmeval.catalog.schema import Program

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
        return f"'{error['input']}' is not in the vocabulary (see docs/program-format.md)"
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
    problems += _check_truth(path, program)
    problems += _check_facts(path, program)
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
    for loc, url in _block_sources(program):
        if url not in listed:
            problems.append(Problem(path, loc, f"source {url} is not listed in [[sources]]"))
    return problems


def _check_structure(path: Path, program: Program) -> list[Problem]:
    """Choice groups, the final item and what may require it."""
    from mmeval.planning.plan import is_final_course

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


def _check_truth(path: Path, program: Program) -> list[Problem]:
    """What a fact is not (shared/catalog-facts/README.md): rules a schema cannot say."""
    problems: list[Problem] = []
    pre = program.prerequisites
    if pre is not None and pre.math == () and not pre.math_quote:
        problems.append(
            Problem(
                path,
                "prerequisites.math",
                "an empty list says no math is needed: quote the source in math_quote,"
                " or leave math out (unknown)",
            )
        )
    own = _norm(program.university)
    seen: set[str] = set()
    for i, partner in enumerate(program.partners):
        key = _norm(partner)
        if _PLACEHOLDER.search(partner):
            problems.append(Problem(path, f"partners.{i}", "a placeholder is not a partner"))
        elif key == own or key in own or own in key:
            problems.append(Problem(path, f"partners.{i}", "the offering university is not its own partner"))
        elif key in seen:
            problems.append(Problem(path, f"partners.{i}", "the same partner is named twice"))
        seen.add(key)
    for i, pw in enumerate(program.pathways or ()):
        if _PLACEHOLDER.search(pw.institution):
            problems.append(Problem(path, f"pathways.{i}.institution", "a placeholder is not an institution"))
    return problems


def _check_facts(path: Path, program: Program) -> list[Problem]:
    """What the advice reads must say what it is: ranges, partial lists, availability, sources."""
    from mmeval.catalog.sources import OWN_KINDS, source_kind

    problems: list[Problem] = []
    cost = program.cost
    if cost is not None:
        if (cost.per_course_min is None) != (cost.per_course_max is None):
            problems.append(
                Problem(path, "cost.per_course_min", "a range needs both per_course_min and per_course_max")
            )
        elif cost.per_course_min is not None and cost.per_course_max is not None:
            if cost.per_course_min > cost.per_course_max:
                problems.append(Problem(path, "cost.per_course_min", "is greater than per_course_max"))
            if cost.per_course is not None:
                problems.append(
                    Problem(
                        path, "cost.per_course", "give either per_course or per_course_min/per_course_max"
                    )
                )
    taught = [c for c in program.courses if not c.final]
    listed = sum(1 for c in taught if c.group is None) + sum(g.choose for g in program.choices)
    count = program.course_count
    if program.course_list == "partial":
        if count is None:
            problems.append(
                Problem(path, "course_list", "a partial course list needs the stated course_count")
            )
        elif count <= listed:
            problems.append(
                Problem(path, "course_count", f"{count} courses, but the partial list already names {listed}")
            )
    elif count is not None and taught and count != listed:
        problems.append(
            Problem(
                path,
                "course_count",
                f"{count} courses, but the list names {listed} a learner takes: list them all, or say"
                ' course_list = "partial"',
            )
        )
    avail = program.availability
    if avail is not None and avail.status == "offered":
        if avail.as_of is None or avail.source is None:
            problems.append(
                Problem(
                    path,
                    "availability",
                    "'offered' needs the date (as_of) and the page (source) that show it",
                )
            )
        elif source_kind(avail.source) not in OWN_KINDS:
            problems.append(
                Problem(
                    path,
                    "availability.source",
                    "'offered' needs the institution's or platform's own page; say 'unconfirmed' otherwise",
                )
            )
    if (
        avail is not None
        and avail.doubt is not None
        and (avail.status != "unconfirmed" or not avail.doubt_source)
    ):
        problems.append(
            Problem(
                path,
                "availability.doubt",
                "a doubt belongs to an 'unconfirmed' status and needs doubt_source",
            )
        )
    if program.pathways and program.no_pathway is not None:
        problems.append(Problem(path, "no_pathway", "contradicts the pathways listed"))
    for i, c in enumerate(program.courses):
        if c.teaches and c.teaches_source is None:
            problems.append(
                Problem(path, f"courses.{i}.teaches", "needs teaches_source: the page that says so")
            )
    for i, s in enumerate(program.sources):
        if source_kind(s.url) == "unacceptable":
            problems.append(
                Problem(
                    path, f"sources.{i}.url", "a domain listed as not an acceptable source (mirror or spam)"
                )
            )
    return problems


def _norm(name: str) -> str:
    """An institution's name without its platform brand ("(MITx)") or punctuation, lowercased."""
    name = re.sub(r"\([^)]*\)", "", name)
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _block_sources(program: Program) -> Iterator[tuple[str, str]]:
    for name in (
        "cost",
        "time",
        "assessment",
        "prerequisites",
        "accreditation",
        "availability",
        "no_pathway",
    ):
        block = getattr(program, name)
        if block is not None and block.source:
            yield f"{name}.source", block.source
    if program.time:
        for name in ("months_source", "hours_source", "pacing_source"):
            if url := getattr(program.time, name):
                yield f"time.{name}", url
    if program.cost:
        for name in ("free_audit_source", "financial_aid_source"):
            if url := getattr(program.cost, name):
                yield f"cost.{name}", url
    for i, c in enumerate(program.courses):
        for name in ("price_source", "teaches_source", "source"):
            if url := getattr(c, name):
                yield f"courses.{i}.{name}", url
    for i, pw in enumerate(program.pathways or ()):
        for j, url in enumerate(pw.sources):
            yield f"pathways.{i}.sources.{j}", url
    if program.employers:
        for i, emp in enumerate(program.employers.employers):
            if emp.source:
                yield f"employers.employers.{i}.source", emp.source
        for i, out in enumerate(program.employers.outcomes):
            if out.source:
                yield f"employers.outcomes.{i}.source", out.source


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


def _toml_files(folder: Traversable) -> list[Traversable]:
    return sorted(
        (f for f in folder.iterdir() if f.name.endswith(".toml") and not f.name.startswith(".")),
        key=lambda f: f.name,
    )


def resolve_catalog(catalog: Path | None) -> Traversable:
    """The folder to load: --catalog, else MMEVAL_CATALOG, else the shipped catalog."""
    if catalog is None and os.environ.get("MMEVAL_CATALOG"):
        catalog = Path(os.environ["MMEVAL_CATALOG"])
    if catalog is None:
        return shipped_catalog()
    hint = "pass --catalog DIR (or set MMEVAL_CATALOG) to a folder of program .toml files"
    try:
        if not catalog.exists():
            raise CatalogNotFound(f"catalog folder '{catalog}' does not exist", hint=hint)
        if not catalog.is_dir():
            raise CatalogNotFound(f"catalog '{catalog}' is not a folder", hint=hint)
    except OSError as err:  # e.g. a name too long for the file system
        raise CatalogNotFound(f"cannot read catalog folder '{catalog}': {err.strerror}", hint=hint) from None
    return catalog


class Parsed(NamedTuple):
    """One file read, parsed and validated (in a worker process when there are many)."""

    name: str
    sha: bytes  # SHA-256 of the text (of the reason, when it could not be read)
    facts: Facts | None
    problem: Problem | None
    data: bytes | None  # the validated program as JSON, when it was not written to the cache
    where: tuple[int, int, str] | None  # (offset, length, hash) of that JSON in the cache's data file
    readable: bool  # False: not a regular UTF-8 file within the limits (never cached)


def parse_file(path: Path) -> Parsed:
    """Read (safely), parse and validate one program file, and take its facts."""
    from mmeval import reader  # the TOML parser: loaded only when a file is read

    try:
        text = reader.read_text(path)
    except reader.Unreadable as err:
        reason = hashlib.sha256(err.reason.encode()).digest()
        return Parsed(path.name, reason, None, Problem(path, "", err.reason), None, None, False)
    sha = hashlib.sha256(text.encode("utf-8")).digest()
    try:
        program = parse_program(path, text)
    except CatalogInvalid as err:
        return Parsed(path.name, sha, None, err.problems[0], None, None, True)
    data = program.model_dump_json().encode()
    return Parsed(path.name, sha, program_facts(program), None, data, None, True)


def _parse_chunk(paths: list[Path], data_file: str | None = None) -> list[Parsed]:
    """parse_file for each path; with `data_file`, the valid programs' JSON is appended to it in
    one write (O_APPEND: writers never interleave) and each result says where its line is and
    the line's hash (the cache proves each line by it when it reads it back)."""
    from mmeval.catalog import cache

    done = [parse_file(p) for p in paths]
    lines = [p.data for p in done if p.data is not None and len(p.data) <= cache.MAX_LINE]
    if data_file is None or not lines:
        return done
    blob = b"\n".join(lines) + b"\n"
    try:
        fd = cache.open_regular(data_file, os.O_WRONLY | os.O_APPEND)  # never a FIFO or a link
        try:
            if os.write(fd, blob) != len(blob):
                return done  # short write (disk full): the lines stay in memory, unreferenced there
            start = os.lseek(fd, 0, os.SEEK_CUR) - len(blob)
        finally:
            os.close(fd)
    except OSError:
        return done
    out = []
    for p in done:
        if p.data is None or len(p.data) > cache.MAX_LINE:
            out.append(p)
            continue
        out.append(p._replace(data=None, where=(start, len(p.data), cache.line_digest(p.data))))
        start += len(p.data) + 1
    return out


PARALLEL_FROM = 200  # files to parse before worker processes pay for themselves


def parse_files(
    paths: list[Path], data_file: str | None = None, warn: Warn | None = None
) -> Iterator[Parsed]:
    """parse_file for each path, in order; on several cores, many files go to worker processes,
    which also write the validated data to the cache (`data_file`), so it never passes through
    this process. Where workers cannot start, or one dies, the files it had not answered are
    read here (a dead worker is said once through `warn`)."""
    import functools
    import sys

    workers = min(os.cpu_count() or 1, 8)
    work = functools.partial(_parse_chunk, data_file=data_file)
    if len(paths) < PARALLEL_FROM or workers < 2 or sys.platform != "linux":
        yield from work(paths)
        return
    from mmeval import reader
    from mmeval.catalog import pool

    reader.parser()
    size = max(25, len(paths) // (workers * 32))  # small chunks: no long tail on one core
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    done = 0
    answers = pool.imap(work, chunks, workers, initializer=_worker_signals)
    try:
        for chunk in answers:
            yield from chunk
            done += 1
    except pool.Unavailable:  # no processes here (a limit, a sandbox): one is enough
        pass
    except pool.Died as err:
        if warn is not None:
            warn(f"a worker process reading the catalog stopped ({err}); reading the rest in this one")
    finally:
        answers.close()  # however this ends, no worker outlives it
    for rest in chunks[done:]:
        yield from work(rest)


def _worker_signals() -> None:
    """Ctrl-C and SIGTERM are the parent's to handle (one message, exit 130 or 143)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _no_warning(message: str) -> None:
    pass


def load_catalog(catalog: Path | None = None, *, cache: bool = True, warn: Warn = _no_warning) -> Catalog:
    """Load every valid program in the catalog folder; unreadable or invalid files are skipped and listed.

    With `cache` (and MMEVAL_NO_CACHE unset), files unchanged since the last run are not read
    again: their facts, problems and digests come from the catalog cache (cache.py).
    """
    from mmeval.catalog import cache as cache_mod

    folder = resolve_catalog(catalog)
    try:
        if isinstance(folder, Path):  # names only: 10,000 Path objects cost more than the stats
            names = sorted(n for n in os.listdir(folder) if n.endswith(".toml") and not n.startswith("."))
        else:  # a packaged catalog that is not a folder on disk (e.g. inside a zip)
            names = [f.name for f in _toml_files(folder)]
    except OSError as err:
        raise CatalogNotFound(f"cannot read catalog folder '{shown(str(folder))}': {err.strerror}") from None
    base = folder if isinstance(folder, Path) else Path(str(folder))
    if not names:
        raise CatalogNotFound(
            f"catalog folder '{shown(base)}' holds no program files (*.toml)",
            hint="pass --catalog DIR (or set MMEVAL_CATALOG) to a folder of program .toml files",
        )
    store = None
    if cache and not cache_mod.disabled() and isinstance(folder, Path):
        store = cache_mod.Store(folder.resolve(), warn, files=len(names))
    entries: dict[str, Entry] = {}
    results: dict[str, Parsed | Entry] = {}
    todo: list[Path] = []
    keys: dict[str, cache_mod.StatKey] = {}
    folder_text = str(base)
    for name in names:
        full = os.path.join(folder_text, name)
        try:
            st = os.stat(full)
        except OSError:
            todo.append(base / name)  # the reader says what is wrong with it
            continue
        keys[name] = cache_mod.stat_key(st)
        hit = store.lookup(name, st, full) if store else None
        if hit is not None:
            results[name] = entries[name] = hit
        else:
            todo.append(base / name)
    writer = None  # the store, while this run writes to it
    if store is not None and (todo or set(store.entries) - set(entries)) and store.start():
        writer = store
        entries = {name: store.entries[name] for name in entries}  # start() may have compacted
    memory: dict[str, bytes] = {}  # validated data of programs the cache does not hold
    for parsed in parse_files(todo, writer.data_file() if writer is not None else None, warn):
        results[parsed.name] = parsed
        if parsed.data is not None:
            memory[parsed.name] = parsed.data
        key = keys.get(parsed.name)
        # a valid program whose data line was not written (no cache writer, a short write) is
        # not cached: its entry would point nowhere
        unplaced = parsed.facts is not None and parsed.where is None
        if store is not None and parsed.readable and key is not None and not unplaced:
            said = (parsed.problem.field, parsed.problem.message) if parsed.problem else None
            entries[parsed.name] = cache_mod.Entry(key, parsed.sha.hex(), parsed.facts, said, parsed.where)
    if writer is not None:
        writer.finish(entries)
    facts: dict[str, Facts] = {}
    skipped: list[Problem] = []
    digest = hashlib.sha256()
    kept: dict[str, bytes] = {}  # by program ID
    located: dict[str, cache_mod.Where] = {}
    for name in names:
        got = results[name]
        sha = got.sha if isinstance(got, Parsed) else bytes.fromhex(got.sha)
        digest.update(os.fsencode(name) + b"\0" + sha)  # a name need not be UTF-8
        if got.problem is not None:
            problem = got.problem
            skipped.append(problem if isinstance(problem, Problem) else Problem(base / name, *problem))
            continue
        assert got.facts is not None
        pid = got.facts.id
        facts[pid] = got.facts
        if name in memory:
            kept[pid] = memory[name]
        else:  # written to the cache by this run, or a hit (whose line compaction may have moved)
            where = got.where if isinstance(got, Parsed) else entries[name].where
            assert where is not None
            located[pid] = where

    def read(program_id: str) -> Program:
        from mmeval.catalog.program import hydrate

        if program_id in kept:
            return hydrate(json.loads(kept[program_id]))
        assert store is not None
        data = store.read_data(located[program_id])  # None: damaged (said once) or rewritten since
        if data is not None:
            try:
                if data.get("id") == program_id:
                    return hydrate(data)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass
            store.distrust(f"the data cached for {program_id} is not a program")
        return read_program(base / f"{program_id}.toml")

    return Catalog(facts, skipped, digest.hexdigest()[:16], str(folder), read)


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
                found = [Path(str(f)) for f in _toml_files(p)]
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


def filter_programs(
    programs: Iterable[Program],
    *,
    fields: Iterable[str] = (),
    platform: str | None = None,
    max_cost: float | None = None,
    max_months: float | None = None,
) -> tuple[list[Program], list[Program]]:
    """(programs matching every filter, programs that may match: a filtered fact unknown, or a
    stated range straddling the limit). Cost and months are judged as `recommend` judges a
    budget and a deadline (decision/feasibility.py): prices in another currency through the
    dated reference rates, else unknown; months at the courses' stated pace."""
    from mmeval.decision.facts import program_facts
    from mmeval.decision.feasibility import judge_budget, judge_months

    wanted = set(fields)
    kept: list[Program] = []
    unknown: list[Program] = []
    for p in programs:
        if wanted and not wanted & set(p.all_subjects):
            continue
        if platform and p.platform != platform:
            continue
        facts = program_facts(p) if max_cost is not None or max_months is not None else None
        checks = []
        if facts is not None and max_cost is not None:
            checks.append(judge_budget(facts, max_cost, {}).status)
        if facts is not None and max_months is not None:
            checks.append(judge_months(facts, max_months, None).status)
        if "no-fit" in checks:
            continue
        (unknown if "may-fit" in checks else kept).append(p)
    return kept, unknown


def undecided(
    program: Program, *, max_cost: float | None = None, max_months: float | None = None
) -> list[str]:
    """Why filter_programs could not tell whether a program is within the limits: the judges'
    notes ("price not stated", "price stated in XOF ...; no exchange rate to compare")."""
    from mmeval.decision.facts import program_facts
    from mmeval.decision.feasibility import judge_budget, judge_months

    facts = program_facts(program)
    checks = []
    if max_cost is not None:
        checks.append(judge_budget(facts, max_cost, {}))
    if max_months is not None:
        checks.append(judge_months(facts, max_months, None))
    return [c.note for c in checks if c.status == "may-fit"]
