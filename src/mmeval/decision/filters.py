"""FILTERS: `mmeval list --field/--platform/--max-cost/--max-months`, with cost and length judged
exactly as `recommend` judges a budget and a deadline (feasibility.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mmeval.decision.feasibility import LimitCheck
    from mmeval.program.schema import Program


def filter_programs(
    programs: Iterable[Program],
    *,
    fields: Iterable[str] = (),
    platform: str | None = None,
    max_cost: float | None = None,
    max_months: float | None = None,
) -> tuple[list[Program], list[Program]]:
    """(programs matching every filter, programs that may match: a filtered fact unknown, or a
    stated range straddling the limit). Cost and months are judged as `recommend` judges a
    budget and a deadline (decision/feasibility.py): prices in another currency through the
    dated reference rates, else unknown; months at the courses' stated pace."""
    from mmeval.decision.facts import program_facts
    from mmeval.decision.feasibility import judge_budget, judge_months

    wanted = set(fields)
    kept: list[Program] = []
    unknown: list[Program] = []
    for p in programs:
        if wanted and not wanted & set(p.all_subjects):
            continue
        if platform and p.platform != platform:
            continue
        facts = program_facts(p) if max_cost is not None or max_months is not None else None
        checks = []
        if facts is not None and max_cost is not None:
            checks.append(judge_budget(facts, max_cost, {}).status)
        if facts is not None and max_months is not None:
            checks.append(judge_months(facts, max_months, None).status)
        if "no-fit" in checks:
            continue
        (unknown if "may-fit" in checks else kept).append(p)
    return kept, unknown


def undecided(
    program: Program, *, max_cost: float | None = None, max_months: float | None = None
) -> list[LimitCheck]:
    """Why filter_programs could not tell whether a program is within the limits: the judges'
    checks, with their notes ("price not stated", "price stated in XOF ...; no exchange rate to
    compare") and what is left to check ("the price", "the length")."""
    from mmeval.decision.facts import program_facts
    from mmeval.decision.feasibility import judge_budget, judge_months

    facts = program_facts(program)
    checks = []
    if max_cost is not None:
        checks.append(judge_budget(facts, max_cost, {}))
    if max_months is not None:
        checks.append(judge_months(facts, max_months, None))
    return [c for c in checks if c.status == "may-fit"]


def search_programs(programs: Iterable[Program], text: str) -> list[Program]:
    """`mmeval list --search TEXT`: programs whose ID, name, university or subjects hold every
    word of the text, in any case ("supply chain" finds supply-chain and "Supply Chain")."""
    import re

    said = re.findall(r"[a-z0-9]+", text.lower())

    def words(p: Program) -> str:
        return " ".join((p.id, p.name, p.university, *p.all_subjects, p.subject_area or "")).lower()

    return [p for p in programs if all(w in words(p) for w in said)]
