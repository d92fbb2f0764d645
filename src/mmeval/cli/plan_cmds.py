"""`plan` and `pathways`: a dated study plan, and what a program's credit is worth toward a degree."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mmeval.cli.app import (
    CatalogOpt,
    Format,
    FormatOpt,
    HoursOpt,
    MathOpt,
    MonthsOpt,
    NoCacheOpt,
    ProfileFileOpt,
    app,
    emit,
    load,
)

IdArg = Annotated[str, typer.Argument(metavar="ID", help="Program ID, as in `mmeval list`.")]


@app.command()
def plan(
    program_id: IdArg,
    hours: HoursOpt = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM", help="Month to start (default: next month)."),
    ] = None,
    parallel: Annotated[
        int,
        typer.Option(
            "--parallel",
            min=1,
            max=20,
            metavar="K",
            help="Take up to K courses at once, each at its stated pace (default: 1, at your hours).",
        ),
    ] = 1,
    math: MathOpt = None,
    months: MonthsOpt = None,
    profile_file: ProfileFileOpt = None,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Plan a program: courses in a valid order, weeks at your hours, finish date, warnings."""
    from mmeval import planning, render_plan
    from mmeval.profile import make_profile, merge_answers, read_profile_file

    first = planning.parse_month(start) if start is not None else planning.next_month(dt.date.today())
    flags = {"hours_per_week": hours, "months": months, "math": [m.value for m in math or []]}
    answers = merge_answers(read_profile_file(profile_file) if profile_file else {}, flags)
    profile = make_profile(answers, source=str(profile_file) if profile_file else "options")
    program = load(catalog, no_cache).get(program_id)
    result = planning.plan_program(
        program,
        hours=profile.hours_per_week,
        start=first,
        parallel=parallel,
        math=profile.math,
        months=profile.months,
    )
    emit(result, fmt, lambda: render_plan.plan_view(result))


@app.command()
def pathways(
    program_id: IdArg, catalog: CatalogOpt = None, no_cache: NoCacheOpt = False, fmt: FormatOpt = Format.table
) -> None:
    """Show a program's credit pathways into degrees, what remains, and a master's/MBA side-by-side."""
    from mmeval import pathways as core
    from mmeval import render_plan

    report = core.pathway_report(load(catalog, no_cache).get(program_id))
    emit(report, fmt, lambda: render_plan.pathways_view(report))
