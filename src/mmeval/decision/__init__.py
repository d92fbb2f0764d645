"""DECIDE: one module per stage, in the order they run (docs/scoring.md).

bounds -> feasibility (what fits the limits the person gave), relevance, criteria and points,
unknowns, aggregation, then `rank` (the stages together), robustness, advice and the verdict.
`facts` is what the stages read from a program; `evidence` the same points with their trail.
"""
