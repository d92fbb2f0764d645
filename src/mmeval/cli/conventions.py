"""What every command gets from the CLI conventions people know: examples at the end of its help,
and, while a shell asks for completions, program IDs, subject tags, goals and math topics offered
for its arguments.

The app's group (cli/app.py, MmevalGroup) is a ConventionsGroup: it applies `dress` to each
command it hands out, so the command modules declare neither. Each example is run by
tests/test_conventions.py: keep them short and true.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperGroup

# command -> (what it shows, the command line); run in this order by the test, so an example that
# needs a file (`report result.toml`) comes after the one that writes it (`--export result.toml`).
EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "recommend": [
        (
            "An MBA path, with algebra, $3,000 and 6 h a week: flags, no questions",
            "mmeval recommend --goal mba-path --math algebra --budget 3000 --hours 6",
        ),
        (
            "Moving into data science, as JSON for a script",
            "mmeval recommend --goal career-change --field data-science -f json",
        ),
        (
            "Save the result; `mmeval report result.toml` shows it again",
            "mmeval recommend --goal upskill --field supply-chain --export result.toml",
        ),
    ],
    "compare": [
        ("Two programs side by side", "mmeval compare mitx-scm mitx-sds"),
        (
            "...judged for your goal and limits",
            "mmeval compare mitx-scm mitx-sds --goal mba-path --budget 3000 --hours 6",
        ),
    ],
    "explain": [
        (
            "How one program's score was built for your goal",
            "mmeval explain mitx-scm --goal upskill --field supply-chain",
        ),
    ],
    "list": [
        ("Every program in a subject", "mmeval list --field data-science"),
        ("Programs under $1,500, as JSON", "mmeval list --max-cost 1500 --format json"),
        ("Find one by name or university", 'mmeval list --search "supply chain"'),
    ],
    "show": [
        ("Everything known about one program", "mmeval show mitx-scm"),
        ("...and whether it fits your week", "mmeval show mitx-scm --goal upskill --hours 8"),
        ("...with every source listed", "mmeval show mitx-scm --sources"),
    ],
    "plan": [
        ("A study plan at 10 hours a week, starting now", "mmeval plan mitx-scm --hours 10"),
    ],
    "pathways": [
        ("What a program's credit is worth toward a degree", "mmeval pathways mitx-scm"),
    ],
    "validate": [
        ("Check every program file of the catalog in use", "mmeval validate"),
        ("The same, as JSON for a script", "mmeval validate --format json"),
    ],
    "report": [
        ("Show a result file written by `recommend --export` again", "mmeval report result.toml"),
    ],
    "help": [
        ("The documentation topics", "mmeval help"),
        ("How programs are scored", "mmeval help scoring"),
    ],
    "completion": [
        ('The bash script (add `eval "$(mmeval completion bash)"` to ~/.bashrc)', "mmeval completion bash"),
        ("fish: save it where fish looks", "mmeval completion fish > ~/.config/fish/completions/mmeval.fish"),
    ],
}


class ConventionsGroup(TyperGroup):
    """A group whose commands come dressed: examples in their help, completions while completing."""

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # Any: typer's Context class is private
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            dress(command, completing=ctx.resilient_parsing)
        return command


def epilog(command: str) -> str:
    """The examples of a command as its help's epilog: a comment line, then the command line."""
    return "Examples:\n" + "\n".join(f"  # {what}\n  $ {line}" for what, line in EXAMPLES.get(command, []))


def dress(command: Any, *, completing: bool) -> None:
    """Give a command its examples and, while completing, its ID and subject completions."""
    if command.name in EXAMPLES and not command.epilog:
        command.epilog = epilog(command.name)
    if not completing:
        return
    for param in command.params:
        if param.name in ("program_id", "program_ids"):
            param._custom_shell_complete = complete_ids
        elif param.name == "field":
            param._custom_shell_complete = complete_fields
        elif param.name == "goal":
            param._custom_shell_complete = complete_goals
        elif param.name == "math":
            param._custom_shell_complete = complete_math


def complete_ids(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The IDs of the catalog in use (--catalog, MMEVAL_CATALOG or the shipped one) that start so."""
    from pathlib import Path

    from mmeval.catalog.load import resolve_catalog
    from mmeval.errors import MmevalError

    given = ctx.params.get("catalog")  # while completing, Click may leave it unconverted
    try:
        folder = resolve_catalog(Path(given) if given else None)
        names = [f.name for f in folder.iterdir()]
    except (MmevalError, OSError):  # no catalog there: nothing to offer, and nothing to print
        return []
    ids = sorted(n[: -len(".toml")] for n in names if n.endswith(".toml") and not n.startswith("."))
    return [i for i in ids if i.startswith(incomplete)]


def complete_fields(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The subject tags that start so, and `all` (every field)."""
    from mmeval.vocabulary import SUBJECT_TAGS

    return [t for t in (*SUBJECT_TAGS, "all") if t.startswith(incomplete.lower())]


def complete_goals(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The goals that start so."""
    from mmeval.vocabulary import GOALS

    return [g for g in GOALS if g.startswith(incomplete.lower())]


def complete_math(ctx: Any, param: Any, incomplete: str) -> list[str]:
    """The math topics that start so, and `none`."""
    from mmeval.vocabulary import MATH_TOPICS

    return [t for t in (*MATH_TOPICS, "none") if t.startswith(incomplete.lower())]
