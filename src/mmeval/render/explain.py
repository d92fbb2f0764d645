"""RENDER `explain`: the summary first (the score and the criteria that decide it, heaviest first),
then each criterion's components with their evidence, in the same order."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from mmeval.render.parts import Words, by_weight, criteria_grid, gap, weights_line, words
from mmeval.render.program import bullets
from mmeval.results.records import CriterionScore, ProgramResult, Ranking
from mmeval.vocabulary import CRITERION_LABELS


def _summary(row: ProgramResult, ranking: Ranking) -> RenderableType:
    total = "weighted sum" if ranking.method == "weighted-sum" else "TOPSIS closeness x 100"
    head = Text("Total ", style="bold")
    head.append(f"{row.total:.1f}", style="bold green")
    if row.total_low is not None and row.total_high is not None and row.total_high - row.total_low > 0.05:
        head.append(f" ({row.total_low:.0f}-{row.total_high:.0f} under the unknowns)", style="dim")
    head.append(f" · {total} · evidence coverage {row.coverage:.0%}")
    title = Text("What decides it (weight, criterion, points of 100, adds to the total)", style="bold")
    return Group(head, title, criteria_grid(row, ranking.weights))


def _criterion(s: CriterionScore, weight: float) -> Text:
    text = words(CRITERION_LABELS[s.criterion], style="bold")
    text.append(f" — weight {weight:.0%} · {s.points:.1f} points · adds {weight * s.points:.1f}")
    if not s.known_share:
        text.append(" (unknown)", style="yellow")
    for c in s.components:
        text.append(f"\n  {c.name}: {c.points:g}/{c.max_points:g}", style="bold")
        text.append(f" — {c.rule}", style="dim")
        for e in c.evidence:
            text.append(f"\n    {e.field} = {e.value}")
            if e.source:
                text.append(f" [{e.source}]", style="blue")
    return text


def explanation(row: ProgramResult, ranking: Ranking) -> RenderableType:
    """The summary, the weights and notes, then each criterion in weight order with its evidence."""
    head = Text(row.name, style="bold")
    head.append("\n")
    head.append(row.id, style="cyan")
    head.append(f" · {row.university}", style="dim")
    parts: list[RenderableType] = [Words(head), _summary(row, ranking), weights_line(ranking)]
    parts.append(Text("How the score was built", style="bold underline"))
    parts += [Words(_criterion(s, ranking.weights[s.criterion])) for s in by_weight(row, ranking.weights)]
    if ranking.method == "topsis":
        parts.append(Text("With TOPSIS the total is not the sum of the adds.", style="dim"))
    unknown = [
        f"{CRITERION_LABELS[s.criterion]}: {c.name}"
        for s in by_weight(row, ranking.weights)
        for c in s.components
        if not c.known
    ]
    if unknown:
        parts.append(
            bullets(
                "Unknown (scored as modest: the catalog's lower quartile where stated, never full marks)",
                unknown,
            )
        )
    if row.warnings:
        parts.append(bullets("Warnings", row.warnings))
    return gap(parts)
