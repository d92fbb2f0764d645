"""`help` and `completion`: the documentation and shell completion, from the installed tool alone."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated

import typer

from mmeval.cli.app import app
from mmeval.cli.conventions import EXAMPLES

# topic -> what it answers; each is docs/<topic>.md, shipped in the wheel as mmeval/docs/.
TOPICS = {
    "cli": "every command, option, exit code and environment variable",
    "answers": "the answers recommend asks for, and the forms it reads them in",
    "scoring": "how programs are judged and ranked, and how the verdict is chosen",
    "planning": "how study plans are built: course order, weeks at your hours, warnings",
    "program-format": "the program file format, its fields and vocabularies",
    "export-format": "the JSON, TOML and result-file formats scripts read",
    "architecture": "how the code is laid out, for contributors",
    "performance": "what makes mmeval fast, and what it costs",
}


def docs_folder() -> Traversable:
    """The docs inside the installed package, or the repo's docs/ in a source checkout."""
    packaged = resources.files("mmeval") / "docs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "docs"


def _complete_topics(incomplete: str) -> list[tuple[str, str]]:
    return [(t, what) for t, what in TOPICS.items() if t.startswith(incomplete)]


@app.command("help")
def help_topic(
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help=f"One of: {', '.join(TOPICS)}. Without it, the list.",
            autocompletion=_complete_topics,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help="Print it all at once, without the pager (or MMEVAL_PAGER=cat)."),
    ] = False,
) -> None:
    """Read mmeval's documentation in the terminal: how it scores, the file formats, every option.

    For one command's options: mmeval COMMAND -h.
    """
    from mmeval.errors import UsageError

    if topic is None:
        width = max(map(len, TOPICS))
        lines = [f"  {t:<{width}}  {what}" for t, what in TOPICS.items()]
        sys.stdout.write(
            "Topics (mmeval help TOPIC):\n"
            + "\n".join(lines)
            + "\n\nA command's options: mmeval COMMAND -h\n"
        )
    elif topic.lower().removesuffix(".md") in TOPICS:
        name = topic.lower().removesuffix(".md")
        _show_doc((docs_folder() / f"{name}.md").read_text("utf-8"), name, no_pager)
    else:
        import difflib

        close = difflib.get_close_matches(topic.lower(), list(TOPICS), n=2, cutoff=0.5)
        if topic in EXAMPLES:  # every command has examples (tests/test_conventions.py)
            hint = f"for the command, run: mmeval {topic} -h"
        elif close:
            hint = f"Did you mean: {', '.join(close)}?"
        else:
            hint = f"topics: {', '.join(TOPICS)}"
        raise UsageError(f"no help topic '{topic}'", hint=hint)
    sys.stdout.flush()


def _show_doc(text: str, topic: str, no_pager: bool) -> None:
    """A doc page: on a terminal rendered (headings, lists, tables wrapped to its width) and, taller
    than the screen, through the pager, so its opening is the first screen; else the Markdown
    as it is (for scripts, and to compare with the repository's docs)."""
    from mmeval.cli.pager import page, wanted
    from mmeval.cli.terminal import out_console

    console = out_console()
    if not console.is_terminal:
        sys.stdout.write(text)
        return
    from rich.markdown import Markdown

    with console.capture() as captured:
        console.print(Markdown(_for_reading(text, topic), hyperlinks=False))
    shown = captured.get()
    if wanted(no_pager) and shown.count("\n") >= console.height:
        page(shown)
    else:
        sys.stdout.write(shown)


# Generated records of the project's own checks (the advisor panel's tables, its sign-off rounds,
# its answers in full; the decision metrics): hundreds of narrow table rows in a terminal.
RECORDS = re.compile(r"<!-- ([a-z-]+):start -->.*?<!-- \1:end -->", re.S)


def _for_reading(text: str, topic: str) -> str:
    """A doc as a person reads it in the terminal: each generated record replaced by one line
    saying how to read it; the Markdown comments left out."""
    said = f"*(A generated record of mmeval's own checks is left out here: `mmeval help {topic} | less`"
    said += " has it.)*"
    return re.sub(r"<!--.*?-->", "", RECORDS.sub(said, text), flags=re.S)


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command()
def completion(
    shell: Annotated[Shell, typer.Argument(help="The shell to complete in.")],
) -> None:
    """Print the shell completion script to stdout; no file is changed.

    It completes commands, options, program IDs of the catalog in use, subject tags, goals and math topics.

    In every new shell: bash, add eval "$(mmeval completion bash)" to ~/.bashrc; zsh, the same in ~/.zshrc.

    fish: save it where fish looks for it (the second example).
    """
    # Typer's own scripts (typer is pinned below 0.29 in pyproject.toml): they call back
    # `_MMEVAL_COMPLETE=complete_<shell> mmeval`, which Typer answers from the app's parameters.
    from typer._completion_classes import completion_init
    from typer._completion_shared import get_completion_script

    completion_init()
    script = get_completion_script(prog_name="mmeval", complete_var="_MMEVAL_COMPLETE", shell=shell.value)
    sys.stdout.write(script + "\n")
    sys.stdout.flush()
