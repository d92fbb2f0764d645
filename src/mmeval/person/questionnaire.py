"""Rich prompts for missing answers; the CLI calls this on a TTY only."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt

from mmeval.errors import MmevalError
from mmeval.person.profile import check_number
from mmeval.results.records import DEFAULT_HOURS
from mmeval.vocabulary import GOALS, MATH_TOPICS, SUBJECT_TAGS, field_from_words, goal_from_words

EXAMPLES = {"budget_usd": "2000 or $2,000", "hours_per_week": "8 or 8 hours", "months": "12 or 1 year"}
_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k)?\b", re.I)


def read_amount(text: str, field: str) -> float:
    """A number from what a person typed: "$2,000", "2k", "5 hours", "1.5 years" (in months)."""
    m = _NUMBER.search(text.replace("$", " "))
    if m is None:
        raise ValueError(text)
    value = float(m.group(1).replace(",", "")) * (1000 if m.group(2) else 1)
    if field == "months" and re.search(r"\byears?\b", text, re.I):
        value *= 12
    return value


def _whole_number(text: str) -> bool:
    """Whether text is a number from a list, typed in ASCII digits: str.isdigit() also accepts
    "²" or "①", which int() refuses."""
    return text.isascii() and text.isdigit()


GOAL_HELP = {
    "career-change": "move into a new field",
    "upskill": "get better at the job you have",
    "mba-path": "earn credit toward an MBA or master's",
    "degree-credit": "earn credit toward any degree",
    "explore": "look around, no strong preference",
}


def _pick_many(
    console: Console,
    question: str,
    options: tuple[str, ...],
    empty_means: str,
    words: Callable[[str], tuple[str | None, list[str]]] | None = None,
) -> list[str]:
    """Ask for a comma-separated list of names, numbers or plain words; re-ask until all are valid."""
    for i, name in enumerate(options, start=1):
        console.print(f"  [cyan]{i:>2}[/] {name}", highlight=False)
    while True:
        raw = Prompt.ask(
            f"{question} (numbers or names, comma-separated; blank = {empty_means})",
            default="",
            show_default=False,
            console=console,
        )
        picked: list[str] = []
        bad: list[str] = []
        hints: list[str] = []
        for item in (x.strip() for x in raw.replace(" and ", ",").split(",")):
            if not item:
                continue
            if _whole_number(item) and 1 <= int(item) <= len(options):
                picked.append(options[int(item) - 1])
            elif item in options:
                picked.append(item)
            elif words is not None and (found := words(item))[0] is not None:
                picked.append(found[0] or "")
            else:
                bad.append(item)
                if words is not None:
                    hints += words(item)[1]
        if not bad:
            return sorted(set(picked), key=options.index)
        maybe = f" Did you mean: {', '.join(dict.fromkeys(hints))}?" if hints else ""
        console.print(
            f"[red]Not a choice: {escape(', '.join(bad))}.{escape(maybe)} Pick from the list above.[/]"
        )


def _number(console: Console, question: str, field: str, *, default: float | None) -> float | None:
    """Ask for a number within the profile's bounds for field; blank = default; re-ask until valid."""
    blank = f"{default:g}" if default is not None else "no limit"
    while True:
        raw = Prompt.ask(f"{question} (blank = {blank})", default="", show_default=False, console=console)
        if not raw.strip():
            return default
        try:
            value = read_amount(raw, field)
            return check_number("", value, field, shown=raw.strip())
        except ValueError:
            console.print(f"[red]Please enter a number such as {EXAMPLES[field]}, or leave it blank.[/]")
        except MmevalError as err:
            console.print(f"[red]{escape(err.message)}. Please try again.[/]")


def ask(missing: list[str], answers: dict[str, Any], console: Console) -> dict[str, Any]:
    """Ask for each missing answer in turn; returns the completed answers."""
    out = dict(answers)
    console.print("[bold]A few questions[/] (Ctrl-C to stop)")
    if "goal" in missing:
        for i, goal in enumerate(GOALS, start=1):
            console.print(f"  [cyan]{i}[/] {goal:<14} {GOAL_HELP[goal]}", highlight=False)
        while True:
            raw = Prompt.ask("What do you want the credential for?", default="explore", console=console)
            raw = raw.strip()
            if _whole_number(raw) and 1 <= int(raw) <= len(GOALS):
                out["goal"] = GOALS[int(raw) - 1]
                break
            if (chosen := goal_from_words(raw)) is not None:
                out["goal"] = chosen
                break
            console.print(
                f"[red]'{escape(raw)}' is not a goal. Type a number from 1 to {len(GOALS)}, a name,"
                " or words like 'switch careers' or 'MBA'.[/]"
            )
    if "fields" in missing:
        moving = out.get("goal") == "career-change"
        question = "Which field do you want to move into?" if moving else "Which field do you work in?"
        out["fields"] = _pick_many(console, question, SUBJECT_TAGS, "all fields", field_from_words)
    if "math" in missing:
        out["math"] = _pick_many(console, "Which math are you comfortable with?", MATH_TOPICS, "none")
    if "budget_usd" in missing:
        out["budget_usd"] = _number(console, "Total budget in USD", "budget_usd", default=None)
    if "hours_per_week" in missing:
        out["hours_per_week"] = _number(
            console, "Hours a week you can study, 0.5-168", "hours_per_week", default=DEFAULT_HOURS
        )
    if "months" in missing:
        out["months"] = _number(console, "Finish within how many months, 0.5-240", "months", default=None)
    return out


def offer_save(console: Console, check: Callable[[Path, bool], None]) -> tuple[Path, bool] | None:
    """Ask whether and where to save the answers: (path, overwrite) or None.

    A path that `check` refuses (a folder, a missing folder, no permission) is asked again, so
    a typo never loses the answers; an existing file is overwritten only when the person agrees.
    """
    if not Confirm.ask("Save these answers as a profile?", default=False, console=console):
        return None
    while True:
        raw = Prompt.ask("Profile file", default="mmeval-profile.toml", console=console).strip()
        if not raw:
            console.print("[red]Please give a file name.[/]")
            continue
        path = Path(raw).expanduser()
        overwrite = False
        try:
            exists = path.is_file()
        except OSError as err:  # e.g. a name too long for the file system
            console.print(f"[red]Cannot use '{escape(str(path))}': {escape(err.strerror or '')}.[/]")
            continue
        if exists:
            if not Confirm.ask(
                f"'{escape(str(path))}' exists. Overwrite it?", default=False, console=console
            ):
                continue
            overwrite = True
        try:
            check(path, overwrite)
        except MmevalError as err:
            console.print(f"[red]{escape(err.message)}. {escape(err.hint)}[/]")
            continue
        return path, overwrite
