"""RENDER: models -> Rich renderables. Never prints, reads files or exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mmeval.decision.bounds import cost_bounds
from mmeval.decision.freshness import facts_age, freshness_warnings
from mmeval.errors import Problem
from mmeval.money import amount, bounds_span, bounds_text
from mmeval.program.effort import course_pacing
from mmeval.program.effort import span as stated_span

if TYPE_CHECKING:
    from mmeval.program.schema import Program

ACCREDITED = {True: "accredited", False: "not accredited", None: "status not confirmed"}


PACING_SHORT = {"instructor-paced": "scheduled", "self-paced": "self-paced"}


def subjects_text(p: Program) -> str:
    """The primary subject first, then the secondary ones."""
    rest = f" (also {', '.join(p.secondary)})" if p.secondary else ""
    return p.primary + rest


def span(lo: float | None, hi: float | None, unit: str) -> str:
    return stated_span(lo, hi, unit) or "unknown"


def bar(points: float, width: int = 10) -> str:
    filled = round(max(0.0, min(100.0, points)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


# --- catalog --------------------------------------------------------------------------------


class Adaptive:
    """A table on wide terminals, a compact list on narrow ones, so IDs are never cut."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, min_width: int) -> None:
        self.wide, self.narrow, self.min_width = wide, narrow, min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow


def program_list(programs: list[Program]) -> RenderableType:
    table = Table(title="Programs", title_justify="left")
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Program")
    table.add_column("Cost", justify="right", no_wrap=True)
    table.add_column("Months", justify="right", no_wrap=True)
    table.add_column("Fields")
    compact = Table.grid()
    compact.add_column()
    for p in programs:
        t = p.time
        months = span(t.months_min, t.months_max, "").strip() if t else "unknown"
        cost = bounds_span(cost_bounds(p), in_usd=True)
        retired = " (retired)" if p.availability is not None and p.availability.status == "retired" else ""
        name = Text(p.name)
        name.append(f"\n{p.university} · {p.platform or 'platform unknown'}{retired}", style="dim")
        table.add_row(p.id, name, cost, months, subjects_text(p))
        when = f"{months} months" if t and months != "unknown" else "duration unknown"
        price = cost if cost != "unknown" else "cost unknown"
        head = Text(p.id, style="bold cyan")
        head.append(f"  {price} · {when} · {p.platform or 'platform unknown'}{retired}")
        body = Text(f"{p.name} — {p.university}")
        body.append(f"\n{subjects_text(p)}", style="dim")
        compact.add_row(head)
        compact.add_row(Padding(body, (0, 0, 0, 2)))
    table.caption = f"{len(programs)} program(s)"
    compact.add_row(Text(f"{len(programs)} program(s)", style="dim"))
    return Adaptive(table, Group(Text("Programs", style="italic"), compact), 120)


def problems_report(n_files: int, problems: list[Problem]) -> RenderableType:
    lines = [Text(str(p)) for p in problems]  # printed with soft_wrap: one line per problem
    summary = Text(
        f"{n_files} file(s), {len(problems)} problem(s)",
        style="bold red" if problems else "bold green",
    )
    return Group(*lines, summary)


def _time_rows(p: Program, facts: Table) -> None:
    """The stated length, load and pacing, then how long the courses take at their stated pace
    (as `recommend` counts it: decision/bounds.py)."""
    from mmeval.decision.bounds import months_at, partial_estimate, time_shape

    t = p.time
    if t is None:
        facts.add_row("Time", "length, weekly load and pacing not stated for the program")
    else:
        months = span(t.months_min, t.months_max, "months")
        hours = span(t.hours_min, t.hours_max, "h/week")
        parts = [
            "length not stated" if months == "unknown" else months,
            "weekly load not stated" if hours == "unknown" else hours,
            t.pacing or "pacing not stated",
        ]
        facts.add_row("Time", ", ".join(parts))
        if t.pacing_note:
            facts.add_row("", Text(t.pacing_note, style="dim"))
    shape = time_shape(p)
    if shape is None:
        return
    lo, hi = months_at(shape, None)
    if hi is None:
        took = f"at least ~{lo:.0f} months at the courses' stated pace (not every course states its weeks)"
    else:
        took = f"~{lo:.0f}{'' if hi - lo < 1 else f'-{hi:.0f}'} months at the courses' stated pace"
        if partial_estimate(shape):
            took += f" (estimated from the {shape.counted} of its {shape.total} courses listed)"
    facts.add_row("", Text(f"One course at a time: {took}", style="dim"))


