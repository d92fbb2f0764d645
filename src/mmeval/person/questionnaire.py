"""Rich prompts for missing answers, read by mmeval.person.words; the CLI calls this on a TTY only.

Long choices (subjects, math) use the picker (person.picker) on a full terminal, else a numbered
list laid out in columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.prompt import Confirm, Prompt

from mmeval.errors import MmevalError
from mmeval.person import picker
from mmeval.person.reading import UNKNOWN_WORDS, Reading, hints_in, plain, unsure
from mmeval.person.words import FIELDS, MATH, NO_MATH, READERS, read_fields, read_goal, read_math
from mmeval.vocabulary import GOALS, MATH_TOPICS, SUBJECT_TAGS

GOAL_HELP = {
    "career-change": "move into a new field",
    "upskill": "get better at the job you have",
    "mba-path": "earn credit toward an MBA",
    "degree-credit": "earn credit toward a master's or any other degree",
    "explore": "look around, no strong preference",
}
# The choices that go alone in the math picker, as the words reader reads them (docs/answers.md)
MATH_WHOLES = (("none of these", "none"), ("not sure", "not sure"))
YES = frozenset(("y", "yes", "yeah", "yep", "ok", "sure"))
EXAMPLES = {"budget_usd": "$2,000 or 2k", "hours_per_week": "8 or 8 hours", "months": "12 or 1 year"}


def _ask(console: Console, prompt: str, default: str = "", *, show_default: bool = False) -> str:
    """Prompt.ask on the console; with piped answers (not a terminal) the answer read is echoed,
    so the questions and answers read as a transcript on stderr."""
    import sys

    piped = sys.stdin is None or sys.stdin.closed or not sys.stdin.isatty()
    try:
        raw = Prompt.ask(prompt, default=default, show_default=show_default, console=console)
    except EOFError:
        if piped:
            console.print()
        raise
    if piped:
        console.print(raw, highlight=False, markup=False)
    return raw


def _whole_number(text: str) -> bool:
    """Whether text is a number from a list, typed in ASCII digits: str.isdigit() also accepts
    "²" or "①", which int() refuses."""
    return text.isascii() and text.isdigit()


def columns(options: tuple[str, ...], width: int) -> list[str]:
    """The options numbered and laid out in columns, top to bottom then left to right, in width."""
    cell = len(str(len(options))) + 1 + max(map(len, options)) + 3
    across = max(1, min(len(options), width // cell))
    rows = -(-len(options) // across)
    lines = []
    for r in range(rows):
        cells = [
            f"{i + 1:>{len(str(len(options)))}} {options[i]}".ljust(cell)
            for i in range(r, len(options), rows)
        ]
        lines.append("  " + "".join(cells).rstrip())
    return lines


def _read_items(raw: str, options: tuple[str, ...], read: Callable[[object], Reading[Any]]) -> Reading[Any]:
    """A typed line of numbers from the list and words: numbers picked, the rest read by `read`."""
    items = [x.strip() for x in raw.replace(";", ",").split(",")]
    numbered = [options[int(x) - 1] for x in items if _whole_number(x) and 1 <= int(x) <= len(options)]
    words = [x for x in items if x and not (_whole_number(x) and 1 <= int(x) <= len(options))]
    reading = read(", ".join(words)) if words else Reading(None)
    if not numbered:
        return reading
    value = [t for t in options if t in numbered or t in (reading.value or ())]
    return Reading(tuple(value), ", ".join(value), problems=reading.problems)


def words_for(table: Mapping[str, str], wholes: tuple[tuple[str, str], ...] = ()) -> dict[str, list[str]]:
    """The words the reader knows for each name (table: words -> name), for the picker's filter:
    "stats" finds statistics; and for the choices that go alone, "no math" finds "none of these"."""
    out: dict[str, list[str]] = {}
    for words, name in table.items():
        out.setdefault(name, []).append(words)
    for _, said in wholes:
        out[said] = [*NO_MATH] if said == "none" else [*UNKNOWN_WORDS] if said == "not sure" else []
    return out


def offered(problems: tuple[str, ...]) -> list[str]:
    """The one suggestion of each did-you-mean problem that has exactly one: what 'y' accepts."""
    return [hints[0] for p in problems if len(hints := hints_in(p)) == 1]


def _picked(
    console: Console,
    question: str,
    options: tuple[str, ...],
    read: Callable[[object], Reading[Any]],
    blank: tuple[Any, str],
    wholes: tuple[tuple[str, str], ...],
) -> Any:
    """Choose from the list in the picker; the values chosen are read as typed words would be.
    wholes: (title, words) of choices that go alone ("none of these" = "none")."""

    def check(chosen: list[str]) -> bool | str:
        if len(chosen) > 1 and (alone := [t for t, w in wholes if w in chosen]):
            return f"'{alone[0]}' goes alone: unchoose the rest with space"
        return True

    table = MATH if read is read_math else FIELDS
    choices = [(o, o) for o in options] + list(wholes)
    chosen = picker.pick(question, choices, blank[1], check, words_for(table, wholes))
    titles = [t for t, v in choices if v in chosen]
    console.print(f"  Chosen: {', '.join(titles) or f'nothing ({blank[1]})'}", highlight=False, markup=False)
    if not chosen:
        return blank[0]
    value = read(", ".join(chosen)).value
    return None if value is None else list(value)


def _pick_many(
    console: Console,
    question: str,
    options: tuple[str, ...],
    read: Callable[[object], Reading[Any]],
    blank: tuple[Any, str],
    wholes: tuple[tuple[str, str], ...] = (),
) -> Any:
    """Ask for names, numbers or plain words from a list, in the picker on a full terminal; keep
    what was understood and ask only about the rest. blank: (the value, what it means) for an
    empty answer. Returns a list, or None when not stated."""
    if picker.available():
        return _picked(console, question, options, read, blank, wholes)
    for line in columns(options, min(console.width, 100)):
        console.print(line, highlight=False, markup=False)
    kept: list[str] = []
    hints: list[str] = []  # suggestions made for the last answer: 'y' takes them
    prompt = f"{question} (numbers or names, comma-separated; blank = {blank[1]})"
    while True:
        raw = _ask(console, prompt)
        if not raw.strip():
            return kept or blank[0]
        if hints and plain(raw) in YES:
            raw = ", ".join(hints)
        reading = _read_items(raw, options, read)
        if reading.unknown and not unsure(raw):  # only characters no reader reads: "①, ²"
            reading = Reading(None, problems=(f"{raw.strip()[:60]}: not a choice",))
        if reading.unknown and not kept:
            return None
        kept = [t for t in options if t in kept or t in (reading.value or ())]
        if not reading.problems:
            return kept if kept or reading.value is not None else blank[0]
        mention = f"Kept: {', '.join(kept)}. " if kept else ""
        console.print(f"[red]{escape(mention)}Not understood: {escape('; '.join(reading.problems))}[/]")
        done = f"just {', '.join(kept)}" if kept else blank[1]
        hints = offered(reading.problems)
        take = f"y = {', '.join(hints)}; " if hints else ""
        prompt = f"{'Anything to add' if kept else question} ({take}blank = {done})"


def _goal(console: Console) -> Reading[str]:
    """Ask for the goal until one is understood; its reading may carry fields ("move into ...")."""
    for i, goal in enumerate(GOALS, start=1):
        console.print(f"  [cyan]{i}[/] {goal:<14} {GOAL_HELP[goal]}", highlight=False)
    hints: list[str] = []  # the goal suggested for the last answer: 'y' takes it
    while True:
        raw = _ask(console, "What do you want the credential for?", "explore", show_default=True).strip()
        if _whole_number(raw) and 1 <= int(raw) <= len(GOALS):
            return Reading(GOALS[int(raw) - 1])
        if hints and plain(raw) in YES:
            return Reading(hints[0], hints[0])
        reading = read_goal(raw)
        if reading.value is not None:
            if reading.problems:
                console.print(f"[red]Not understood: {escape('; '.join(reading.problems))}[/]")
            return reading
        why = "; ".join(reading.problems) or "not a goal"
        hints = offered(reading.problems)[:1]
        take = f"'y' for {hints[0]}, or type" if hints else "Type"
        console.print(
            f"[red]{escape(why)}. {take} a number from 1 to {len(GOALS)}, a name, or words like"
            " 'switch careers' or 'MBA'.[/]"
        )


def _number(console: Console, question: str, key: str, *, blank: str) -> float | None:
    """Ask for a number read by mmeval.person.words; blank or "not sure" = not stated (None:
    no limit, or not judged); re-ask a problem (a range, a negative, out of bounds)."""
    while True:
        raw = _ask(console, f"{question} (blank = {blank})")
        if not raw.strip():
            return None
        reading = READERS[key](raw)
        if not reading.problems:
            return reading.value
        console.print(
            f"[red]{escape('; '.join(reading.problems))}. Please try again ({EXAMPLES[key]}, 'not sure',"
            " or blank).[/]"
        )


def ask(missing: list[str], answers: dict[str, Any], console: Console) -> dict[str, Any]:
    """Ask for each missing answer in turn; returns the completed answers."""
    out = dict(answers)
    console.print("[bold]A few questions[/] (Ctrl-C to stop; 'not sure' is an answer)")
    if "goal" in missing:
        reading = _goal(console)
        out["goal"] = reading.value
        if reading.fields and "fields" in missing:
            out["fields"] = list(reading.fields)
            missing = [m for m in missing if m != "fields"]
    if "fields" in missing:
        moving = out.get("goal") == "career-change"
        question = "Which field do you want to move into?" if moving else "Which field do you work in?"
        out["fields"] = _pick_many(console, question, SUBJECT_TAGS, read_fields, ([], "all fields")) or []
    if "math" in missing:
        question = "Which math are you comfortable with?"
        out["math"] = _pick_many(console, question, MATH_TOPICS, read_math, (None, "not sure"), MATH_WHOLES)
    if "budget_usd" in missing:
        out["budget_usd"] = _number(console, "Total budget in USD", "budget_usd", blank="no limit")
    if "hours_per_week" in missing:
        # blank is not sure: weekly load not judged (a default is never "your 10 h/week")
        out["hours_per_week"] = _number(
            console, "Hours a week you can study, 0.5-168", "hours_per_week", blank="not sure"
        )
    if "months" in missing:
        out["months"] = _number(
            console, "Finish within how many months, 0.5-240", "months", blank="no deadline"
        )
    return out


def offer_save(console: Console, check: Callable[[Path, bool], None]) -> tuple[Path, bool] | None:
    """Ask whether and under what name to save the answers (in the profiles folder, or a file
    path): (path, overwrite) or None.

    A name or path that `check` refuses is asked again, so a typo never loses the answers; an
    existing profile is overwritten only when the person agrees.
    """
    from mmeval.person.saved import is_name, make_folder, saved_path

    if not Confirm.ask("Save these answers as a profile?", default=False, console=console):
        return None
    while True:
        raw = Prompt.ask("Save as (a name, or a file path)", default="me", console=console).strip()
        if not raw:
            console.print("[red]Please give a name.[/]")
            continue
        try:
            if is_name(raw):
                path = saved_path(raw)
                make_folder()
            else:
                path = Path(raw).expanduser()
            exists = path.is_file()
        except MmevalError as err:
            console.print(f"[red]{escape(err.message)}. {escape(err.hint)}[/]")
            continue
        except OSError as err:  # e.g. a name too long for the file system
            console.print(f"[red]Cannot use '{escape(raw)}': {escape(err.strerror or '')}.[/]")
            continue
        overwrite = False
        if exists:
            if not Confirm.ask(f"'{escape(raw)}' exists. Overwrite it?", default=False, console=console):
                continue
            overwrite = True
        try:
            check(path, overwrite)
        except MmevalError as err:
            console.print(f"[red]{escape(err.message)}. {escape(err.hint)}[/]")
            continue
        return path, overwrite
