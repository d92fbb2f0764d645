"""Reference values from an independent MCDA library (pymcdm) for mmeval's aggregation.

Takes the criterion scores mmeval gives a person over the shipped catalog (the first 12 rows),
then lets pymcdm compute the weighted sum and TOPSIS (vector and min-max normalisation) on that
matrix with mmeval's weights, and writes matrix, weights and pymcdm's results to
tests/data/mcda-reference.json. tests/test_aggregation.py checks mmeval's aggregation against
those numbers, so CI does not need pymcdm. Re-run when the aggregation or the rubric changes:

    pip install pymcdm==1.4.0 && python benchmarks/mcda_reference.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from pymcdm import normalizations
from pymcdm.methods import TOPSIS, WSM

from mmeval.catalog.load import load_catalog
from mmeval.decision.rank import rank_programs
from mmeval.results.records import Profile

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "data" / "mcda-reference.json"
PERSON = Profile(goal="career-change", fields=("data-science",), math=("algebra",), budget_usd=2000.0,
                 hours_per_week=10.0, months=12.0)  # fmt: skip


def main() -> None:
    ranking = rank_programs(load_catalog(REPO / "programs", cache=False), PERSON)
    criteria = list(ranking.weights)
    rows = ranking.rows[:12]
    matrix = np.array([[r.score(c).points for c in criteria] for r in rows])
    keep = [j for j in range(len(criteria)) if matrix[:, j].any()]  # an all-zero column: pymcdm divides by 0
    criteria, matrix = [criteria[j] for j in keep], matrix[:, keep]
    weights = np.array([ranking.weights[c] for c in criteria])
    weights = weights / weights.sum()
    types = np.ones(len(criteria))
    identity = lambda x, cost: x  # noqa: E731 - criterion scores already share the 0-100 scale
    wsm = WSM(normalization_function=identity)(matrix, weights, types)
    vector = TOPSIS(normalization_function=normalizations.vector_normalization)(matrix, weights, types)
    minmax = TOPSIS(normalization_function=normalizations.minmax_normalization)(matrix, weights, types)
    data = {
        "made_by": "benchmarks/mcda_reference.py with pymcdm 1.4.0",
        "person": "career-change, data-science, algebra, $2,000, 10 h/week, 12 months",
        "criteria": criteria,
        "ids": [r.id for r in rows],
        "matrix": matrix.tolist(),
        "weights": weights.tolist(),
        "weighted_sum": wsm.tolist(),
        "topsis_vector": vector.tolist(),
        "topsis_minmax": minmax.tolist(),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
