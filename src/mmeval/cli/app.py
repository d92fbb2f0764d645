"""The Typer app, its one error boundary, shared options and output helpers."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer
from typer.core import TyperGroup

from mmeval import __version__
from mmeval.errors import ExitCode, MmevalError, OutputError
from mmeval.vocabulary import CRITERIA, GOALS, MATH_TOPICS, PLATFORMS, SUBJECT_TAGS

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment

    from mmeval.catalog import Catalog
    from mmeval.models import Profile


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
    GoalChoice: TypeAlias = StrEnum
    FieldChoice: TypeAlias = StrEnum
    MathChoice: TypeAlias = StrEnum
    PlatformChoice: TypeAlias = StrEnum
else:
    GoalChoice = StrEnum("GoalChoice", [(v, v) for v in GOALS])
    FieldChoice = StrEnum("FieldChoice", [(v, v) for v in SUBJECT_TAGS])
    MathChoice = StrEnum("MathChoice", [(v, v) for v in MATH_TOPICS])
    PlatformChoice = StrEnum("PlatformChoice", [(v, v) for v in PLATFORMS])


MIN_WIDTH = 60  # narrower, table columns shrink to nothing: draw at this width and let lines wrap
ENCODING_ERRORS = "mmeval-ascii"  # codec error handler: ASCII stand-ins for what cannot be shown
_ASCII = {
    "\u2014": "--", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2026": "...", "\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u00d7": "x", "\u00b7": "-",
    "\u2713": "v", "\u2717": "x", "\u2022": "*", "\u2588": "#", "\u2591": ".", "\u00a0": " ",
}  # fmt: skip


def _ascii_fallback(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a character the output encoding lacks becomes an ASCII stand-in."""
    import unicodedata

    if not isinstance(err, UnicodeEncodeError):
        raise err
    out = []
    for ch in err.object[err.start : err.end]:
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append(_ASCII.get(ch) or plain or "?")
    return "".join(out), err.end


def _prepare_streams() -> None:
    """Output degrades instead of failing: ASCII stand-ins for unencodable text, COLUMNS<=0 is 80."""
    import codecs
    import io

    try:
        codecs.lookup_error(ENCODING_ERRORS)
    except LookupError:
        codecs.register_error(ENCODING_ERRORS, _ascii_fallback)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not stream.encoding.lower().startswith("utf"):
            stream.reconfigure(errors=ENCODING_ERRORS)
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.lstrip("-").isdigit() and int(columns) <= 0:
        os.environ["COLUMNS"] = "80"  # Rich (and Typer's help) would print nothing at width 0


def _console(*, stderr: bool, markup: bool) -> Console:
    from rich.console import Console

    class TextConsole(Console):
        """Strips control characters (escape sequences, bells...): a file cannot drive the terminal."""

        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterable[Segment]:
            from rich.segment import Segment

            from mmeval.reader import CONTROL

            for seg in super().render(renderable, options):
                if seg.control is None and CONTROL.search(seg.text):
                    # zero cells wide, so stripping after layout keeps tables aligned
                    yield Segment(CONTROL.sub("", seg.text), seg.style)
                else:
                    yield seg

        def on_broken_pipe(self) -> None:
            """Rich would exit 1 here; the error boundary ends the run quietly with 0 instead."""
            raise BrokenPipeError

    console = TextConsole(stderr=stderr, highlight=False, markup=markup)
    if console.width < MIN_WIDTH:
        console.width = MIN_WIDTH
    return console


def err_console() -> Console:
    return _console(stderr=True, markup=True)


def out_console() -> Console:
    """stdout for people. markup=False: text from program and result files is never markup."""
    return _console(stderr=False, markup=False)


def stdin_is_tty() -> bool:
    """True when a person can answer prompts (stdin may even be closed: `<&-`)."""
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def report(err: MmevalError) -> None:
    """Print an error and its hint on stderr."""
    from rich.markup import escape

    console = err_console()
    console.print(f"[bold red]Error:[/] {escape(err.message)}", soft_wrap=True)
    if err.hint:
        console.print(escape(err.hint), soft_wrap=True)


