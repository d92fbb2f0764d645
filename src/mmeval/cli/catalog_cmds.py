"""`list`, `show` and `validate`: the catalog as it is."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from mmeval.cli.app import (
    CatalogOpt,
    FieldChoice,
    Format,
    FormatOpt,
    NoCacheOpt,
    PlatformChoice,
    app,
    bounded,
    emit,
    load,
)
from mmeval.cli.terminal import err_console
from mmeval.errors import ExitCode


@app.command("list")
def list_programs(
    field: Annotated[
        list[FieldChoice] | None,
        typer.Option("--field", help="Only programs with this subject tag (repeatable)."),
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
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the catalog, optionally filtered."""
    from mmeval import render
    from mmeval.catalog import filter_programs

    programs, unknown = filter_programs(
        load(catalog, no_cache),
        fields=[f.value for f in field or []],
        platform=platform.value if platform else None,
        max_cost=max_cost,
        max_months=max_months,
    )
    emit(programs, fmt, lambda: render.program_list(programs))
    if unknown:
        err_console().print(
            f"{len(unknown)} program(s) not shown because the filtered fact is unknown: "
            + ", ".join(p.id for p in unknown),
            markup=False,
        )


@app.command()
def show(
    program_id: Annotated[str, typer.Argument(metavar="ID", help="Program ID, as in `mmeval list`.")],
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show everything known about one program, with sources and how old the facts are."""
    from mmeval import render

    program = load(catalog, no_cache).get(program_id)
    emit(program, fmt, lambda: render.program_detail(program, dt.date.today()))


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

    Files are always read afresh: validate never uses the catalog cache.
    """
    from mmeval import render
    from mmeval.catalog import resolve_catalog, validate_paths
    from mmeval.models import Frozen

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
    if problems:
        raise typer.Exit(ExitCode.PROBLEMS)
