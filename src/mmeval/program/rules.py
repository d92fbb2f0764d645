"""RULES: what the advice reads must hold — truthful words (no placeholders), stated ranges,
partial course lists with their count, availability with its source, no unacceptable sources."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from mmeval.errors import Problem
from mmeval.program.methods import BLOCKS

if TYPE_CHECKING:
    from mmeval.program.schema import Program


# Words that mark a stand-in, not a fact ("list not captured", "see page")
_PLACEHOLDER = re.compile(r"not captured|see (the )?page|\blist not\b|placeholder|\btbd\b", re.I)


def check_truth(path: Path, program: Program) -> list[Problem]:
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


def check_facts(path: Path, program: Program) -> list[Problem]:
    """What the advice reads must say what it is: ranges, partial lists, availability, sources."""
    return [
        *_price_range(path, program),
        *_course_list(path, program),
        *_availability(path, program),
        *_sources_and_pathways(path, program),
    ]


def _price_range(path: Path, program: Program) -> list[Problem]:
    """A per-course range has both ends, the low end first, and is not given beside one price."""
    problems: list[Problem] = []
    cost = program.cost
    if cost is None:
        return problems
    if (cost.per_course_min is None) != (cost.per_course_max is None):
        problems.append(
            Problem(path, "cost.per_course_min", "a range needs both per_course_min and per_course_max")
        )
    elif cost.per_course_min is not None and cost.per_course_max is not None:
        if cost.per_course_min > cost.per_course_max:
            problems.append(Problem(path, "cost.per_course_min", "is greater than per_course_max"))
        if cost.per_course is not None:
            problems.append(
                Problem(path, "cost.per_course", "give either per_course or per_course_min/per_course_max")
            )
    return problems


def _course_list(path: Path, program: Program) -> list[Problem]:
    """A partial list states its count, above what it names; a complete one names that many."""
    taught = [c for c in program.courses if not c.final]
    listed = sum(1 for c in taught if c.group is None) + sum(g.choose for g in program.choices)
    count = program.course_count
    if program.course_list == "partial":
        if count is None:
            return [Problem(path, "course_list", "a partial course list needs the stated course_count")]
        if count <= listed:
            return [
                Problem(path, "course_count", f"{count} courses, but the partial list already names {listed}")
            ]
    elif count is not None and taught and count != listed:
        return [
            Problem(
                path,
                "course_count",
                f"{count} courses, but the list names {listed} a learner takes: list them all, or say"
                ' course_list = "partial"',
            )
        ]
    return []


def _availability(path: Path, program: Program) -> list[Problem]:
    """'offered' rests on a dated page of the institution or platform; a doubt on a source."""
    from mmeval.program.sources import OWN_KINDS, source_kind

    avail = program.availability
    if avail is None:
        return []
    problems: list[Problem] = []
    if avail.status == "offered":
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
    if avail.doubt is not None and (avail.status != "unconfirmed" or not avail.doubt_source):
        problems.append(
            Problem(
                path,
                "availability.doubt",
                "a doubt belongs to an 'unconfirmed' status and needs doubt_source",
            )
        )
    return problems


def _sources_and_pathways(path: Path, program: Program) -> list[Problem]:
    """No pathway beside a stated 'no pathway'; what a course teaches has its page; no source on a
    domain listed as unacceptable."""
    from mmeval.program.sources import source_kind

    problems: list[Problem] = []
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


def block_sources(program: Program) -> Iterator[tuple[str, str]]:
    for name in BLOCKS:
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
