"""`compare` and `report`: side-by-side decisions, and re-rendering exported results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mmeval.cli.app import (
    DEFAULT_METHOD,
    DEFAULT_NORM,
    BudgetOpt,
    CatalogOpt,
    ExportOpt,
    FieldOpt,
    ForceOpt,
    Format,
    FormatOpt,
    GoalOpt,
    HoursOpt,
    MathOpt,
    MethodOpt,
    MonthsOpt,
    NoCacheOpt,
    NormOpt,
    ProfileFileOpt,
    WeightOpt,
    app,
    build_profile,
    emit,
    flags_to_answers,
    load,
)
from mmeval.cli.recommend_cmds import export_result
from mmeval.errors import UsageError

MAX_COMPARE = 6


@app.command()
def compare(
    program_ids: Annotated[list[str], typer.Argument(metavar="A B [C]...", help="2 to 6 program IDs.")],
    profile_file: ProfileFileOpt = None,
    goal: GoalOpt = None,
    field: FieldOpt = None,
    math: MathOpt = None,
    budget: BudgetOpt = None,
    hours: HoursOpt = None,
    months: MonthsOpt = None,
    weight: WeightOpt = None,
    method: MethodOpt = DEFAULT_METHOD,
    normalization: NormOpt = DEFAULT_NORM,
    export: ExportOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Compare programs side by side: facts, criterion scores, the better value marked, a verdict."""
    import datetime as dt
    from dataclasses import replace

    from mmeval.decision.compare import build_comparison
    from mmeval.decision.rank import rank_programs
    from mmeval.render import results as render
    from mmeval.results.assemble import result_file

    if len(program_ids) < 2:
        raise UsageError(
            "compare needs at least two program IDs", hint="e.g. mmeval compare mitx-scm mitx-sds"
        )
    if len(program_ids) > MAX_COMPARE:
        raise UsageError(f"compare takes at most {MAX_COMPARE} programs, got {len(program_ids)}")
    repeated = sorted({p for p in program_ids if program_ids.count(p) > 1})
    if repeated:
        raise UsageError(f"program given more than once: {', '.join(repeated)}")
    answers = flags_to_answers(goal, field, math, budget, hours, months, weight)
    profile = build_profile(profile_file, answers, default_goal="explore")
    loaded = load(catalog, no_cache)
    programs = [loaded.get(pid) for pid in program_ids]
    # The same ranking as `recommend` (unknowns valued over the catalog in use, the same fit and
    # ranks); a program recommend leaves out (retired, outside your fields) is scored all the same
    # and shown with why it is not ranked.
    wanted = set(program_ids)
    kwargs = {"method": method.value, "normalization": normalization.value, "detail": 0, "focus": wanted}
    ranked = rank_programs(loaded, profile, **kwargs)  # type: ignore[arg-type]
    rows = {r.id: r for r in ranked.rows if r.id in wanted}
    left_out = {e.id: e.reason for e in ranked.excluded if e.id in wanted}
    if left_out:
        everything = rank_programs(loaded, profile, exclude=False, **kwargs)  # type: ignore[arg-type]
        extra = [r for r in everything.rows if r.id in left_out]  # ranked after all recommend ranks
        rows |= {r.id: replace(r, rank=len(ranked.rows) + k) for k, r in enumerate(extra, start=1)}
    order = sorted(rows.values(), key=lambda r: (r.id in left_out, r.rank))
    ranking = replace(ranked, rows=tuple(order), excluded=())
    comp = build_comparison(programs, ranking, profile, dt.date.today(), left_out)
    result = result_file("compare", profile, ranking, loaded.digest, comparison=comp)
    if export:
        now = dt.datetime.now(dt.UTC)
        export_result(
            export,
            replace(result, meta=replace(result.meta, timestamp=now.isoformat(timespec="seconds"))),
            force,
        )
    emit(result, fmt, lambda: render.comparison(comp, ranking))


@app.command()
def report(
    file: Annotated[Path, typer.Argument(metavar="FILE.toml", help="A result file written by --export.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Re-render a result file exported by `recommend` or `compare` (no catalog needed)."""
    from mmeval.render import results as render
    from mmeval.results.serialize import read_result_file

    result = read_result_file(file)
    emit(result, fmt, lambda: render.report(result))
