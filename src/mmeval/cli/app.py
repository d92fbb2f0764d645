"""The Typer app, its one error boundary, shared options and output helpers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer

from mmeval import __version__
from mmeval.cli.conventions import ConventionsGroup
from mmeval.cli.output import add_output_options
from mmeval.cli.output import emit as emit  # the commands import it from here
from mmeval.cli.terminal import (
    detach_stdout,
    err_console,
    prepare_streams,
    stdin_is_tty,
    working,
)
from mmeval.errors import ExitCode, MmevalError, OutputError
from mmeval.vocabulary import CRITERIA, GOALS, MATH_TOPICS, PLATFORMS

if TYPE_CHECKING:
    from mmeval.catalog.load import Catalog
    from mmeval.results.records import Profile, ProgramResult


class Format(StrEnum):
    table = "table"
    json = "json"
    toml = "toml"


class MethodChoice(StrEnum):
    weighted_sum = "weighted-sum"
    topsis = "topsis"


class NormChoice(StrEnum):
    vector = "vector"
    minmax = "minmax"


DEFAULT_METHOD = MethodChoice.weighted_sum
DEFAULT_NORM = NormChoice.vector

# Typer lists an Enum's values in --help and checks them; these follow the vocabularies.
if TYPE_CHECKING:
    PlatformChoice: TypeAlias = StrEnum
else:
    PlatformChoice = StrEnum("PlatformChoice", [(v, v) for v in PLATFORMS])


def report(err: MmevalError) -> None:
    """Print an error and its hint on stderr: on a terminal wrapped at spaces at its width (a word
    is never cut where it fits), else one line each."""
    from rich.text import Text

    from mmeval.render.parts import Words

    console = err_console()
    message = Text.assemble(("Error:", "bold red"), " ", err.message)
    for text in (message, Text(err.hint)) if err.hint else (message,):
        if console.is_terminal:
            console.print(Words(text), crop=False)
        else:
            console.print(text, soft_wrap=True)


class MmevalGroup(ConventionsGroup):
    """The one place user errors become messages and exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_output_options(self.commands.values())

    def main(self, *args: Any, **kwargs: Any) -> Any:
        prepare_streams()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:  # Any: typer's base Context class is private
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader left (`| head`): what it wanted, it got
            detach_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except MmevalError as err:
            if isinstance(err, OutputError):
                detach_stdout()
            report(err)
            raise typer.Exit(err.exit_code) from None
        except (KeyboardInterrupt, EOFError):  # Ctrl-C anywhere, Ctrl-D at a prompt
            console = err_console()
            if stdin_is_tty():
                console.print()  # the prompt's line is still open
            console.print("Interrupted.")
            raise typer.Exit(ExitCode.INTERRUPTED) from None


app = typer.Typer(
    cls=MmevalGroup,
    help="Decide whether an online MicroMasters-style credential is worth it for you, and which one.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mmeval {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """Score MicroMasters-style programs against your goals, with every point explained."""


def main() -> None:
    """Console-script entry point."""
    import gc

    # A run is short and builds many long-lived, acyclic objects (programs, scores); the cyclic
    # collector would only rescan them: with it on, ranking 10,000 programs takes 3x as long
    # (benchmarks/bench_catalog.py). Memory is freed when the process ends.
    gc.disable()
    _on_sigterm()
    _only_the_command_run(sys.argv[1:])
    app()


def _only_the_command_run(args: list[str]) -> None:
    """Register only the command being run: Typer builds the options of every registered command
    at each start (~35 ms for all nine), and one command needs only its own. Root options, help,
    an unknown name and shell completion keep them all."""
    import os

    if not args or args[0].startswith("-") or any(k.endswith("_COMPLETE") for k in os.environ):
        return
    wanted = [
        c
        for c in app.registered_commands
        if (c.name or getattr(c.callback, "__name__", "").lower().replace("_", "-")) == args[0]
    ]
    if len(wanted) == 1:
        app.registered_commands = wanted


def _on_sigterm() -> None:
    """SIGTERM unwinds like an exit, so an export in progress removes its temporary file."""
    import signal

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


# --- shared options ---------------------------------------------------------------------------


def bounded(flag: str, bound: str | tuple[float, float]) -> Callable[[Any], Any]:
    """An option callback checking a number against the profile's bounds for a field, or a range."""

    def check(value: Any) -> Any:
        if value is None:
            return None
        from mmeval.person.profile import check_number

        return check_number(flag, value, bound)

    return check


CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        envvar="MMEVAL_CATALOG",
        help="Folder of program TOML files (default: the shipped catalog).",
    ),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read every program file afresh, not the validated-catalog cache (or MMEVAL_NO_CACHE=1).",
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output: table for people, json or toml for scripts."),
]
ProfileFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        metavar="NAME|FILE",
        dir_okay=False,
        help="Read answers from a profile saved by name (recommend --save-profile NAME) or a TOML"
        " file; flags override it.",
    ),
]
GoalOpt = Annotated[
    str | None,
    typer.Option(
        "--goal",
        metavar="GOAL",
        help=f"What you want the credential for: {', '.join(GOALS)}; or in words, e.g. 'mba',"
        " 'move into data science'.",
    ),
]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--field",
        metavar="FIELD",
        help="Subject to consider (repeatable): a tag such as data-science, supply-chain, finance, ai,"
        " or plain words ('data science'); 'all' for every field (default: all; the tags are in"
        " `mmeval list` and `mmeval help program-format`).",
    ),
]
MathOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--math",
        metavar="TOPIC",
        help=f"Math you are comfortable with (repeatable): {', '.join(MATH_TOPICS)}, or words such as"
        " stats, lin alg, python; none for no math; 'not sure' (default: not stated).",
    ),
]
BudgetOpt = Annotated[
    str | None,
    typer.Option(
        "--budget",
        metavar="USD",
        help="Total budget in US dollars: 2000, '$2,000', 2k; 'no limit' (default: none, affordability"
        " not scored).",
    ),
]
HoursOpt = Annotated[
    str | None,
    typer.Option(
        "--hours",
        metavar="HOURS",
        help="Hours a week you can study, 0.5-168: 8, '8 hours', '1 hour a day' (default: not given,"
        " weekly loads not judged).",
    ),
]
MonthsOpt = Annotated[
    str | None,
    typer.Option(
        "--months",
        metavar="MONTHS",
        help="Months by which you want to finish, 0.5-240: 12, '1.5 years', 'within a year'; 'no deadline'.",
    ),
]
WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        metavar="NAME=N",
        help=f"Override a criterion weight (repeatable): {', '.join(CRITERIA)}.",
    ),
]

