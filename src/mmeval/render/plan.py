"""RENDER `plan` and `pathways`: models -> Rich renderables. Never prints, reads files or exits."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from mmeval.money import dated as _usd
from mmeval.planning.notes import weeks_label
from mmeval.planning.records import DegreeOption, PathwayReport, PathwayView, Plan, PlanStep
from mmeval.render.parts import Words, gap
from mmeval.render.program import Adaptive

NARROW = 64  # below this many columns the tables become lists, so no figure is cut

KINDS = {"master": "master's", "mba": "MBA", "other": "other"}


def _num(value: float | None) -> str:
    return "?" if value is None else f"{round(value, 1):g}"


def _bullets(title: str, items: tuple[str, ...], style: str, mark: str) -> RenderableType:
    text = Text(title, style="bold")
    for item in items:
        text.append(f"\n{mark} ")
        text.append(item, style=style)
    return text


# --- plan -----------------------------------------------------------------------------------


def _course_cell(s: PlanStep) -> Text:
    cell = Text(s.title)
    if s.code and s.code != s.title:
        cell.append(f" ({s.code})", style="dim")
    if s.program_level:
        cell.append(" *", style="yellow")
    order = ["foundational"] if s.foundational else []
    if s.kind == "final":
        order.append("after all courses")
    elif s.requires:
        order.append("after " + ", ".join(s.requires))
    if order:
        cell.append("\n" + " · ".join(order), style="dim")
    if s.stated_weeks is not None:
        cell.append(f"\nstated: {_num(s.stated_weeks)} wk at {_stated_hours(s)} h/week", style="dim")
    return cell


def _stated_hours(s: PlanStep) -> str:
    """The weekly load as the program states it: '8-12', or '10'."""
    if s.stated_hours_range:
        return "-".join(_num(h) for h in s.stated_hours_range)
    return _num(s.stated_hours)


def _mode(plan: Plan) -> str:
    """How the plan takes its courses; where fixed-date courses run at more (or fewer) hours than
    asked, the header says so rather than contradict the rows below it."""
    if plan.parallel > 1:
        return f"up to {plan.parallel} courses at once, at their stated pace"
    mode = f"one course at a time at {plan.hours_per_week:g} h/week"
    other = [
        s
        for s in plan.steps
        if s.weekly_hours is not None and abs(s.weekly_hours - plan.hours_per_week) > 0.05
    ]
    if other:
        stated = sorted({_stated_hours(s) for s in other}, key=lambda h: float(h.split("-")[0]))
        planned = sorted({_num(s.weekly_hours) for s in other}, key=float)
        hours = ", ".join(stated)
        mode += f", but {len(other)} of {len(plan.steps)} run on fixed dates at their stated {hours} h/week"
        if any(s.stated_hours_range for s in other):  # a range is planned at its midpoint
            mode += f" (planned at {', '.join(planned)})"
    return mode


def plan_view(plan: Plan) -> RenderableType:
    """The header, finish date, a month-by-month chart, the course table, warnings, notes and the
    one-line assumptions footer."""
    head = Text(f"Study plan: {plan.program_name}", style="bold")
    head.append("\n")
    head.append(plan.program_id, style="cyan")
    head.append(f" · {_mode(plan)} · from {plan.start:%Y-%m}", style="dim")
    table = Table(title="Courses", title_justify="left", caption_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Course", ratio=1, min_width=12)
    table.add_column("Weeks", justify="right", no_wrap=True)
    table.add_column("h/week", justify="right", no_wrap=True)
    table.add_column("Start", no_wrap=True)
    table.add_column("End", no_wrap=True)
    unknown = False
    for s in plan.steps:
        start = f"{s.start:%Y-%m}" if s.start else "?"
        if s.kind == "final" and s.weeks is None:
            weeks, hours, end = "?", "?", "?"
        else:
            weeks = str(s.weeks) if s.weeks is not None else "?"
            hours, end = _num(s.weekly_hours), f"{s.end:%Y-%m}" if s.end else "?"
        unknown = unknown or "?" in (weeks, hours, start, end)
        table.add_row(str(s.order), _course_cell(s), weeks, hours, start, end)
    if unknown:
        table.caption = "? = unknown: the catalog does not state it"
    parts: list[RenderableType] = [Words(head), _finish(plan), MonthChart(plan)]
    parts.append(Adaptive(table, _timeline_list(plan), NARROW))
    if plan.parallel > 1 and plan.loads:
        parts.append(_load_table(plan))
    if plan.warnings:
        parts.append(_bullets("Warnings", plan.warnings, "yellow", "!"))
    if plan.notes:
        parts.append(_bullets("Notes", plan.notes, "", "•"))
    parts.append(Text(f"Assumes: {plan.assumptions}", style="dim"))
    return gap(parts)


class MonthChart:
    """The plan at a glance: one row per course, one column per month (several months per column
    when the plan is longer than the terminal is wide), █ while the course runs."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        plan = self.plan
        first = plan.start.year * 12 + plan.start.month - 1
        ends = [s.end for s in plan.steps if s.end] + [s.start for s in plan.steps if s.start]
        if not ends:
            return
        months = max(d.year * 12 + d.month - 1 for d in ends) - first + 1
        wide = max(18, min(40, options.max_width - months - 10))  # room left by the months and "h/wk"
        label = min(wide, max(len(self._label(s)) for s in plan.steps))
        room = max(12, options.max_width - label - 1)
        per = -(-months // room)  # months per column
        cols = -(-months // per)
        years, letters = Text(" " * (label + 1), style="dim"), Text(" " * (label + 1), style="dim")
        for c in range(cols):
            m = first + c * per
            year, month = divmod(m, 12)
            mark = str(year) if c == 0 or (month < per) else ""
            if mark and len(years) <= label + 1 + c:
                years.append(mark.ljust(1))
            elif len(years) <= label + 1 + c:
                years.append(" ")
            letters.append("JFMAMJJASOND"[month] if per == 1 else "·")
        title = "By month" if per == 1 else f"By month ({per} months a column)"
        yield Text(title, style="bold")
        yield years
        yield letters
        for s in plan.steps:
            row = Text(shorten(self._label(s), label).ljust(label) + " ")
            if s.start is None:
                row.append("start unknown", style="dim")
                yield row
                continue
            a = (s.start.year * 12 + s.start.month - 1 - first) // per
            b = (s.end.year * 12 + s.end.month - 1 - first) // per if s.end else None
            row.append(" " * a)
            if b is None:
                row.append("?", style="yellow")
                row.append(" length not stated", style="dim")
            else:
                heavy = s.weekly_hours is not None and abs(s.weekly_hours - plan.hours_per_week) > 0.05
                row.append("█" * (b - a + 1), style="yellow" if heavy and plan.parallel == 1 else "green")
                row.append(f" {_num(s.weekly_hours)} h/wk", style="dim")
            row.no_wrap, row.overflow = True, "crop"
            yield row

    @staticmethod
    def _label(s: PlanStep) -> str:
        return f"{s.order} {s.code or s.title}"


def shorten(text: str, width: int) -> str:
    """`text` in `width` characters: whole when it fits, else cut (at a space when one is within the
    last few characters) and marked with "…": "2 Computational…", never "2 Computational Th"."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if text[width - 1] != " " and space >= len(cut) - 3:  # at a space when that loses little
        cut = cut[:space]
    return cut.rstrip() + "…"


def _timeline_list(plan: Plan) -> Text:
    """The timeline as a list, for terminals too narrow for the table."""
    text = Text("Timeline", style="italic")
    for s in plan.steps:
        text.append(f"\n{s.order}. ", style="bold")
        for i, line in enumerate(_course_cell(s).split("\n")):
            text.append("\n   " if i else "")
            text.append_text(line)
        when = f"{s.start:%Y-%m}" if s.start else "start unknown"
        if s.kind == "final" and s.weeks is None:
            when += ", length not stated"
        else:
            when += f" to {s.end:%Y-%m}" if s.end else " to ?"
            when += f" · {s.weeks if s.weeks is not None else '?'} weeks at {_num(s.weekly_hours)} h/week"
        text.append(f"\n   {when}")
    return text


def _finish(plan: Plan) -> Text:
    text = Text("Finish: ", style="bold")
    if plan.finish is None:
        text.append("unknown", style="bold yellow")
        text.append(" (the length of some courses is not stated; see the notes)")
        return text
    text.append(f"{plan.finish:%Y-%m}", style="bold green")
    text.append(f" ({plan.total_weeks} weeks, about {plan.total_months:g} months)")
    if plan.final_after_finish:
        final = next(s.order for s in reversed(plan.steps) if s.kind == "final")
        text.append(f", then step {final} (length not stated)")
    if plan.months_target is not None:
        text.append(f"; your target: {plan.months_target:g} months")
    return text


def _load_table(plan: Plan) -> RenderableType:
    table = Table(title="Weekly load", title_justify="left")
    table.add_column("Weeks", no_wrap=True)
    table.add_column("Months", no_wrap=True)
    table.add_column("Courses together", ratio=1)
    table.add_column("h/week", justify="right", no_wrap=True)
    for p in plan.loads:
        heavy = p.hours is not None and p.hours > 15
        table.add_row(
            weeks_label(p.start_week, p.end_week).split(" ", 1)[1],
            f"{p.start:%Y-%m} to {p.end:%Y-%m}",
            " + ".join(p.courses),
            Text(_num(p.hours), style="bold yellow" if heavy else ""),
        )
    return table


# --- pathways -------------------------------------------------------------------------------


def _pathway(n: int, v: PathwayView) -> RenderableType:
    p = v.pathway
    head = Text(f"{n}. {p.institution}", style="bold")
    head.append(f" · {KINDS[p.kind]}", style="cyan")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("Degree", p.degree or "not stated")
    grid.add_row("Credit", p.credit or "not stated in words")
    if p.credit_amount is not None:
        of = f" of {p.degree_credits:g} {p.degree_credits_unit or ''}".rstrip() if p.degree_credits else ""
        grid.add_row("Amount", f"{p.credit_amount:g} {p.credit_unit or 'credits'}{of}")
    share = Text(f"{v.share:.0%} of the degree" if v.share is not None else "unknown")
    if v.share_basis:
        share.append(f" ({v.share_basis})", style="dim")
    grid.add_row("Share", share)
    grid.add_row(
        "Conditions",
        Text(p.conditions, style="yellow")
        if p.conditions
        else Text("not stated: assume admission is required and credit is not guaranteed", style="yellow"),
    )
    remains = p.remaining or "not stated"
    if v.remaining_credits is not None and p.remaining is None:
        remains = f"{v.remaining_credits:g} {p.degree_credits_unit or 'credits'} (computed)"
    grid.add_row("Remains", remains)
    costs = []
    if p.remaining_cost_usd is not None:
        costs.append(f"{_usd(p.remaining_cost_usd, p.remaining_cost_as_of)} for what remains")
    if p.degree_cost_usd is not None:
        costs.append(f"{_usd(p.degree_cost_usd, p.degree_cost_as_of)} for the whole degree")
    grid.add_row("Cost", "; ".join(costs) or "unknown")
    months = _range(p.degree_months_min, p.degree_months_max)
    time = "; ".join(x for x in (f"whole degree {months}" if months else None, p.degree_duration) if x)
    grid.add_row("Time", time or "unknown")
    if p.delivery:
        grid.add_row("Delivery", p.delivery)
    if p.note:
        grid.add_row("Note", Text(p.note, style="dim"))
    return Group(head, Padding(grid, (0, 0, 0, 3)))


def _range(lo: float | None, hi: float | None) -> str | None:
    if lo is None and hi is None:
        return None
    if lo is None or hi is None or lo == hi:
        return f"{lo if lo is not None else hi:g} months"
    return f"{lo:g}-{hi:g} months"


def _side_by_side(report: PathwayReport) -> RenderableType:
    title = f"{report.options[0].label.removeprefix('This ')} vs. a master's vs. an MBA"
    table = Table(title=title, title_justify="left", caption_justify="left", show_lines=True, expand=True)
    table.add_column("", style="bold", no_wrap=True)
    for o in report.options:
        table.add_column(o.label, ratio=1, overflow="fold")  # fold, not "…": never cut a figure

    rows: list[tuple[str, list[Text]]] = []

    def row(label: str, values: list[str]) -> None:
        cells = [Text(v, style="dim" if v == "unknown" else "") for v in values]
        table.add_row(label, *cells)
        rows.append((label, cells))

    opts: tuple[DegreeOption, ...] = report.options
    row("Institution", [o.institution or "no pathway listed" for o in opts])
    row("Cost", [o.cost.replace("; ", "\n") for o in opts])
    row("Time", [o.time for o in opts])
    row("Flexibility", [o.flexibility for o in opts])
    row("Credential", [o.credential for o in opts])
    row("Credit", [o.credit for o in opts])
    row("Remains", [o.remaining for o in opts])
    n = {k: sum(v.pathway.kind == k for v in report.pathways) for k in ("master", "mba")}
    picked = [f"{n[k]} {KINDS[k]} pathways" for k in n if n[k] > 1]
    if picked:
        table.caption = f"Of {' and '.join(picked)}, the one with the most stated facts is shown."
    narrow: list[RenderableType] = [Text(title, style="italic")]
    for i, o in enumerate(opts):
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
        for label, values in rows:
            grid.add_row(label, values[i])
        narrow.append(Group(Text(o.label, style="bold underline"), grid))
    if table.caption:
        narrow.append(Text(str(table.caption), style="dim"))
    return Adaptive(table, Group(*narrow), NARROW + 8)


def _counts(report: PathwayReport) -> str:
    kinds = [v.pathway.kind for v in report.pathways]
    into = {"master": "into a master's", "mba": "into an MBA", "other": "into another degree"}
    said = [f"{kinds.count(k)} {into[k]}" for k in ("master", "mba", "other") if k in kinds]
    if "mba" not in kinds:
        said.append("none into an MBA")
    return f"{len(kinds)} credit pathway{'s' if len(kinds) > 1 else ''}: {', '.join(said)}."


def pathways_view(report: PathwayReport) -> RenderableType:
    """Each credit pathway with its conditions next to the numbers, then the side-by-side."""
    head = Text(f"Credit pathways: {report.program_name}", style="bold")
    head.append("\n")
    head.append(report.program_id, style="cyan")
    head.append(f" · {report.university}", style="dim")
    parts: list[RenderableType] = [Words(head)]
    if report.status == "unknown":
        parts.append(
            Text(
                "No credit pathway is listed: no source in the catalog says whether this program's "
                "credit counts toward a degree (unknown, not necessarily none).",
                style="yellow",
            )
        )
    elif report.status == "none":
        parts.append(Text("A source says this program carries no credit toward a degree.", style="yellow"))
    else:
        parts.append(Text(_counts(report)))
        parts.append(Text(f"! {report.caveat}", style="yellow"))
        parts += [_pathway(i, v) for i, v in enumerate(report.pathways, start=1)]
    if any(o.institution for o in report.options[1:]):
        parts.append(_side_by_side(report))
    else:
        parts.append(Text("No side-by-side: the catalog lists no master's or MBA pathway.", style="dim"))
    parts.append(Text(f"Assumes: {report.assumptions}", style="dim"))
    return gap(parts)