def program_detail(p: Program, today: dt.date) -> RenderableType:
    """Everything known about one program, in sections."""
    parts: list[RenderableType] = []
    head = Text(p.name, style="bold")
    head.append(
        f"\n{p.id} · {p.university} · {p.platform or 'platform unknown'} · {p.credential}", style="dim"
    )
    parts.append(head)
    for warning in freshness_warnings(p, today):
        parts.append(Text(f"! {warning}", style="yellow"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Fields", subjects_text(p) + (f" ({p.subject_area})" if p.subject_area else ""))
    if p.level or p.level_note:
        facts.add_row("Level", " - ".join(x for x in (p.level, p.level_note) if x))
    if p.audience:
        facts.add_row("Audience", p.audience)
    if p.partners:
        facts.add_row("Partners", "; ".join(p.partners))
    c = p.cost
    if c is None:
        facts.add_row("Cost", "unknown")
    else:
        bits = [f"total {bounds_text(cost_bounds(p))}"]
        if c.per_course is not None:
            bits.append(f"{amount(c.per_course, c.currency)} per course")
        if c.exam_fee is not None:
            bits.append(f"{amount(c.exam_fee, c.currency)} exam/capstone")
        if c.free_audit is not None:
            bits.append("free to audit" if c.free_audit else "no free audit")
        facts.add_row("Cost", ", ".join(bits))
        if c.financial_aid:
            facts.add_row("", Text(f"Financial aid: {c.financial_aid}", style="dim"))
        if c.basis:
            facts.add_row("", Text(c.basis, style="dim"))
        if c.note:
            facts.add_row("", Text(c.note, style="dim"))
    _time_rows(p, facts)
    if p.assessment:
        facts.add_row("Final assessment", f"{p.assessment.kind}: {p.assessment.description}")
    pre = p.prerequisites
    if pre is None:
        facts.add_row("Prerequisites", "not stated")
    else:
        bits = []
        if pre.math is not None:
            bits.append("math: " + (", ".join(pre.math) or "none"))
        if pre.programming is not None:
            bits.append("programming: " + (", ".join(pre.programming) or "none"))
        if pre.degree_required is not None:
            bits.append("degree required" if pre.degree_required else "no degree required")
        facts.add_row("Prerequisites", "; ".join(bits) or "see summary")
        if pre.summary:
            facts.add_row("", Text(pre.summary, style="dim"))
    acc = p.accreditation
    facts.add_row(
        "Accreditation",
        "unknown"
        if acc is None
        else f"{ACCREDITED[acc.accredited]}"
        f" by {acc.accreditor}"
        + (f" ({acc.body})" if acc.body else "")
        + (f"; {acc.applies_to}" if acc.applies_to else ""),
    )
    facts.add_row("Reviewed", p.reviewed.isoformat() + " (when this entry was checked against its sources)")
    facts.add_row("Facts", facts_age(p, today))
    parts.append(facts)
    parts.append(course_table(p))
    parts.append(pathway_summary(p))
    parts.append(employer_section(p))
    if p.learning_outcomes:
        parts.append(bullets("Learning outcomes", p.learning_outcomes))
    if p.notes:
        parts.append(bullets("Notes", p.notes))
    src = Table("Source", "Supports", "Date", title="Sources", title_justify="left", show_lines=False)
    for s in p.sources:
        src.add_row(Text(s.url, style="blue", overflow="fold"), s.supports, s.as_of or s.date_note or "")
    parts.append(src)
    return Group(*_spaced(parts))


def _spaced(parts: list[RenderableType]) -> list[RenderableType]:
    return [Padding(part, (0, 0, 1, 0)) for part in parts]


def bullets(title: str, items: Iterable[str]) -> RenderableType:
    text = Text(title, style="bold")
    for item in items:
        text.append(f"\n • {item}")
    return text


def course_table(p: Program) -> RenderableType:
    if not p.courses:
        n = f"{p.course_count} courses, " if p.course_count else ""
        return Text(f"Courses: {n}list not stated", style="dim")
    table = Table(title="Courses, in recommended order", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Course")
    table.add_column("Take")
    table.add_column("Weeks", justify="right")
    table.add_column("h/week", justify="right")
    table.add_column("Pacing", min_width=10)
    table.add_column("Needs")
    groups = {g.id: g for g in p.choices}
    for i, c in enumerate(p.courses, start=1):
        title = Text(c.label)
        if c.code and c.title:
            title.append(f" ({c.code})", style="dim")
        if c.foundational:
            title.append(" foundational", style="green")
        take = "last (final)" if c.final else "required" if c.group is None else groups[c.group].label
        needs = ", ".join([*c.requires, *c.math])
        table.add_row(
            str(i),
            title,
            take,
            str(c.weeks or "?"),
            span(c.hours_min, c.hours_max, "").strip().replace("unknown", "?"),
            PACING_SHORT.get(course_pacing(p, c) or "", "?"),
            needs,
        )
    captions = []
    if p.course_count and p.course_count != p.n_courses:
        captions.append(f"{p.course_count} courses stated; {len(p.courses)} listed")
    if any(course_pacing(p, c) == "instructor-paced" for c in p.courses):
        captions.append("scheduled = instructor-paced: fixed weeks on set dates")
    table.caption = "\n".join(captions) or None
    return table


def pathway_summary(p: Program) -> RenderableType:
    if p.pathways is None:
        return Text("Credit pathways: none stated (unknown)", style="dim")
    if not p.pathways:
        return Text("Credit pathways: a source says there are none")
    table = Table(title="Credit pathways", title_justify="left")
    table.add_column("Institution")
    table.add_column("Degree")
    table.add_column("Credit")
    table.add_column("Share", justify="right")
    for pw in p.pathways:
        share = f"{pw.credit_fraction:.0%}" if pw.credit_fraction else "unknown"
        table.add_row(
            pw.institution,
            f"{pw.degree or 'not stated'} ({pw.kind})",
            pw.credit or "not stated",
            share,
        )
    table.caption = "Credit counts only after admission at the listed school; see `mmeval pathways`."
    return table


def employer_section(p: Program) -> RenderableType:
    rec = p.employers
    if rec is None:
        return Text("Employer recognition: none stated (unknown)", style="dim")
    text = Text("Employer recognition", style="bold")
    if rec.statement:
        text.append(f"\n{rec.statement}")
    for e in rec.employers:
        text.append(f"\n • {e.name}: {e.relation}" + (f" ({e.as_of})" if e.as_of else ""))
    for o in rec.outcomes:
        scope = "" if o.scope == "program" else " [all of the provider's programs]"
        text.append(f"\n • {o.figure}{scope}" + (f" ({o.as_of})" if o.as_of else ""))
    return text
