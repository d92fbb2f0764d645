"""RENDER: the note under `list --max-cost/--max-months` on the programs it could not place: short,
one line per reason with its count and IDs, wrapped at spaces so an ID is never split."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from mmeval.money import amount
from mmeval.render.parts import Words

if TYPE_CHECKING:
    from mmeval.decision.feasibility import LimitCheck

DETAILED = 3  # this many programs or fewer: each with its own reason in full
ROWS = 2  # screen rows at most for one reason's IDs
HANG = 4  # a reason's wrapped lines are indented this much


def reason(check: LimitCheck, max_cost: float | None, max_months: float | None) -> str:
    """A check's reason in a few words, the same for every program it applies to."""
    if check.limit == "budget":
        return {
            "the price": "price not stated",
            "the price in US dollars": "price in a currency with no exchange rate",
            "the full price": "only a lowest price stated",
        }.get(check.check or "", f"price range crosses {amount(max_cost or 0)}")
    if check.note == "length not stated":
        return "length not stated"
    if "full length is not stated" in check.note:
        return "only a least length stated"
    return f"length range crosses {max_months or 0:g} months"


def rows(line: str, width: int) -> int:
    """Screen rows `line` takes once Words wraps it at spaces (continuation lines indented)."""
    n, used = 1, 0
    for word in line.split(" "):
        size = cell_len(word)
        if used and used + 1 + size > width:
            n, used = n + 1, HANG + size
        else:
            used += size + (1 if used else 0)
    return n


class NotShown:
    """`N program(s) not shown` and why: each program with its reason when there are few, else
    one line per reason with its count and as many IDs as fit in two rows ("and N more")."""

    def __init__(self, checks: dict[str, list[LimitCheck]], max_cost: float | None, max_months: float | None):
        self.checks, self.max_cost, self.max_months = checks, max_cost, max_months

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = [f"{len(self.checks)} program(s) not shown: unknown if within the limit"]
        if len(self.checks) <= DETAILED:
            lines += [f"  {pid}: {'; '.join(c.note for c in cs)}" for pid, cs in self.checks.items()]
            yield Words(Text("\n".join(lines)))
            return
        why: dict[str, list[str]] = {}
        for pid, cs in self.checks.items():
            for c in cs:
                why.setdefault(reason(c, self.max_cost, self.max_months), []).append(pid)
        cut = False
        for label, ids in why.items():
            line, shown = _reason_line(label, ids, width)
            lines.append(line)
            cut = cut or shown < len(ids)
        if cut:
            lines.append("  `mmeval show ID` says why; --search or --field names all")
        yield Words(Text("\n".join(lines)))


def _reason_line(label: str, ids: list[str], width: int) -> tuple[str, int]:
    """`  label (n): id, id, and N more` in at most ROWS rows; the line and how many IDs it names."""
    head = f"  {label} ({len(ids)}): "
    for shown in range(len(ids), 0, -1):
        line = head + ", ".join(ids[:shown]) + (f", and {len(ids) - shown} more" if shown < len(ids) else "")
        if rows(line, width) <= ROWS or shown == 1:
            return line, shown
    return head, 0
