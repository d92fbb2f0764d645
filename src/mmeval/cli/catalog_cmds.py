"""`list`, `show` and `validate`: the catalog as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
    PlatformChoice,
    ProfileFileOpt,
    app,
    bounded,
    build_profile,
    emit,
    flags_to_answers,
    given,
    load,
)
from mmeval.cli.terminal import err_console
from mmeval.errors import ExitCode

if TYPE_CHECKING:
    from mmeval.program.schema import Program
    from mmeval.results.records import ProgramResult


@dataclass(frozen=True)
class ProgramForYou:
    """`show --format json` with answers: the program and its row for you."""

    program: Program
    for_you: ProgramResult


@app.command("list")
def list_programs(
    field: Annotated[
        list[str] | None,
        typer.Option(
            "--field",
            metavar="FIELD",
            help="Only programs with this subject (repeatable): a tag such as data-science, or plain"
            " words ('supply chain'); 'all' for every field.",
        ),
    ] = None,
    platform: Annotated[
        PlatformChoice | None, typer.Option("--platform", help="Only programs on this platform.")
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option(
            "--max-cost",
            callback=bounded("--max-cost", "budget_usd"),
            help="Only programs whose total cost (USD) is at most this.",
        ),
    ] = None,
    max_months: Annotated[
        float | None,
        typer.Option(
            "--max-months",
            callback=bounded("--max-months", "months"),
            help="Only programs whose shortest stated duration is at most this.",
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            metavar="TEXT",
            help="Only programs whose ID, name, university or subjects hold every word of TEXT.",
        ),
    ] = None,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the catalog, one line per program, optionally filtered."""
    from mmeval.decision.filters import filter_programs, search_programs, undecided
    from mmeval.person.profile import read_flags
    from mmeval.render import program as render

    fields = read_flags({"fields": field})["fields"] if field else []  # as recommend reads --field
    loaded = load(catalog, no_cache)
    programs, unknown = filter_programs(
        search_programs(loaded, search) if search else loaded,
        fields=list(fields or []),
        platform=platform.value if platform else None,
        max_cost=max_cost,
        max_months=max_months,
    )
    said: dict[str, object] = {"--search": search, "--field": ",".join(field or []) or None}
    said |= {"--platform": platform.value if platform else None, "--max-cost": max_cost}
    said |= {"--max-months": max_months}
    nothing = _nothing({k: v for k, v in said.items() if v is not None}, len(loaded))
    emit(programs, fmt, lambda: render.program_list(programs, nothing))
    if unknown:  # judged as recommend judges a limit: never silently dropped or kept
        from mmeval.render.limits import NotShown

        checks = {p.id: undecided(p, max_cost=max_cost, max_months=max_months) for p in unknown}
        err_console().print(NotShown(checks, max_cost, max_months), crop=False)


def _nothing(said: dict[str, object], total: int) -> str:
    """What `list` says when no program matches, and how to widen the search."""
    import shlex

    shown = " ".join(
        f"{k} {v:g}" if isinstance(v, float) else f"{k} {shlex.quote(str(v))}" for k, v in said.items()
    )
    ways = []
    if "--search" in said:
        ways.append("fewer or shorter words (each must be in the ID, name, university or subjects)")
    if "--field" in said or "--platform" in said:
        ways.append("fewer filters")
    if "--max-cost" in said or "--max-months" in said:
        ways.append("a higher limit")
    return f"No program matches {shown}.\nTry {' or '.join(ways)}; `mmeval list` lists all {total}."


@app.command()
def show(
    program_id: Annotated[str, typer.Argument(metavar="ID", help="Program ID, as in `mmeval list`.")],
    profile_file: ProfileFileOpt = None,
    goal: GoalOpt = None,
    field: FieldOpt = None,
    math: MathOpt = None,
    budget: BudgetOpt = None,
    hours: HoursOpt = None,
    months: MonthsOpt = None,
    sources: Annotated[
        bool, typer.Option("--sources", help="List every source (default: how many there are).")
    ] = False,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one program: a summary, then its courses, pathways and employers.

    The summary first: the facts and the criteria that decide its score, with their weight. With
    your answers (the options of `recommend`), also whether it fits you, as `recommend` judges it.
    """
    from rich.console import Group

    from mmeval.decision.rank import rank_programs
    from mmeval.render import program as render
    from mmeval.render.results import for_you

    answers = flags_to_answers(goal, field, math, budget, hours, months, None)
    loaded = load(catalog, no_cache)
    program = loaded.get(program_id)
    mine = given(answers, profile_file)
    row = ranking = None
    if mine or fmt == Format.table:  # the table's summary scores it for the goal `explore` at least
        profile = build_profile(profile_file if mine else None, answers, default_goal="explore")
        ranking = rank_programs(loaded, profile, exclude=False, detail=0, focus={program.id})
        row = next(r for r in ranking.rows if r.id == program.id)
    payload = ProgramForYou(program=program, for_you=row) if mine and row is not None else program

    def view() -> Group:
        decides = (row, ranking) if row is not None and ranking is not None else None
        detail = render.program_detail(program, dt.date.today(), decides=decides, sources=sources)
        return Group(for_you(row), detail) if mine and row is not None else Group(detail)

    emit(payload, fmt, view)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="[PATH]...", help="Program files or folders (default: the active catalog)."),
    ] = None,
    catalog: CatalogOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Validate program files; every problem is reported with file and field (exit 1 if any).

    A path given that does not exist is a bad argument (exit 2).

    Files are always read afresh: validate never uses the catalog cache.
    """
    from mmeval.catalog.load import resolve_catalog
    from mmeval.program.schema import Frozen
    from mmeval.program.validate import validate_paths
    from mmeval.render import program as render

    targets = paths or [Path(str(resolve_catalog(catalog)))]
    n_files, problems = validate_paths(targets)

    class ProblemOut(Frozen):
        path: str
        field: str
        message: str

    class ValidationOut(Frozen):
        files: int
        problems: list[ProblemOut]

    payload = ValidationOut(
        files=n_files,
        problems=[ProblemOut(path=str(p.path), field=p.field, message=p.message) for p in problems],
    )
    emit(payload, fmt, lambda: render.problems_report(n_files, problems), soft_wrap=True)
    if any(p.path in targets and p.message == "no such file or folder" for p in problems):
        raise typer.Exit(ExitCode.USAGE)  # a path that does not exist is a bad argument, as elsewhere
    if problems:
        raise typer.Exit(ExitCode.PROBLEMS)