MethodOpt = Annotated[
    MethodChoice, typer.Option("--method", help="Aggregation: weighted sum of criterion scores, or TOPSIS.")
]
NormOpt = Annotated[NormChoice, typer.Option("--normalization", help="Column normalisation used by TOPSIS.")]
ExportOpt = Annotated[
    Path | None, typer.Option("--export", dir_okay=False, help="Write the result to this TOML file.")
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite an existing --export/--save-profile file.")
]


def flags_to_answers(
    goal: str | None,
    fields: list[str] | None,
    math: list[str] | None,
    budget: str | None,
    hours: str | None,
    months: str | None,
    weights: list[str] | None,
) -> dict[str, Any]:
    """Option values as profile answers, read as the questionnaire reads them (mmeval.person.words);
    None / empty = not given. A value not understood is a usage error naming the flag."""
    from mmeval.person.profile import parse_weights, read_flags

    raw = {"goal": goal, "fields": fields or None, "math": math or None}
    answers = read_flags(raw | {"budget_usd": budget, "hours_per_week": hours, "months": months})
    return answers | {"weights": parse_weights(weights or [])}


def build_profile(
    profile_file: Path | None, answers: dict[str, Any], *, default_goal: str | None = None
) -> Profile:
    """Profile from file + flags; off a TTY a missing goal is a usage error (exit 2)."""
    from mmeval.errors import MissingAnswers
    from mmeval.person.profile import (
        FLAGS,
        make_profile,
        merge_answers,
        missing_answers,
        read_profile_file,
    )

    file_answers = read_profile_file(profile_file) if profile_file else {}
    merged = merge_answers(file_answers, answers)
    if default_goal and not merged.get("goal"):
        merged["goal"] = default_goal
    if missing := missing_answers(merged):
        raise MissingAnswers(
            f"missing {', '.join(FLAGS[m] for m in missing)}",
            hint=f"pass {' '.join(FLAGS[m] + ' ...' for m in missing)} (e.g. --goal upskill), or"
            " --interactive to be asked, or --profile NAME",
        )
    return make_profile(merged, source=str(profile_file) if profile_file else "options")


def row_for(loaded: Catalog, program_id: str, profile: Profile) -> ProgramResult:
    """The program's row in the ranking `recommend` makes for this profile (the same fit and
    score), kept even where recommend would leave it out."""
    from mmeval.decision.rank import rank_programs

    program = loaded.get(program_id)
    ranking = rank_programs(loaded, profile, exclude=False, detail=0, focus={program.id})
    return next(r for r in ranking.rows if r.id == program.id)


def given(answers: dict[str, Any], profile_file: Path | None) -> bool:
    """Whether any answer was given as a flag or a profile file."""
    return profile_file is not None or any(v not in (None, [], {}) for v in answers.values())


def warn(message: str) -> None:
    """A warning on stderr."""
    from rich.markup import escape

    err_console().print(f"[yellow]Warning:[/] {escape(message)}", soft_wrap=True)


def load(catalog: Path | None, no_cache: bool = False) -> Catalog:
    """Load the catalog (through the cache unless told not to); warn on stderr about each skipped file."""
    from rich.markup import escape

    from mmeval.catalog.load import load_catalog
    from mmeval.program.validate import shown

    with working("Reading the catalog"):
        loaded = load_catalog(catalog, cache=not no_cache, warn=warn)
    if loaded.skipped:
        console = err_console()
        for problem in loaded.skipped:
            console.print(
                f"[yellow]Warning:[/] skipped {escape(shown(problem.path))}: {escape(problem.message)}"
                " (run `mmeval validate` for details)",
                soft_wrap=True,
            )
    return loaded
