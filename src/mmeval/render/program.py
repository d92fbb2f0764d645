"""RENDER: models -> Rich renderables. Never prints, reads files or exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from mmeval.decision.bounds import cost_bounds
from mmeval.decision.freshness import facts_age, freshness_warnings
from mmeval.errors import Problem
from mmeval.money import amount, bounds_span, bounds_text
from mmeval.program.effort import course_pacing
from mmeval.program.effort import span as stated_span
from mmeval.render.parts import Words, criteria_grid, gap

if TYPE_CHECKING:
    from mmeval.program.schema import Program
    from mmeval.results.records import ProgramResult, Ranking

ACCREDITED = {True: "accredited", False: "not accredited", None: "status not confirmed"}


PACING_SHORT = {"instructor-paced": "scheduled", "self-paced": "self-paced"}


def subjects_text(p: Program) -> str:
    """The primary subject first, then the secondary ones."""
    rest = f" (also {', '.join(p.secondary)})" if p.secondary else ""
    return p.primary + rest


def span(lo: float | None, hi: float | None, unit: str) -> str:
    return stated_span(lo, hi, unit) or "unknown"


# --- catalog --------------------------------------------------------------------------------


class Adaptive:
    """A table on wide terminals, a compact list on narrow ones, so IDs are never cut."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, min_width: int) -> None:
        self.wide, self.narrow, self.min_width = wide, narrow, min_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.min_width else self.narrow