def _detach_stdout() -> None:
    """Point fd 1 at /dev/null so the interpreter's last flush cannot fail a second time."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (AttributeError, OSError, ValueError):  # no real stdout (None, or a test's buffer)
        pass


class MmevalGroup(TyperGroup):
    """The one place user errors become messages and exit codes."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        _prepare_streams()
        return super().main(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:  # Any: typer's base Context class is private
        try:
            return super().invoke(ctx)
        except BrokenPipeError:  # the reader left (`| head`): what it wanted, it got
            _detach_stdout()
            raise typer.Exit(ExitCode.OK) from None
        except MmevalError as err:
            if isinstance(err, OutputError):
                _detach_stdout()
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
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
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
    app()


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
        from mmeval.profile import check_number

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
FormatOpt = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output: table for people, json or toml for scripts."),
]
ProfileFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        dir_okay=False,
        help="Read answers from a profile TOML file; flags override it.",
    ),
]
GoalOpt = Annotated[GoalChoice | None, typer.Option("--goal", help="What you want the credential for.")]
FieldOpt = Annotated[
    list[FieldChoice] | None,
    typer.Option(
        "--field",
        metavar="TAG",
        help="Subject tag to consider (repeatable), e.g. data-science, supply-chain, finance, ai"
        " (default: all; the tags are in `mmeval list` and docs/program-format.md).",
    ),
]
MathOpt = Annotated[
    list[MathChoice] | None,
    typer.Option(
        "--math",
        metavar="TOPIC",
        help=f"Math you are comfortable with (repeatable): {', '.join(MATH_TOPICS)} (default: none).",
    ),
]
BudgetOpt = Annotated[
    float | None,
    typer.Option(
        "--budget",
        callback=bounded("--budget", "budget_usd"),
        help="Total budget in USD (default: none, affordability not scored).",
    ),
]
HoursOpt = Annotated[
    float | None,
    typer.Option(
        "--hours",
        callback=bounded("--hours", "hours_per_week"),
        help="Hours a week you can study, 0.5-168 (default: 10).",
    ),
]
MonthsOpt = Annotated[
    float | None,
    typer.Option(
        "--months",
        callback=bounded("--months", "months"),
        help="Months by which you want to finish, 0.5-240.",
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
    goal: Any,
    fields: list[Any] | None,
    math: list[Any] | None,
    budget: float | None,
    hours: float | None,
    months: float | None,
    weights: list[str] | None,
) -> dict[str, Any]:
    """Option values as profile answers (None / empty = not given)."""
    from mmeval.profile import parse_weights

    return {
        "goal": goal.value if goal is not None else None,
        "fields": [f.value for f in fields or []],
        "math": [m.value for m in math or []],
        "budget_usd": budget,
        "hours_per_week": hours,
        "months": months,
        "weights": parse_weights(weights or []),
    }


def build_profile(
    profile_file: Path | None, answers: dict[str, Any], *, default_goal: str | None = None
) -> Profile:
    """Profile from file + flags; off a TTY a missing goal is a usage error (exit 2)."""
    from mmeval.errors import MissingAnswers
    from mmeval.profile import (
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
            hint=f"pass {' '.join(FLAGS[m] + ' ...' for m in missing)} or use --profile FILE",
        )
    return make_profile(merged, source=str(profile_file) if profile_file else "options")


def load(catalog: Path | None) -> Catalog:
    """Load the catalog; warn on stderr about each skipped file."""
    from rich.markup import escape

    from mmeval.catalog import load_catalog

    loaded = load_catalog(catalog)
    if loaded.skipped:
        console = err_console()
        for problem in loaded.skipped:
            console.print(
                f"[yellow]Warning:[/] skipped {escape(str(problem.path))}: {escape(problem.message)}"
                " (run `mmeval validate` for details)",
                soft_wrap=True,
            )
    return loaded


def emit(
    payload: BaseModel | list[BaseModel] | Any,
    fmt: Any,
    render: Callable[[], RenderableType],
    *,
    soft_wrap: bool = False,
) -> None:
    """Print data as json/toml on stdout, or the table renderable for people."""
    from mmeval import serialize

    if sys.stdout is None or sys.stdout.closed:
        raise OutputError("cannot write the output: standard output is closed")
    try:
        if fmt.value == "json":
            sys.stdout.write(serialize.to_json(serialize.to_data(payload)) + "\n")
        elif fmt.value == "toml":
            sys.stdout.write(serialize.to_toml(serialize.to_data(payload)))
        else:
            out_console().print(render(), soft_wrap=soft_wrap)
        sys.stdout.flush()  # a full disk or closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"cannot write the output: {err.strerror or err}") from None
