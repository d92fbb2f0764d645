"""`plan` and `pathways`: a dated study plan, and what a program's credit is worth toward a degree."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mmeval.cli.app import (
    BudgetOpt,
    CatalogOpt,
    FieldOpt,
    Format,
    FormatOpt,
    GoalOpt,
    HoursOpt,
    MathOpt,
    MonthsOpt,
    NoCacheOpt,
    ProfileFileOpt,
    app,
    build_profile,
    emit,
    flags_to_answers,
    given,
    load,
    row_for,
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
    budget: BudgetOpt = None,
    goal: GoalOpt = None,
    field: FieldOpt = None,
    profile_file: ProfileFileOpt = None,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Plan a program: courses in order by month at your hours, and the finish date.

    With your limits, also whether it fits you, as `recommend` judges it."""
    from rich.console import Group

    from mmeval.person.profile import make_profile, merge_answers, read_profile_file
    from mmeval.planning import plan as planning
    from mmeval.render import plan as render_plan
    from mmeval.render.results import for_you
    from mmeval.results.records import DEFAULT_HOURS

    today = dt.date.today()
    first = planning.parse_month(start) if start is not None else planning.next_month(today)
    fit_answers = flags_to_answers(goal, field, math, budget, hours, months, None)
    flags = {k: fit_answers[k] for k in ("hours_per_week", "months", "math")}
    answers = merge_answers(read_profile_file(profile_file) if profile_file else {}, flags)
    profile = make_profile(answers, source=str(profile_file) if profile_file else "options")
    loaded = load(catalog, no_cache)
    program = loaded.get(program_id)
    if first < today.replace(day=1):
        from mmeval.cli.terminal import err_console

        err_console().print(
            f"{first:%Y-%m} is in the past: dates are as if you had started then", markup=False
        )
    row = None
    if given(fit_answers, profile_file):
        row = row_for(loaded, program.id, build_profile(profile_file, fit_answers, default_goal="explore"))
    result = planning.plan_program(
        program,
        hours=profile.hours_per_week if profile.hours_per_week is not None else DEFAULT_HOURS,
        start=first,
        parallel=parallel,
        math=profile.math or (),
        months=profile.months,
    )
    assumed = profile.hours_per_week is None

    def view() -> Group:
        from rich.text import Text

        parts = [for_you(row)] if row else []
        if assumed:
            parts.append(Text(f"No hours given (--hours): planned at {DEFAULT_HOURS:g} h/week.", style="dim"))
        return Group(*parts, render_plan.plan_view(result))

    emit(result, fmt, view)


@app.command()
def pathways(
    program_id: IdArg,
    profile_file: ProfileFileOpt = None,
    goal: GoalOpt = None,
    field: FieldOpt = None,
    math: MathOpt = None,
    budget: BudgetOpt = None,
    hours: HoursOpt = None,
    months: MonthsOpt = None,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show a program's credit pathways into degrees and what remains after it.

    A master's/MBA side-by-side; with your answers, also whether the program fits you, as
    `recommend` judges it."""
    from rich.console import Group

    from mmeval.planning import pathways as core
    from mmeval.render import plan as render_plan
    from mmeval.render.results import for_you

    loaded = load(catalog, no_cache)
    report = core.pathway_report(loaded.get(program_id))
    answers = flags_to_answers(goal, field, math, budget, hours, months, None)
    row = None
    if given(answers, profile_file):
        row = row_for(
            loaded, report.program_id, build_profile(profile_file, answers, default_goal="degree-credit")
        )
    view = render_plan.pathways_view(report)
    emit(report, fmt, lambda: Group(for_you(row), view) if row is not None else view)
