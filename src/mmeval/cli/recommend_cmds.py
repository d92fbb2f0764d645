"""`recommend` and `explain`: score the catalog against the person's answers."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    bounded,
    build_profile,
    emit,
    flags_to_answers,
    load,
)
from mmeval.cli.terminal import err_console, stdin_is_tty, working
from mmeval.errors import UsageError

if TYPE_CHECKING:
    from mmeval.results.records import Profile


def export_result(path: Path, result: Any, force: bool) -> None:
    """Write a result file atomically and say so on stderr."""
    from mmeval.results.export import write_atomic
    from mmeval.results.serialize import to_data, to_toml

    write_atomic(path, to_toml(to_data(result)), force=force, stream=sys.stdout)
    err_console().print(f"Wrote {path}", markup=False)


def _check_targets(export: Path | None, save: Path | None, force: bool) -> None:
    """Refuse before any work or prompt: a file that would be overwritten, a bad folder, one path twice."""
    from mmeval.results.export import check_target

    if export and save and os.path.realpath(export) == os.path.realpath(save):  # no RuntimeError on a loop
        raise UsageError(
            f"--export and --save-profile name the same file '{export}'", hint="give them different files"
        )
    for path in (export, save):
        if path is not None:
            check_target(path, force=force, stream=sys.stdout)


def _profile_interactive(
    profile_file: Path | None,
    answers: dict[str, Any],
    how: tuple[bool, bool, bool],
    save: Path | None,
    export: Path | None,
    force: bool,
) -> tuple[Profile, Path | None, bool, bool]:
    """The profile from flags and the profile file, and from questions when they are asked: when
    nothing was given on a terminal, or with --interactive (what is missing, on a terminal or read
    line by line from piped input, the questions on stderr); never with --no-input.

    Returns the profile, where to save it, whether that may overwrite a file, and whether the
    questionnaire asked anything (then notes speak without flag names).
    """
    from mmeval.person.profile import merge_answers, read_profile_file, unanswered

    asked_for, given, off = how
    if not asked_for and (given or off or not stdin_is_tty()):
        return build_profile(profile_file, answers), save, force, False
    from mmeval.person import questionnaire

    merged = merge_answers(read_profile_file(profile_file) if profile_file else {}, answers)
    missing = unanswered(merged)
    if not missing:
        return build_profile(profile_file, answers), save, force, False
    console = err_console()
    completed = questionnaire.ask(missing, merged, console)
    profile = build_profile(None, completed)
    _echo(profile)
    if save is None and stdin_is_tty():  # piped answers are a script's: it saves with --save-profile
        chosen = questionnaire.offer_save(console, lambda path, ok: _check_targets(export, path, ok))
        if chosen is not None:
            return profile, chosen[0], chosen[1], True
    return profile, save, force, True


def _check_asking(interactive: bool, off: bool) -> None:
    """--interactive cannot be given with --no-input. (It may read piped answers: one a line.)"""
    if interactive and off:
        raise UsageError("--interactive and --no-input (or MMEVAL_NO_INPUT) contradict each other")


StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Leave out programs over budget or of unknown cost.")
]
MinCoverageOpt = Annotated[
    float,
    typer.Option(
        "--min-coverage",
        callback=bounded("--min-coverage", (0, 100)),
        help="Leave out results with evidence coverage below P percent.",
    ),
]
TopOpt = Annotated[
    int | None,
    typer.Option(
        "--top",
        min=1,
        help="Show the first N ranked (table default 10); JSON, TOML and --export keep every row"
        " unless --top is given.",
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Table: show every ranked program.")]
ShowExcludedOpt = Annotated[
    bool, typer.Option("--show-excluded", help="List the programs left out, with the reason.")
]
IncludeUnfitOpt = Annotated[
    bool,
    typer.Option("--include-unfit", help="Rank programs that do not fit your time or budget with the rest."),
]
RobustOpt = Annotated[
    bool, typer.Option("--robustness", help="Report how stable the top pick is under weight changes.")
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Random seed for --robustness.")]
InteractiveOpt = Annotated[
    bool,
    typer.Option(
        "--interactive",
        "-i",
        help="Ask for the answers not given as flags or in --profile (on a terminal, or one answer a"
        " line from piped input). Without it, questions are asked only on a terminal when no answer is"
        " given at all.",
    ),
]
NoInputOpt = Annotated[
    bool,
    typer.Option(
        "--no-input",
        envvar="MMEVAL_NO_INPUT",
        help="Never ask anything (no questions, no offer to save); or MMEVAL_NO_INPUT=1. Answers not"
        " given take their defaults; a missing --goal is an error.",
    ),
]
SaveProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--save-profile",
        metavar="NAME|FILE",
        dir_okay=False,
        help="Save the answers used: by NAME in your config folder (then --profile NAME), or to a TOML file.",
    ),
]


def _saved_as(save: Path | None) -> Path | None:
    """--save-profile's file: a bare NAME is kept in the profiles folder (made if need be)."""
    from mmeval.person.saved import is_name, make_folder, saved_path

    if save is None or not is_name(str(save)):
        return save
    path = saved_path(str(save))
    make_folder()
    return path


