"""Do goals change the answer, and how far does the score go with documentation?

For the profile `--math algebra --budget 2000 --hours 10 --months 18` (no field) over the
shipped catalog, print per goal: Pearson r between score (point estimate) and evidence
coverage (for information: better-documented programs often are the stronger ones; whether a
blank can beat a stated fact is tested in tests/test_scoring.py), and Spearman between
explore's ranking and that goal's. With --write, the table replaces the block between the
markers in docs/scoring.md. tests/test_decision_metrics.py asserts the Spearman threshold.

    python benchmarks/decision_metrics.py [--write]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from mmeval.catalog.load import load_catalog
from mmeval.decision.rank import rank_programs
from mmeval.person.profile import make_profile
from mmeval.vocabulary import GOALS

ANSWERS = {"math": ["algebra"], "budget_usd": 2000.0, "hours_per_week": 10.0, "months": 18.0}
START, END = "<!-- decision-metrics:start -->", "<!-- decision-metrics:end -->"


def _ranks(values: list[float]) -> list[float]:
    """Average ranks (1 = smallest), ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(x: list[float], y: list[float]) -> float:
    return statistics.correlation(x, y)


def spearman(x: list[float], y: list[float]) -> float:
    return statistics.correlation(_ranks(x), _ranks(y))


def measure(catalog_dir: Path | None = None) -> dict[str, tuple[float, float]]:
    """{goal: (pearson(score, coverage), spearman(explore, goal))} over every ranked program."""
    catalog = load_catalog(catalog_dir)
    totals: dict[str, dict[str, float]] = {}
    out: dict[str, tuple[float, float]] = {}
    for goal in GOALS:
        profile = make_profile({"goal": goal, **ANSWERS})
        ranking = rank_programs(catalog, profile, include_unfit=True)
        totals[goal] = {r.id: r.total for r in ranking.rows}
        scores = [r.total for r in ranking.rows]
        cover = [r.coverage for r in ranking.rows]
        out[goal] = (pearson(scores, cover), 1.0)
    ids = sorted(totals["explore"])
    for goal in GOALS:
        out[goal] = (
            out[goal][0],
            spearman([totals["explore"][i] for i in ids], [totals[goal][i] for i in ids]),
        )
    return out


def table(metrics: dict[str, tuple[float, float]]) -> str:
    lines = [
        "| goal | Pearson r(score, coverage) | Spearman vs explore |",
        "|---|---:|---:|",
    ]
    for goal, (r, rho) in metrics.items():
        lines.append(f"| {goal} | {r:.2f} | {'-' if goal == 'explore' else f'{rho:.2f}'} |")
    return "\n".join(lines)


def main() -> None:
    text = table(measure())
    print(text)
    if "--write" in sys.argv:
        doc = Path(__file__).resolve().parents[1] / "docs" / "scoring.md"
        body = doc.read_text()
        head, rest = body.split(START)
        _, tail = rest.split(END)
        doc.write_text(f"{head}{START}\n{text}\n{END}{tail}")


if __name__ == "__main__":
    main()
