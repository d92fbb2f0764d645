"""RENDER results: ranked tables, robustness, saved reports (explanations: render/explain.py,
comparisons: render/compare.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mmeval.render.compare import comparison as comparison  # `compare` draws it from here
from mmeval.render.explain import explanation as explanation  # `explain` draws it from here
from mmeval.render.parts import (
    FIT_LABELS,
    FIT_STYLES,
    IdLine,
    Words,
    bar,
    top_criteria,
    verdict_panel,
    weights_line,
    words,
)
from mmeval.render.program import Adaptive
from mmeval.results.records import Excluded, ProgramResult, Ranking, ResultFile, Robustness

DEFAULT_TOP = 10


def for_you(row: ProgramResult) -> RenderableType:
    """A program's fit and score for the person, as `recommend` ranks it: one line per limit."""
    style = {"fits": "green", "may-fit": "yellow", "no-fit": "red"}[row.fit]
    text = Text(f"{FIT_LABELS[row.fit].capitalize()}", style=f"bold {style}")
    text.append(f" · score {row.total:.1f}", style="bold")
    if row.total_low is not None and row.total_high is not None and row.total_high - row.total_low > 0.05:
        text.append(f" ({row.total_low:.0f}-{row.total_high:.0f})", style="dim")
    text.append(f" · evidence coverage {row.coverage:.0%} · rank {row.rank} in `mmeval recommend`")
    for lim in row.limits:
        mark = {"fits": "✓", "may-fit": "?", "no-fit": "✗"}[lim.fit]
        text.append(
            f"\n{mark} {lim.limit}: {lim.note}",
            style={"fits": "", "may-fit": "yellow", "no-fit": "red"}[lim.fit],
        )
    if not row.limits:
        text.append(
            "\nNo limit given (budget, hours a week or months): nothing to judge it against.", style="dim"
        )
    for warning in row.warnings:
        text.append(f"\n! {warning}", style="yellow")
    return Panel(text, title="For you", title_align="left", border_style=style)


def _fit_text(row: ProgramResult) -> Text:
    style = {"fits": "green", "may-fit": "yellow", "no-fit": "red"}[row.fit]
    text = Text(FIT_LABELS[row.fit], style=style)
    for note in row.fit_notes:
        text.append(f"\n{note}", style=style)
    return text


def _score_text(row: ProgramResult) -> Text:
    score = Text(f"{row.total:5.1f} ")
    score.append(bar(row.total, 8), style="green")
    if row.total_low is not None and row.total_high is not None and row.total_high - row.total_low > 0.05:
        score.append(f"\n({row.total_low:.0f}-{row.total_high:.0f})", style="dim")
    return score


def _rank(row: ProgramResult) -> str:
    return f"{row.rank}=" if row.tied else f"{row.rank}≈" if row.inseparable else str(row.rank)


WIDE_REST = 100  # the ranking table's columns but the ID, with borders and room to read


def _section(title: str, rows: Sequence[ProgramResult], ranking: Ranking) -> RenderableType:
    """A table where it fits with every ID whole, else a list: one block per program, its ID on the
    first line (or a line of its own), never folded or cut."""
    longest = max((len(r.id) for r in rows), default=0)
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("ID", style="bold cyan", no_wrap=True, min_width=longest)
    table.add_column("Program", ratio=3)
    table.add_column("Score", no_wrap=True)
    table.add_column("Cover", justify="right", no_wrap=True)
    table.add_column("Fit and warnings", ratio=3)
    table.add_column("Helped most", ratio=1)
    compact: list[RenderableType] = [Text(title, style="italic")]
    rank_width = max((len(_rank(r)) for r in rows), default=1)
    for row in rows:
        helped = top_criteria(row, ranking)
        fit = _fit_text(row)
        for warning in row.warnings:
            fit.append(f"\n! {warning}", style="yellow")
        name = Text(f"{row.name} — {row.university}", style="dim")
        table.add_row(_rank(row), row.id, name, _score_text(row), f"{row.coverage:.0%}", fit, helped)
        lead = Text(f"{_rank(row):>{rank_width}} ", style="bold")
        lead.append(f"{row.total:5.1f} ")
        lead.append(bar(row.total, 8), style="green")
        if row.total_low is not None and row.total_high is not None and row.total_high - row.total_low > 0.05:
            lead.append(f" ({row.total_low:.0f}-{row.total_high:.0f})", style="dim")
        lead.append(f"  cover {row.coverage:.0%}  ")
        body = Text(f"{row.name} — {row.university}")
        colour = FIT_STYLES[row.fit]
        body.append(f"\n{FIT_LABELS[row.fit]}", style=colour)
        if row.fit_notes:
            body.append(": " + "; ".join(row.fit_notes), style=colour)
        body.append(f"\nhelped most: {helped}", style="dim")
        for warning in row.warnings:
            body.append(f"\n! {warning}", style="yellow")
        compact += [IdLine(lead, row.id, rank_width + 1), Padding(body, (0, 0, 0, rank_width + 1))]
    return Adaptive(table, Group(*compact), max(130, longest + WIDE_REST))


