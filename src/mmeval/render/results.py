"""RENDER results: ranked tables, explanations, comparisons, robustness, saved reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mmeval.render.program import Adaptive, bar, bullets
from mmeval.results.records import (
    Comparison,
    CriterionScore,
    Excluded,
    ProgramResult,
    Ranking,
    ResultFile,
    Robustness,
    Verdict,
)
from mmeval.vocabulary import CRITERIA, CRITERION_LABELS

DEFAULT_TOP = 10
FIT_LABELS = {"fits": "fits", "may-fit": "may fit", "no-fit": "does not fit"}


def weights_line(ranking: Ranking) -> Text:
    text = Text("Goal ", style="dim")
    text.append(ranking.goal, style="bold")
    text.append(" · method ", style="dim")
    text.append(ranking.method)
    text.append(" · normalisation ", style="dim")
    text.append(ranking.normalization)
    text.append("\nWeights ", style="dim")
    text.append(
        "  ".join(
            f"{CRITERION_LABELS[c].lower()} {ranking.weights[c]:.0%}"
            for c in CRITERIA
            if c in ranking.weights
        )
    )
    for note in ranking.notes:
        text.append(f"\nNote: {note}", style="dim")
    return text


def verdict_panel(verdict: Verdict) -> RenderableType:
    style = {"go": "green", "not-yet": "yellow", "consider-else": "red"}[verdict.kind]
    text = Text(verdict.headline, style=f"bold {style}")
    for line in verdict.lines:
        text.append(f"\n• {line}")
    return Panel(text, title="Verdict", title_align="left", border_style=style)


def top_criteria(row: ProgramResult, ranking: Ranking, n: int = 2) -> str:
    """The criteria that added most from known facts (an unknown never "helped")."""
    from mmeval.decision.wording import helped_most
    from mmeval.vocabulary import CRITERION_LABELS

    helped = helped_most(row, ranking.weights, n)
    return ", ".join(CRITERION_LABELS[c].lower() for c in helped) or "no stated fact"


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


def _section(title: str, rows: Sequence[ProgramResult], ranking: Ranking) -> RenderableType:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Program", ratio=3)
    table.add_column("Score", no_wrap=True)
    table.add_column("Cover", justify="right", no_wrap=True)
    table.add_column("Fit and warnings", ratio=3)
    table.add_column("Helped most", ratio=1)
    compact = Table.grid(padding=(0, 1))
    compact.add_column(justify="right", no_wrap=True, style="bold")
    compact.add_column()
    for row in rows:
        program = Text(row.id, style="bold cyan", overflow="fold")
        program.append(f"\n{row.name} — {row.university}", style="dim")
        helped = top_criteria(row, ranking)
        fit = _fit_text(row)
        for warning in row.warnings:
            fit.append(f"\n! {warning}", style="yellow")
        table.add_row(_rank(row), program, _score_text(row), f"{row.coverage:.0%}", fit, helped)
        body = Text(f"{row.total:5.1f} ")
        body.append(bar(row.total, 8), style="green")
        if row.total_low is not None and row.total_high is not None and row.total_high - row.total_low > 0.05:
            body.append(f" ({row.total_low:.0f}-{row.total_high:.0f})", style="dim")
        body.append(f"  cover {row.coverage:.0%}  ")
        body.append(row.id, style="bold cyan")
        body.append(f"\n{row.name} — {row.university}")
        colour = {"fits": "green", "may-fit": "yellow", "no-fit": "red"}[row.fit]
        body.append(f"\n{FIT_LABELS[row.fit]}", style=colour)
        if row.fit_notes:
            body.append(": " + "; ".join(row.fit_notes), style=colour)
        body.append(f"\nhelped most: {helped}", style="dim")
        for warning in row.warnings:
            body.append(f"\n! {warning}", style="yellow")
        compact.add_row(_rank(row), body)
    return Adaptive(table, Group(Text(title, style="italic"), compact), 130)


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
            CRITERION_LABELS[s.criterion] + ("" if s.known_share else "\n(unknown)"),
            _evidence(s),
            f"{s.points:.1f}",
            f"{w:.0%}",
            f"{w * s.points:.1f}",
        )
        unknown += [f"{CRITERION_LABELS[s.criterion]}: {c.name}" for c in s.components if not c.known]
    total = "weighted sum" if ranking.method == "weighted-sum" else "TOPSIS closeness x 100"
    table.caption = f"Total {row.total:.1f} ({total}) · evidence coverage {row.coverage:.0%}"
    parts: list[RenderableType] = [head, weights_line(ranking), table]
    if ranking.method == "topsis":
        parts.append(Text("With TOPSIS the total is not the sum of the Adds column.", style="dim"))
    if unknown:
        parts.append(
            bullets(
                "Unknown (scored as modest: the catalog's lower quartile where stated, never full marks)",
                unknown,
            )
        )
    if row.warnings:
        parts.append(bullets("Warnings", row.warnings))
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


LABEL_WIDTH = 16  # the row-label column of `compare`
COLUMN_MIN = 16  # narrowest program column that keeps "$1,350 (as of 2015)" readable


class SideBySide:
    """The compare table; on a narrow terminal it is split into blocks of programs, each with the
    row labels, so numbers are wrapped or moved, never cut."""

    def __init__(self, comp: Comparison, ranking: Ranking) -> None:
        self.comp, self.ranking = comp, ranking

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        n = len(self.comp.ids)
        per = max(1, min(n, (options.max_width - LABEL_WIDTH - 4) // (COLUMN_MIN + 3)))
        for start in range(0, n, per):
            cols = list(range(start, min(n, start + per)))
            title = "Side by side" if per >= n else f"Side by side ({cols[0] + 1}-{cols[-1] + 1} of {n})"
            yield self._table(cols, title)

    def _table(self, cols: list[int], title: str) -> Table:
        comp, ranking = self.comp, self.ranking
        by_id = {r.id: r for r in ranking.rows}
        table = Table(title=title, title_justify="left", show_lines=True)
        table.add_column("", style="bold", width=LABEL_WIDTH)
        for i in cols:
            table.add_column(Text(comp.ids[i], style="cyan", overflow="fold"), min_width=COLUMN_MIN)
        for fact in comp.facts:
            cells = []
            for i in cols:
                cell = Text(fact.values[i])
                if i in fact.best:
                    cell.stylize("bold green")
                    cell.append(" ✓", style="green")
                cells.append(cell)
            table.add_row(Text(fact.label), *cells)
        best_total = max(r.total for r in ranking.rows)
        totals = []
        for i in cols:
            r = by_id[comp.ids[i]]
            rank = f"#{r.rank}=" if r.tied else f"#{r.rank}"
            cell = Text(f"{r.total:.1f} ({rank}, {r.coverage:.0%} known)")
            if r.total == best_total:
                cell.stylize("bold green")
                cell.append(" ✓", style="green")
            totals.append(cell)
        table.add_row(Text("Total"), *totals)
        return table


def comparison(comp: Comparison, ranking: Ranking) -> RenderableType:
    return Group(weights_line(ranking), SideBySide(comp, ranking), Text(comp.verdict, style="bold"))
