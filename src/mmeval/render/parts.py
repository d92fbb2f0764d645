"""RENDER parts shared by the views: the weights line, the verdict, and lines that keep a program ID
whole. An ID is what people copy into the next command, so it is never folded or cut with "…":
where a line is too narrow for it, it gets a line of its own, longer than the terminal if it must
(the terminal wraps it; a copy of it stays whole). Such lines are never put inside a table cell,
a panel or padding, which would crop them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from mmeval.results.records import CriterionScore, ProgramResult, Ranking, Verdict
from mmeval.vocabulary import CRITERIA, CRITERION_LABELS, Criterion

FIT_LABELS = {"fits": "fits", "may-fit": "may fit", "no-fit": "does not fit"}
FIT_STYLES = {"fits": "green", "may-fit": "yellow", "no-fit": "red"}


class Words:
    """Running text that wraps at spaces only: a word longer than the line (an ID) stays whole, on
    a line of its own (Rich would fold it, or with overflow "ignore" not wrap at all)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.text.split(allow_blank=True):
            body = line.plain.lstrip(" ")
            bullet = body[:2] in ("• ", "! ") or line.plain[:1] == " "
            hang = min(len(line.plain) - len(body) + (2 if bullet else 0), width // 3)
            offsets: list[int] = []
            used, placed = len(line.plain) - len(body), False
            for m in re.finditer(r"\S+\s*", line.plain):
                if placed and used + cell_len(m.group(0).rstrip()) > width:
                    offsets.append(m.start())
                    used = hang
                used += cell_len(m.group(0))
                placed = True
            for i, piece in enumerate(line.divide(offsets)):
                piece.rstrip()
                if i and hang + cell_len(piece.plain) <= width:  # a longer word (an ID): column 0
                    piece = Text(" " * hang) + piece
                piece.no_wrap, piece.overflow = True, "ignore"
                yield piece


def words(text: str = "", style: str = "") -> Text:
    """A Text to be shown through Words."""
    return Text(text, style=style)


def gap(parts: Iterable[RenderableType]) -> Group:
    """The parts with a blank line between them (no padding, so no line is cropped)."""
    out: list[RenderableType] = []
    for part in parts:
        if out:
            out.append(Text(""))
        out.append(part)
    return Group(*out)


class IdLine:
    """`lead` then the ID on one line when it fits, else the ID alone on the next line, indented."""

    def __init__(self, lead: Text, program_id: str, indent: int = 4, style: str = "bold cyan") -> None:
        self.lead, self.program_id, self.indent, self.style = lead, program_id, indent, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = self.lead.copy()
        line.no_wrap, line.overflow = True, "ignore"
        if cell_len(line.plain) + len(self.program_id) <= options.max_width:
            line.append(self.program_id, style=self.style)
            yield line
            return
        yield line
        fits = self.indent + cell_len(self.program_id) <= options.max_width
        indent = " " * self.indent if fits else ""  # too long to fit indented: from column 0
        yield Text(indent + self.program_id, style=self.style, no_wrap=True, overflow="ignore")


def bar(points: float, width: int = 10) -> str:
    filled = round(max(0.0, min(100.0, points)) / 100 * width)
    return "█" * filled + "░" * (width - filled)


def criteria_grid(row: ProgramResult, weights: Mapping[Criterion, float]) -> Table:
    """The criteria that decide a program's score, heaviest first: weight, criterion, points of
    100, a bar, what it adds to the total, and whether the facts are stated."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(style="dim")
    for s in by_weight(row, weights):
        w = weights[s.criterion]
        known = "stated" if s.known_share >= 1 else "unknown" if s.known_share == 0 else "partly stated"
        grid.add_row(
            f"{w:.0%}",
            CRITERION_LABELS[s.criterion],
            f"{s.points:.0f}",
            bar(s.points, 6),
            f"+{w * s.points:.1f}",
            known,
        )
    return grid


def by_weight(row: ProgramResult, weights: Mapping[Criterion, float]) -> list[CriterionScore]:
    """The criteria heaviest first (then by what they add): the order they decide the total in.
    A criterion with no weight (the person's answers cannot score it) is left out."""
    scored = [s for s in row.scores if weights.get(s.criterion)]
    return sorted(scored, key=lambda s: (-weights[s.criterion], -weights[s.criterion] * s.points))


def longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


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


class VerdictView:
    """The verdict in a panel; where a word (an ID) is longer than the panel is wide, without the
    frame, so the ID stays whole."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        verdict = self.verdict
        style = {"go": "green", "not-yet": "yellow", "consider-else": "red"}[verdict.kind]
        text = words(verdict.headline, style=f"bold {style}")
        for line in verdict.lines:
            text.append(f"\n• {line}")
        if longest_word(text.plain) <= options.max_width - 4:
            yield Panel(text, title="Verdict", title_align="left", border_style=style)
        else:
            yield Text("Verdict", style=f"bold {style} underline")
            yield Words(text)


def verdict_panel(verdict: Verdict) -> RenderableType:
    return VerdictView(verdict)


def top_criteria(row: ProgramResult, ranking: Ranking, n: int = 2) -> str:
    """The criteria that added most from known facts (an unknown never "helped")."""
    from mmeval.decision.wording import helped_most

    helped = helped_most(row, ranking.weights, n)
    return ", ".join(CRITERION_LABELS[c].lower() for c in helped) or "no stated fact"
