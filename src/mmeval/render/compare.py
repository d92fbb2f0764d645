"""RENDER `compare`: programs side by side, the better value marked, a verdict."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from mmeval.render.parts import Words, weights_line, words
from mmeval.results.records import Comparison, Ranking

LABEL_WIDTH = 16  # the row-label column of `compare`
COLUMN_MIN = 16  # narrowest program column that keeps "$1,350 (as of 2015)" readable
FRAME = 4  # the table's outer border and the label column's padding
PER_COLUMN = 3  # a program column's border and padding
HEADED_MAX = 24  # a longer ID would make its column needlessly wide: it is numbered, keyed above


class SideBySide:
    """The compare table; on a narrow terminal it is split into blocks of programs, each with the
    row labels, so numbers are wrapped or moved, never cut. A column is as wide as its ID; an ID
    too long for any column is headed by its number, written out whole above the table."""

    def __init__(self, comp: Comparison, ranking: Ranking) -> None:
        self.comp, self.ranking = comp, ranking

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        comp = self.comp
        room = options.max_width - LABEL_WIDTH - FRAME
        widths = [max(COLUMN_MIN, cell_len(i)) for i in comp.ids]
        headed = [w <= HEADED_MAX and w + PER_COLUMN <= room for w in widths]
        widths = [w if ok else COLUMN_MIN for w, ok in zip(widths, headed, strict=True)]
        blocks: list[list[int]] = [[]]
        used = 0
        for i, w in enumerate(widths):
            if blocks[-1] and used + w + PER_COLUMN > room:
                blocks.append([])
                used = 0
            blocks[-1].append(i)
            used += w + PER_COLUMN
        for i, program_id in enumerate(comp.ids):
            if not headed[i]:
                yield Words(words(f"#{i + 1} = ", style="bold").append(program_id, style="cyan"))
        n = len(comp.ids)
        for cols in blocks:
            title = (
                "Side by side" if len(blocks) == 1 else f"Side by side ({cols[0] + 1}-{cols[-1] + 1} of {n})"
            )
            yield self._table(cols, title, widths, headed)

    def _table(self, cols: list[int], title: str, widths: list[int], headed: list[bool]) -> Table:
        comp, ranking = self.comp, self.ranking
        by_id = {r.id: r for r in ranking.rows}
        table = Table(title=title, title_justify="left", show_lines=True)
        table.add_column("", style="bold", width=LABEL_WIDTH)
        for i in cols:
            head = comp.ids[i] if headed[i] else f"#{i + 1}"
            table.add_column(Text(head, style="cyan", no_wrap=True), min_width=widths[i])
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
    """The verdict first (the answer is the first screen), then the weights and the table."""
    return Group(Words(words(comp.verdict, style="bold")), weights_line(ranking), SideBySide(comp, ranking))
