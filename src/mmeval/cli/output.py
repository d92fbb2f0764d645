"""Output for people and for scripts: JSON/TOML on stdout, or the table, paged on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from mmeval.cli.terminal import RUN, out_console, working
from mmeval.errors import OutputError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance
    from pydantic import BaseModel
    from rich.console import RenderableType


def add_output_options(commands: Iterable[Any]) -> None:
    """Every command that prints a table (it has --format) gets --no-pager, and its --format is
    noted as it is parsed: progress and the pager are for tables only."""
    for command in commands:
        for param in [p for p in command.params if p.name == "fmt"]:
            _remember_format(param)
            command.params.append(_no_pager_option())


def _no_pager_option() -> Any:
    from typer.core import TyperOption

    def remember(ctx: Any, param: Any, value: bool) -> bool:
        RUN.no_pager = value
        return value

    return TyperOption(
        param_decls=["--no-pager"],
        is_flag=True,
        expose_value=False,
        callback=remember,
        help="Print everything at once, without the pager (or MMEVAL_PAGER=cat).",
    )


def _remember_format(param: Any) -> None:
    """Note the command's --format as it is parsed: progress and the pager are for tables only."""
    given = param.callback

    def remember(ctx: Any, p: Any, value: Any) -> Any:
        value = given(ctx, p, value) if given is not None else value
        RUN.machine = getattr(value, "value", value) != "table"
        return value

    param.callback = remember


def emit(
    payload: DataclassInstance | BaseModel | Sequence[DataclassInstance | BaseModel],
    fmt: Any,
    render: Callable[[], RenderableType],
    *,
    soft_wrap: bool = False,
) -> None:
    """Print data as json/toml on stdout, or the table renderable for people.

    payload: a record (mmeval.results.records), a Pydantic model (programs, plans), or a list of them.
    """
    from mmeval.results import serialize

    if sys.stdout is None or sys.stdout.closed:
        raise OutputError("cannot write the output: standard output is closed")
    try:
        if fmt.value == "json":
            sys.stdout.write(serialize.to_json(serialize.to_data(payload)) + "\n")
        elif fmt.value == "toml":
            sys.stdout.write(serialize.to_toml(serialize.to_data(payload)))
        else:
            _print_table(render, soft_wrap)
        sys.stdout.flush()  # a full disk or closed pipe shows here, not at interpreter exit
    except BrokenPipeError:
        raise
    except OSError as err:
        raise OutputError(f"cannot write the output: {err.strerror or err}") from None


def _print_table(render: Callable[[], RenderableType], soft_wrap: bool) -> None:
    """The table for people; on a terminal, taller than the screen, through the pager. Lines are
    never cropped: an ID longer than the terminal is wide is printed whole and wraps there."""
    from mmeval.cli.pager import page, wanted

    console = out_console()
    if not wanted(RUN.no_pager):
        if console.is_terminal:  # a spinner would land among the lines being printed
            console.print(render(), soft_wrap=soft_wrap, crop=False)
            return
        with working("Drawing the table"), console.capture() as captured:  # to a file or pipe
            console.print(render(), soft_wrap=soft_wrap, crop=False)
        # no padding after the last character: files and diffs stay clean
        sys.stdout.write("\n".join(line.rstrip(" ") for line in captured.get().split("\n")))
        return
    with working("Drawing the table"), console.capture() as captured:
        console.print(render(), soft_wrap=soft_wrap, crop=False)
    text = captured.get()
    if text.count("\n") < console.height:
        sys.stdout.write(text)
    else:
        page(text)
