"""RENDER: models -> Rich renderables. Never prints, reads files or exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mmeval.errors import Problem
from mmeval.freshness import facts_age, freshness_warnings
from mmeval.models import (
    CRITERIA,
    Comparison,
    CriterionScore,
    Excluded,
    Program,
    ProgramResult,
    Ranking,
    ResultFile,
    Robustness,
)

LABELS = {
    "accreditation": "Accreditation",
    "employer": "Employer recognition",
    "outcomes": "Learning outcomes",
    "credit": "Degree credit",
    "affordability": "Affordability",
    "time_fit": "Time fit",
    "math_readiness": "Math readiness",
}


ACCREDITED = {True: "accredited", False: "not accredited", None: "status not confirmed"}


def money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.0f}"


def span(lo: float | None, hi: float | None, unit: str) -> str:
    if lo is None and hi is None:
        return "unknown"
    if lo is None or hi is None or lo == hi:
        return f"{lo if lo is not None else hi:g} {unit}"
    return f"{lo:g}-{hi:g} {unit}"


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
        total = p.total_cost
        t = p.time
        months = span(t.months_min, t.months_max, "").strip() if t else "unknown"
        cost = money(total[0] if total else None)
        retired = " (retired)" if p.status == "retired" else ""
        name = Text(p.name)
        name.append(f"\n{p.university} · {p.platform}{retired}", style="dim")
        table.add_row(p.id, name, cost, months, ", ".join(p.subjects))
        when = f"{months} months" if t and months != "unknown" else "duration unknown"
        price = cost if total else "cost unknown"
        head = Text(p.id, style="bold cyan")
        head.append(f"  {price} · {when} · {p.platform}{retired}")
        body = Text(f"{p.name} — {p.university}")
        body.append(f"\n{', '.join(p.subjects)}", style="dim")
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


def program_detail(p: Program, today: dt.date) -> RenderableType:
    """Everything known about one program, in sections."""
    parts: list[RenderableType] = []
    head = Text(p.name, style="bold")
    head.append(f"\n{p.id} · {p.university} · {p.platform} · {p.credential}", style="dim")
    parts.append(head)
    for warning in freshness_warnings(p, today):
        parts.append(Text(f"! {warning}", style="yellow"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_row("Fields", ", ".join(p.subjects) + (f" ({p.subject_area})" if p.subject_area else ""))
    if p.level:
        facts.add_row("Level", p.level)
    if p.audience:
        facts.add_row("Audience", p.audience)
    if p.partners:
        facts.add_row("Partners", "; ".join(p.partners))
    c = p.cost
    if c is None:
        facts.add_row("Cost", "unknown")
    else:
        total = p.total_cost
        cost = money(total[0] if total else None)
        if total and total[1] != "cost.total_usd":
            cost += " (computed: per course x courses + exam fee)"
        bits = [f"total {cost}"]
        if c.per_course_usd is not None:
            bits.append(f"{money(c.per_course_usd)} per course")
        if c.exam_fee_usd is not None:
            bits.append(f"{money(c.exam_fee_usd)} exam/capstone")
        bits.append(f"as of {c.as_of}" if c.as_of else "date not stated")
        facts.add_row("Cost", ", ".join(bits))
        if c.basis:
            facts.add_row("", Text(c.basis, style="dim"))
        if c.note:
            facts.add_row("", Text(c.note, style="dim"))
    t = p.time
    if t is None:
        facts.add_row("Time", "unknown")
    else:
        facts.add_row(
            "Time",
            f"{span(t.months_min, t.months_max, 'months')}, {span(t.hours_min, t.hours_max, 'h/week')}"
            + (f", {t.pacing}" if t.pacing else ""),
        )
        if t.pacing_note:
            facts.add_row("", Text(t.pacing_note, style="dim"))
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
    facts.add_row("Facts", f"verified {p.verified.isoformat()}; {facts_age(p, today)}")
    parts.append(facts)
    parts.append(course_table(p))
    parts.append(pathway_summary(p))
    parts.append(employer_section(p))
    if p.learning_outcomes:
        parts.append(_bullets("Learning outcomes", p.learning_outcomes))
    if p.notes:
        parts.append(_bullets("Notes", p.notes))
    src = Table("Source", "Supports", "Date", title="Sources", title_justify="left", show_lines=False)
    for s in p.sources:
        src.add_row(Text(s.url, style="blue", overflow="fold"), s.supports, s.as_of or s.date_note or "")
    parts.append(src)
    return Group(*_spaced(parts))


def _spaced(parts: list[RenderableType]) -> list[RenderableType]:
    return [Padding(part, (0, 0, 1, 0)) for part in parts]


def _bullets(title: str, items: Iterable[str]) -> RenderableType:
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
    table.add_column("Weeks", justify="right")
    table.add_column("h/week", justify="right")
    table.add_column("Needs")
    for i, c in enumerate(p.courses, start=1):
        title = Text(c.title)
        if c.code:
            title.append(f" ({c.code})", style="dim")
        if c.foundational:
            title.append(" foundational", style="green")
        needs = ", ".join([*c.requires, *c.math])
        table.add_row(
            str(i),
            title,
            str(c.weeks or "?"),
            span(c.hours_min, c.hours_max, "").strip().replace("unknown", "?"),
            needs,
        )
    if p.course_count and p.course_count != len(p.courses):
        table.caption = f"{p.course_count} courses stated; {len(p.courses)} listed"
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


# --- results --------------------------------------------------------------------------------


def weights_line(ranking: Ranking) -> Text:
    text = Text("Goal ", style="dim")
    text.append(ranking.goal, style="bold")
    text.append(" · method ", style="dim")
    text.append(ranking.method)
    text.append(" · normalisation ", style="dim")
    text.append(ranking.normalization)
    text.append("\nWeights ", style="dim")
    text.append("  ".join(f"{c} {ranking.weights[c]:.0%}" for c in CRITERIA if c in ranking.weights))
    for note in ranking.notes:
        text.append(f"\nNote: {note}", style="dim")
    return text


def top_criteria(row: ProgramResult, ranking: Ranking, n: int = 2) -> str:
    contrib = sorted(
        ((ranking.weights[s.criterion] * s.points, s.criterion) for s in row.scores),
        key=lambda x: (-x[0], x[1]),
    )
    return ", ".join(c for _, c in contrib[:n])


def ranking_table(ranking: Ranking, top: int | None = None) -> RenderableType:
    rows = ranking.rows[:top] if top else ranking.rows
    table = Table(title=f"Ranked for: {ranking.goal}", title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("Program")
    table.add_column("Score", no_wrap=True)
    table.add_column("Cover", justify="right", no_wrap=True)
    table.add_column("Helped most")
    table.add_column("Warnings")
    compact = Table.grid(padding=(0, 1))
    compact.add_column(justify="right", no_wrap=True, style="bold")
    compact.add_column()
    for row in rows:
        rank = f"{row.rank}=" if row.tied else str(row.rank)
        program = Text(row.name)
        program.append(f"\n{row.university}", style="dim")
        score = Text(f"{row.total:5.1f} ")
        score.append(bar(row.total, 8), style="green")
        helped = top_criteria(row, ranking)
        table.add_row(
            rank,
            row.id,
            program,
            score,
            f"{row.coverage:.0%}",
            helped,
            Text("\n".join(row.warnings), style="yellow"),
        )
        body = Text(f"{row.total:5.1f} ")
        body.append(bar(row.total, 8), style="green")
        body.append(f"  cover {row.coverage:.0%}  ")
        body.append(row.id, style="bold cyan")
        body.append(f"\n{row.name} — {row.university}")
        body.append(f"\nhelped most: {helped}", style="dim")
        for warning in row.warnings:
            body.append(f"\n! {warning}", style="yellow")
        compact.add_row(rank, body)
    if not rows:
        table.caption = "No program left to rank; see the exclusions below."
        compact.add_row("", "No program left to rank; see the exclusions below.")
    elif len(rows) < len(ranking.rows):
        table.caption = f"Top {len(rows)} of {len(ranking.rows)} ranked"
    narrow = Group(Text(f"Ranked for: {ranking.goal}", style="italic"), compact)
    parts: list[RenderableType] = [weights_line(ranking), Adaptive(table, narrow, 130)]
    if any(r.tied for r in rows):
        parts.append(Text("= tied on score; order by evidence coverage, then ID", style="dim"))
    parts.append(Text("Cover = evidence coverage: share of the weight resting on stated facts.", style="dim"))
    if ranking.excluded:
        parts.append(excluded_table(ranking.excluded))
    return Group(*parts)


def excluded_table(excluded: Iterable[Excluded]) -> RenderableType:
    """Programs left out, with the reason; a reason shared by many is written once."""
    by_reason: dict[str, list[str]] = {}
    for e in excluded:
        by_reason.setdefault(e.reason, []).append(e.id)
    lines = Table.grid(padding=(0, 1))
    lines.add_column(no_wrap=True)
    lines.add_column()
    for reason, ids in by_reason.items():
        text = Text()
        if len(ids) > 3:
            text.append(f"{len(ids)} programs ", style="bold")
            text.append(f"{reason}: ")
            text.append(", ".join(ids), style="cyan")
        else:
            text.append(", ".join(ids), style="cyan")
            text.append(f": {reason}")
        lines.add_row("•", text)
    return Group(Text("Not ranked", style="italic"), lines)


def recommendation(result: ResultFile) -> RenderableType:
    """The ranked table, then the robustness report if there is one."""
    parts = [ranking_table(result.ranking)]
    if result.robustness:
        parts.append(robustness_panel(result.robustness))
    if result.comparison:
        parts = [comparison(result.comparison)]
    return Group(*parts)


def report(result: ResultFile) -> RenderableType:
    """A saved result as it was shown, with a line on where it came from."""
    m = result.meta
    head = Text(
        f"Result of `mmeval {m.command}` (mmeval {m.version}"
        + (f", {m.timestamp}" if m.timestamp else "")
        + f", catalog {m.catalog_digest})",
        style="dim",
    )
    return Group(head, recommendation(result))


def explanation(row: ProgramResult, ranking: Ranking) -> RenderableType:
    """Each criterion: components with evidence, points, weight and contribution."""
    head = Text(row.name, style="bold")
    head.append(f"\n{row.id} · {row.university}", style="dim")
    table = Table(title="How the score was built", title_justify="left", show_lines=True)
    table.add_column("Criterion", no_wrap=True)
    table.add_column("Evidence and rule", ratio=1)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Weight", justify="right", no_wrap=True)
    table.add_column("Adds", justify="right", no_wrap=True)
    unknown: list[str] = []
    for s in row.scores:
        w = ranking.weights[s.criterion]
        table.add_row(
            LABELS[s.criterion] + ("" if s.known_share else "\n(unknown)"),
            _evidence(s),
            f"{s.points:.1f}",
            f"{w:.0%}",
            f"{w * s.points:.1f}",
        )
        unknown += [f"{LABELS[s.criterion]}: {c.name}" for c in s.components if not c.known]
    total = "weighted sum" if ranking.method == "weighted-sum" else "TOPSIS closeness x 100"
    table.caption = f"Total {row.total:.1f} ({total}) · evidence coverage {row.coverage:.0%}"
    parts: list[RenderableType] = [head, weights_line(ranking), table]
    if ranking.method == "topsis":
        parts.append(Text("With TOPSIS the total is not the sum of the Adds column.", style="dim"))
    if unknown:
        parts.append(_bullets("Unknown (scored at 25% of their points)", unknown))
    if row.warnings:
        parts.append(_bullets("Warnings", row.warnings))
    return Group(*parts)


def _evidence(s: CriterionScore) -> Text:
    text = Text(overflow="fold")  # a URL longer than the column wraps instead of being cut
    for i, c in enumerate(s.components):
        if i:
            text.append("\n")
        text.append(f"{c.name}: {c.points:g}/{c.max_points:g}", style="bold")
        text.append(f" — {c.rule}", style="dim")
        for e in c.evidence:
            text.append(f"\n  {e.field} = {e.value}")
            if e.source:
                text.append(f" [{e.source}]", style="blue")
    return text


def robustness_panel(r: Robustness) -> RenderableType:
    lines = Text()
    lines.append(
        f"{r.top_id} stays first in {r.top_stays_share:.0%} of {r.draws} draws "
        f"(each weight x random factor in [{1 - r.spread:g}, {1 + r.spread:g}], seed {r.seed})."
    )
    if r.runner_up_id is None:
        lines.append("\nOnly one program was ranked.")
    else:
        if not r.clear_winner:
            lines.append(
                f"\nNo clear winner: {r.top_id} leads {r.runner_up_id} by {r.margin:.1f} points (< 2).",
                style="bold yellow",
            )
        else:
            lines.append(f"\nLead over {r.runner_up_id}: {r.margin:.1f} points.")
        c = r.smallest_change
        if c is None:
            lines.append(f"\nNo single weight change lets {r.runner_up_id} overtake.")
        else:
            lines.append(
                f"\n{r.runner_up_id} would draw level or overtake if the weight of {c.criterion} "
                f"went from {c.from_weight:.1%} to {c.to_weight:.1%} (others rescaled)."
            )
    return Panel(lines, title="Robustness", title_align="left")


def comparison(comp: Comparison, today: dt.date | None = None) -> RenderableType:
    ranking = comp.ranking
    by_id = {r.id: r for r in ranking.rows}
    table = Table(title="Side by side", title_justify="left", show_lines=True)
    table.add_column("", style="bold", min_width=10)
    for pid in comp.ids:
        table.add_column(Text(pid, style="cyan"), overflow="fold")
    for fact in comp.facts:
        cells = []
        for i, value in enumerate(fact.values):
            cell = Text(value)
            if i in fact.best:
                cell.stylize("bold green")
                cell.append(" ✓", style="green")
            cells.append(cell)
        table.add_row(fact.label, *cells)
    best_total = max(r.total for r in ranking.rows)
    totals = []
    for pid in comp.ids:
        r = by_id[pid]
        cell = Text(f"{r.total:.1f} (#{r.rank}, {r.coverage:.0%} known)")
        if r.total == best_total:
            cell.stylize("bold green")
            cell.append(" ✓", style="green")
        totals.append(cell)
    table.add_row("Total", *totals)
    return Group(weights_line(ranking), table, Text(comp.verdict, style="bold"))