def _say_saved(path: Path) -> None:
    """Where the profile went, and how to use it next time."""
    import shlex

    from mmeval.person.saved import profiles_dir

    by_name = path.parent == profiles_dir()
    said = f"Saved as '{path.stem}'" if by_name else f"Saved profile to {path}"
    reuse = path.stem if by_name else shlex.quote(str(path))
    err_console().print(f"{said}: next time, mmeval recommend --profile {reuse}", markup=False)


def _echo(profile: Profile) -> None:
    """What was understood, on stderr before ranking, for a person at a terminal (not in pipes)."""
    from mmeval.person.profile import understood

    console = err_console()
    if console.is_terminal:
        console.print(f"Understood: {understood(profile)}", markup=False, highlight=False)


@app.command()
def recommend(
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
    strict: StrictOpt = False,
    min_coverage: MinCoverageOpt = 0.0,
    top: TopOpt = None,
    show_all: AllOpt = False,
    show_excluded: ShowExcludedOpt = False,
    include_unfit: IncludeUnfitOpt = False,
    robust: RobustOpt = False,
    seed: SeedOpt = 0,
    export: ExportOpt = None,
    force: ForceOpt = False,
    save_profile: SaveProfileOpt = None,
    interactive: InteractiveOpt = False,
    no_input: NoInputOpt = False,
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Answer a few questions (or pass flags / --profile) and get a ranked, explained list."""
    import datetime as dt

    from mmeval.decision.rank import rank_programs
    from mmeval.decision.robustness import robustness
    from mmeval.render import results as render
    from mmeval.results.assemble import result_file, stamped

    _check_asking(interactive, no_input)
    answers = flags_to_answers(goal, field, math, budget, hours, months, weight)
    save_profile = _saved_as(save_profile)
    _check_targets(export, save_profile, force)
    given = profile_file is not None or any((goal, field, math, budget, hours, months, weight))
    profile, save_profile, save_force, asked = _profile_interactive(
        profile_file, answers, (interactive, given, no_input), save_profile, export, force
    )
    if not asked:
        _echo(profile)
    loaded = load(catalog, no_cache)
    # Rows explained in full: what is printed or exported; every row only when all are shown.
    table_rows = None if show_all else (top or render.DEFAULT_TOP)
    detail = None if robust else top if top else table_rows if fmt == Format.table and not export else None
    with working(f"Ranking {len(loaded)} programs"):
        ranking = rank_programs(
            loaded,
            profile,
            method=method.value,
            normalization=normalization.value,
            strict=strict,
            min_coverage=min_coverage / 100,
            include_unfit=include_unfit,
            flags=not asked,
            seed=seed,
            detail=detail,
        )
    with working("Testing how stable the top pick is (--robustness)"):
        robust_report = robustness(ranking, seed=seed) if robust and ranking.rows else None
    full = result_file("recommend", profile, ranking, loaded.digest, robustness=robust_report)
    result = full
    if top:  # JSON, TOML and the export keep the first N rows too
        result = replace(full, ranking=replace(ranking, rows=ranking.rows[:top]))
    if export:
        export_result(export, stamped(result, dt.datetime.now(dt.UTC)), force)
    if save_profile:  # after the export: a refused or failed export leaves no profile behind
        from mmeval.person.profile import profile_text
        from mmeval.results.export import write_atomic

        write_atomic(save_profile, profile_text(profile), force=save_force, stream=sys.stdout)
        _say_saved(save_profile)
    emit(result, fmt, lambda: render.recommendation(full, table_rows, show_excluded))


@app.command()
def explain(
    program_id: Annotated[str, typer.Argument(metavar="ID", help="Program ID, as in `mmeval list`.")],
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
    catalog: CatalogOpt = None,
    no_cache: NoCacheOpt = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show how one program's score was built: evidence, points, weight and contribution."""

    from mmeval.decision.rank import rank_programs
    from mmeval.render import results as render

    answers = flags_to_answers(goal, field, math, budget, hours, months, weight)
    profile = build_profile(profile_file, answers, default_goal="explore")
    loaded = load(catalog, no_cache)
    program = loaded.get(program_id)
    ranking = rank_programs(
        loaded,
        profile,
        method=method.value,
        normalization=normalization.value,
        exclude=False,
        detail=0,
        focus={program.id},
    )
    row = next(r for r in ranking.rows if r.id == program.id)
    single = replace(ranking, rows=(row,))
    emit(single, fmt, lambda: render.explanation(row, ranking))