def ranking_table(
    ranking: Ranking, top: int | None = DEFAULT_TOP, show_excluded: bool = False
) -> RenderableType:
    """The verdict, then what fits or may fit, then what does not, then what was left out."""
    shown = ranking.rows[:top] if top else ranking.rows
    parts: list[RenderableType] = []
    if ranking.verdict is not None:
        parts.append(verdict_panel(ranking.verdict))
    parts.append(weights_line(ranking))
    fitting = [r for r in shown if r.fit != "no-fit" or _mixed(ranking)]
    unfit = [r for r in shown if r not in fitting]
    if fitting:
        title = f"Ranked for: {ranking.goal}" + ("" if _mixed(ranking) else " — fits or may fit")
        parts.append(_section(title, fitting, ranking))
    if unfit:
        parts.append(_section("Does not fit your time or budget", unfit, ranking))
    if not ranking.rows:
        parts.append(Text("No program left to rank; see what was left out below.", style="bold"))
    hidden = len(ranking.rows) - len(shown)
    if hidden:
        more_unfit = sum(1 for r in ranking.rows[len(shown) :] if r.fit == "no-fit")
        extra = f" ({more_unfit} of them do not fit)" if more_unfit else ""
        parts.append(Text(f"{hidden} more ranked{extra}: --top N or --all to see them.", style="dim"))
    if any(r.tied for r in shown):
        parts.append(Text("= tied on score; order by evidence coverage, then ID", style="dim"))
    if any(r.inseparable for r in shown):
        parts.append(
            Text(
                "≈ cannot be separated from the row above on known facts (unknowns could swap them)",
                style="dim",
            )
        )
    parts.append(
        Text(
            "Score: an unknown fact counts as modest (the catalog's lower quartile, never full marks;"
            " no route for a degree goal); (low-high) = every unknown at worst / best."
            "\nCover = evidence coverage: share of the weight resting on stated facts.",
            style="dim",
        )
    )
    if ranking.excluded:
        parts.append(
            excluded_table(ranking.excluded) if show_excluded else excluded_summary(ranking.excluded)
        )
    return Group(*parts)


def _mixed(ranking: Ranking) -> bool:
    """Whether --include-unfit ranked everything together (a no-fit row above a fitting one)."""
    seen_unfit = False
    for r in ranking.rows:
        if r.fit == "no-fit":
            seen_unfit = True
        elif seen_unfit:
            return True
    return False


def _reason_kind(reason: str) -> str:
    return reason.split(":")[0]


def excluded_summary(excluded: Iterable[Excluded]) -> RenderableType:
    """One line: how many programs were left out for each reason."""
    counts: dict[str, int] = {}
    for e in excluded:
        key = _reason_kind(e.reason)
        counts[key] = counts.get(key, 0) + 1
    text = Text("Not ranked: ", style="italic")
    text.append(", ".join(f"{n} {reason}" for reason, n in counts.items()))
    text.append(" (--show-excluded lists them)", style="dim")
    return text


def excluded_table(excluded: Iterable[Excluded]) -> RenderableType:
    """Programs left out, with the reason; a reason shared by many is written once. Running text
    (no table cell), so a long ID wraps to a line of its own rather than being cut."""
    by_reason: dict[str, list[str]] = {}
    for e in excluded:
        by_reason.setdefault(e.reason, []).append(e.id)
    lines: list[RenderableType] = [Text("Not ranked", style="italic")]
    for reason, ids in by_reason.items():
        text = words("• ")
        if len(ids) > 3:
            text.append(f"{len(ids)} programs ", style="bold")
            text.append(f"{reason}: ")
            text.append(", ".join(ids), style="cyan")
        else:
            text.append(", ".join(ids), style="cyan")
            text.append(f": {reason}")
        lines.append(Words(text))
    return Group(*lines)


def recommendation(
    result: ResultFile, top: int | None = DEFAULT_TOP, show_excluded: bool = False
) -> RenderableType:
    """The verdict and ranked table, then the robustness report if there is one."""
    parts = [ranking_table(result.ranking, top, show_excluded)]
    if result.robustness:
        parts.append(robustness_panel(result.robustness))
    if result.comparison:
        parts = [comparison(result.comparison, result.ranking)]
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


def robustness_panel(r: Robustness) -> RenderableType:
    lines = Text()
    lines.append(
        f"{r.top_id} stays first in {r.top_stays_share:.0%} of {r.draws} draws "
        f"(each weight x random factor in [{1 - r.spread:g}, {1 + r.spread:g}], seed {r.seed})."
    )
    if r.unknowns_top_stays_share is not None:
        lines.append(
            f"\nUnder the unknowns' range (each unknown fact drawn from values stated in the catalog),"
            f" {r.top_id} stays first in {r.unknowns_top_stays_share:.0%} of the draws."
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