class ProgramList:
    """One line per program in columns: ID, platform, cost, months, subject. The ID column is as
    wide as the longest ID that leaves room for the rest; a longer ID is printed whole on a line
    of its own with the row's other columns below it. The other columns are shortened with "…"."""

    HEAD = ("ID", "Platform", "Cost", "Months", "Subject")

    def __init__(self, programs: list[Program], nothing: str = "No program matches.") -> None:
        self.rows = [_list_row(p) for p in programs]
        self.nothing = nothing  # said instead of an empty table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        rows, width = self.rows, options.max_width
        if not rows:
            yield Words(Text(self.nothing))
            return
        caps = (11, 22 if width >= 100 else 14, 6)  # platform, cost, months: at most this wide
        widths = [max([len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(self.HEAD)]
        rest = [min(w, c) for w, c in zip(widths[1:4], caps, strict=True)]
        room = width - sum(rest) - 2 * 4  # for the ID and the subject, after 4 gaps of 2
        id_width = min(widths[0], max(12, room - min(widths[4], 12 if width < 100 else 14)))
        subject = max(4, min(widths[4], room - id_width))  # never wider than what is left
        yield self._line(self.HEAD, id_width, [*rest, subject], "bold")
        for row in rows:
            if cell_len(row[0]) > id_width:
                yield Text(row[0], style="cyan", no_wrap=True, overflow="ignore")
                yield self._line(("", *row[1:]), id_width, [*rest, subject], "")
            else:
                yield self._line(row, id_width, [*rest, subject], "")
        yield Text(f"{len(rows)} program(s)", style="dim")

    @staticmethod
    def _line(cells: tuple[str, ...], id_width: int, widths: list[int], style: str) -> Text:
        line = Text(style=style, no_wrap=True, overflow="ignore")
        line.append(cells[0].ljust(id_width), style="" if style else "cyan")
        for cell, w in zip(cells[1:], widths, strict=True):
            text = Text(cell)
            text.truncate(w, overflow="ellipsis", pad=True)
            line.append("  ")
            line.append_text(text)
        line.rstrip()
        return line


def _list_row(p: Program) -> tuple[str, str, str, str, str]:
    t = p.time
    months = span(t.months_min, t.months_max, "").strip() if t else "unknown"
    retired = "(retired) " if p.availability is not None and p.availability.status == "retired" else ""
    cost = bounds_span(cost_bounds(p), in_usd=True)
    return (p.id, p.platform or "?", cost, "?" if months == "unknown" else months, retired + p.primary)


def program_list(programs: list[Program], nothing: str = "No program matches.") -> RenderableType:
    """The programs one line each; `nothing` is what to say when there are none."""
    return ProgramList(programs, nothing)


def problems_report(n_files: int, problems: list[Problem]) -> RenderableType:
    lines = [Text(str(p)) for p in problems]  # printed with soft_wrap: one line per problem
    summary = Text(
        f"{n_files} file(s), {len(problems)} problem(s)",
        style="bold red" if problems else "bold green",
    )
    return Group(*lines, summary)


def _time_rows(p: Program, facts: Table, details: list[str]) -> None:
    """The stated length, load and pacing, then how long the courses take at their stated pace
    (as `recommend` counts it: decision/bounds.py)."""
    from mmeval.decision.bounds import months_at, partial_estimate, time_shape

    t = p.time
    if t is None:
        facts.add_row("Time", "length, weekly load and pacing not stated for the program")
    else:
        months = span(t.months_min, t.months_max, "months")
        hours = span(t.hours_min, t.hours_max, "h/week")
        loads = [(c.hours_min, c.hours_max) for c in p.courses if c.hours_min or c.hours_max]
        if hours == "unknown" and loads:  # the plan's rows show these: say where they are stated
            least, most = min(a or b or 0 for a, b in loads), max(b or a or 0 for a, b in loads)
            hours = f"weekly load stated per course only ({span(least, most, 'h/week')})"
        parts = [
            "length not stated" if months == "unknown" else months,
            "weekly load not stated" if hours == "unknown" else hours,
            t.pacing or "pacing not stated",
        ]
        facts.add_row("Time", ", ".join(parts))
        if t.pacing_note:
            details.append(f"Pacing: {t.pacing_note}")
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


def program_detail(
    p: Program, today: dt.date, *, decides: tuple[ProgramResult, Ranking] | None = None, sources: bool = True
) -> RenderableType:
    """The summary first (the facts and the criteria that decide, with their weight), then the
    courses, pathways, employers, outcomes and notes; the sources, or how many there are."""
    parts: list[RenderableType] = []
    head = Text(p.name, style="bold")
    head.append("\n")
    head.append(p.id, style="cyan")
    head.append(f" · {p.university} · {p.platform or 'platform unknown'} · {p.credential}", style="dim")
    parts.append(Words(head))
    for warning in freshness_warnings(p, today):
        parts.append(Text(f"! {warning}", style="yellow"))
    details: list[str] = []  # what the summary's facts rest on: shown after the courses
    facts = _summary_grid(p, today, details)
    parts.append(Group(Text("Summary", style="bold underline"), facts))
    if decides is not None:
        row, ranking = decides
        title = Text(
            f"What decides its score (goal {ranking.goal}: weight, criterion, points of 100)", style="bold"
        )
        parts.append(Group(title, criteria_grid(row, ranking.weights)))
    parts.append(course_table(p))
    parts.append(pathway_summary(p))
    parts.append(employer_section(p))
    if details:
        parts.append(bullets("Details behind the summary", details))
    if p.learning_outcomes:
        parts.append(bullets("Learning outcomes", p.learning_outcomes))
    if p.notes:
        parts.append(bullets("Notes", p.notes))
    if sources:
        src = Table("Source", "Supports", "Date", title="Sources", title_justify="left", show_lines=False)
        for s in p.sources:
            src.add_row(Text(s.url, style="blue", overflow="fold"), s.supports, s.as_of or s.date_note or "")
        parts.append(src)
    else:
        n = len(p.sources)
        parts.append(
            Words(Text(f"Sources: {n} listed; `mmeval show {p.id} --sources` lists them.", style="dim"))
        )
    return gap(parts)


def _summary_grid(p: Program, today: dt.date, details: list[str]) -> Table:
    """The facts that decide, one line each; what they rest on goes to `details`."""
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
            details.append(f"Financial aid: {c.financial_aid}")
        if c.basis:
            details.append(f"Cost: {c.basis}")
        if c.note:
            details.append(f"Cost: {c.note}")
    _time_rows(p, facts, details)
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
            details.append(f"Prerequisites: {pre.summary}")
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
    facts.add_row("Credit", _credit_line(p))
    facts.add_row("Employers", _employer_line(p))
    facts.add_row("Reviewed", p.reviewed.isoformat() + " (when this entry was checked against its sources)")
    facts.add_row("Facts", facts_age(p, today))
    return facts


def _credit_line(p: Program) -> str:
    if p.pathways is None:
        return "no credit pathway stated (unknown)"
    if not p.pathways:
        return "none: a source says the credit counts toward no degree"
    kinds = sorted({pw.kind for pw in p.pathways})
    return f"{len(p.pathways)} pathway(s) into a degree ({', '.join(kinds)}); `mmeval pathways` details them"


def _employer_line(p: Program) -> str:
    rec = p.employers
    if rec is None:
        return "none stated (unknown)"
    bits = [f"{len(rec.employers)} named"] if rec.employers else []
    if rec.outcomes:
        bits.append(f"{len(rec.outcomes)} outcome figure(s)")
    return ", ".join(bits) or ("a statement" if rec.statement else "none stated")


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
