"""Merge a --profile file, flags and answers into a Profile; list what is missing."""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mmeval.errors import ProfileInvalid, UsageError
from mmeval.results.records import Profile
from mmeval.vocabulary import CRITERIA, GOALS

if TYPE_CHECKING:
    from pydantic import TypeAdapter

REQUIRED = ("goal",)
FLAGS = {
    "goal": "--goal",
    "fields": "--field",
    "math": "--math",
    "budget_usd": "--budget",
    "hours_per_week": "--hours",
    "months": "--months",
    "weights": "--weight",
}


@functools.cache
def _checker() -> TypeAdapter[Profile]:
    """Pydantic's validator for the Profile record (its bounds are on its fields), built on first use."""
    from pydantic import TypeAdapter

    return TypeAdapter(Profile)


def read_profile_file(path: Path) -> dict[str, Any]:
    """The answers stored in a profile TOML file, or saved by that name (person.saved); raises
    ProfileInvalid naming the problem."""
    from mmeval import reader
    from mmeval.person.saved import find_profile

    path = find_profile(path)

    try:
        data = reader.read_toml(path)
    except reader.Unreadable as err:
        raise ProfileInvalid(reader.describe(path, err)) from None
    answers, problems = read_answers(data)
    if problems:
        key, message = problems[0]
        if not isinstance(data.get(key), str):  # a number or list: the key names it, no echo needed
            message = message.partition(": ")[2] or message
        raise ProfileInvalid(
            f"{path}: {key} ({FLAGS[key]}): {message}",
            hint="values are read as the flags read them: see `mmeval help answers`",
        )
    _validate(_stated(answers), source=str(path))
    return answers


def read_answers(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Answers as mmeval.person.words reads them (a flag's text, a profile file's value): the
    values (None: not stated, no limit or no deadline; fields and math as lists) and the problems,
    as (key, message). Keys without a reader pass through; a goal said with its field ("move into
    data science") also answers the fields when they are not given."""
    from mmeval.person.words import READERS

    out: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    goal_fields: tuple[str, ...] = ()
    for key, value in raw.items():
        if (read := READERS.get(key)) is None:
            out[key] = value
            continue
        reading = read(value)
        problems += [(key, p) for p in reading.problems]
        out[key] = list(reading.value) if isinstance(reading.value, tuple) else reading.value
        goal_fields = reading.fields if key == "goal" else goal_fields
    if goal_fields and not out.get("fields"):
        out["fields"] = list(goal_fields)
    return out, problems


# What each answer flag takes, said when a value is not understood (docs/answers.md has them all)
FLAG_EXAMPLES = {
    "goal": "e.g. --goal career-change, --goal mba, --goal 'move into data science'",
    "fields": "e.g. --field data-science, --field 'supply chain', --field all",
    "math": "e.g. --math statistics --math python, or --math none",
    "budget_usd": "e.g. --budget 2000, --budget '$2,000', --budget 2k, --budget 'no limit'",
    "hours_per_week": "e.g. --hours 8, --hours '1 hour a day'",
    "months": "e.g. --months 12, --months '1.5 years', --months 'no deadline'",
}


def read_flags(raw: dict[str, Any]) -> dict[str, Any]:
    """Flag values read as answers (read_answers); raises UsageError naming each flag not understood.

    A number as Python writes it ("1e308", "nan") is read as a number, so its problem is a bound.
    """
    shown: dict[str, tuple[str, str]] = {}  # key -> (how the reader shows the number, how flags do)
    for key in ("budget_usd", "hours_per_week", "months"):
        text = raw.get(key)
        if isinstance(text, str) and text.isascii() and "," not in text:
            with contextlib.suppress(ValueError):
                raw = raw | {key: float(text)}
                shown[key] = (str(raw[key]), f"{raw[key]:g}")
    answers, problems = read_answers(raw)
    problems = [(k, m.replace(*shown[k], 1) if k in shown else m) for k, m in problems]
    if problems:
        raise UsageError(
            "; ".join(f"{FLAGS[key]} {message}" for key, message in problems),
            hint=f"{FLAG_EXAMPLES[problems[0][0]]} (all the forms: mmeval help answers)",
        )
    return answers


def _stated(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers without those left unstated where the profile has no "unknown" (goal, fields)."""
    return {k: v for k, v in answers.items() if v is not None or k not in ("goal", "fields", "weights")}


def bound_message(error: Any) -> str:
    """A Pydantic error on a number, said plainly: 'must be a finite number', 'must be at most 168'."""
    ctx = error.get("ctx") or {}
    match error["type"]:
        case "finite_number":
            return "must be a finite number"
        case "greater_than_equal":
            return f"must be at least {ctx['ge']:g}"
        case "greater_than":
            return f"must be more than {ctx['gt']:g}"
        case "less_than_equal":
            return f"must be at most {ctx['le']:g}"
        case "less_than":
            return f"must be less than {ctx['lt']:g}"
    return str(error["msg"])


def check_number(
    flag: str, value: float, field: str | tuple[float, float], *, shown: str | None = None
) -> float:
    """value, if the profile's bounds for field allow it (or the given (low, high) range).

    Raises UsageError naming the flag and value: "--budget nan: must be a finite number".
    """
    shown = shown if shown is not None else f"{flag} {value:g}"
    if isinstance(field, tuple):
        low, high = field
        if value != value or value in (float("inf"), float("-inf")):
            raise UsageError(f"{shown}: must be a finite number")
        if not low <= value <= high:
            raise UsageError(f"{shown}: must be between {low:g} and {high:g}")
        return value
    data: dict[str, Any] = {"goal": "explore"}
    if field.startswith("weights."):
        data["weights"] = {field.removeprefix("weights."): value}
    else:
        data[field] = value
    from pydantic import ValidationError

    try:
        _checker().validate_python(data)
    except ValidationError as err:
        raise UsageError(f"{shown}: {bound_message(err.errors()[0])}") from None
    return value


def parse_weights(items: list[str]) -> dict[str, float]:
    """--weight NAME=N items as a dict; raises UsageError on a bad item."""
    out: dict[str, float] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in CRITERIA:
            raise UsageError(
                f"bad --weight '{item}'",
                hint=f"use NAME=N with NAME one of: {', '.join(CRITERIA)}",
            )
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--weight {item}: N must be a number", hint="e.g. --weight credit=2") from None
        out[name] = check_number("--weight", number, f"weights.{name}", shown=f"--weight {item}")
    return out


def merge_answers(file_answers: dict[str, Any], flags: dict[str, Any]) -> dict[str, Any]:
    """Flags override the file; a flag left unset (None or empty) keeps the file's value."""
    merged = dict(file_answers)
    for key, value in flags.items():
        if value is None or (value in ([], {}) and key != "math"):  # math = []: "none", an answer
            continue
        if key == "weights":
            merged["weights"] = {**merged.get("weights", {}), **value}
        else:
            merged[key] = value
    return merged


def missing_answers(answers: dict[str, Any]) -> list[str]:
    """Required answers not given yet."""
    return [key for key in REQUIRED if answers.get(key) in (None, "")]


def make_profile(answers: dict[str, Any], *, source: str = "your answers") -> Profile:
    """A validated Profile; raises ProfileInvalid naming the field and the flag."""
    given = {k: v for k, v in answers.items() if v not in (None, "", [], {}) or (k == "math" and v == [])}
    if set(given) <= {"goal"} and given.get("goal", "explore") in GOALS:
        return Profile(goal=given.get("goal", "explore"))  # nothing to check (and no Pydantic to load)
    return _validate(_stated(answers), source=source)


def _validate(data: dict[str, Any], *, source: str) -> Profile:
    from pydantic import ValidationError

    try:
        return _checker().validate_python({"goal": "explore", **data} if "goal" not in data else data)
    except ValidationError as err:
        e = err.errors()[0]
        field = str(e["loc"][0]) if e["loc"] else ""
        where = ".".join(str(p) for p in e["loc"])
        msg = "unknown key" if e["type"] == "unexpected_keyword_argument" else bound_message(e)
        flag = f" ({FLAGS[field]})" if field in FLAGS else ""
        raise ProfileInvalid(
            f"{source}: {where}{flag}: {msg}",
            hint="see `mmeval recommend --help` for the allowed values",
        ) from None


def profile_text(profile: Profile) -> str:
    """The profile as TOML text, for --save-profile."""
    from mmeval.results.serialize import to_data, to_toml

    data = to_data(profile)
    if not data.get("weights"):
        data.pop("weights", None)  # no overrides: leave the table out rather than write it empty
    return to_toml(data)


QUESTIONS = ("goal", "fields", "math", "budget_usd", "hours_per_week", "months")  # in the order asked


def unanswered(answers: dict[str, Any]) -> list[str]:
    """Questions neither a flag nor the profile file answered (the questionnaire asks these)."""
    return [q for q in QUESTIONS if q not in answers]


GOAL_SAID = {
    "career-change": "career change",
    "upskill": "upskill",
    "mba-path": "MBA path",
    "degree-credit": "degree credit",
    "explore": "explore",
}


def understood(profile: Profile) -> str:
    """What mmeval understood, in a line to echo before ranking: "career change into data-science;
    math not stated; budget $2,000; 8 h/week; no deadline"."""
    from mmeval.person.numbers import dollars
    from mmeval.person.reading import number_text

    where = " into " if profile.goal == "career-change" else " in "
    parts = [
        GOAL_SAID[profile.goal] + (where + ", ".join(profile.fields) if profile.fields else "; all fields")
    ]
    if profile.math is None:
        parts.append("math not stated")
    else:
        parts.append(f"math: {', '.join(profile.math)}" if profile.math else "no math")
    parts.append(
        f"budget {dollars(profile.budget_usd)}" if profile.budget_usd is not None else "no budget limit"
    )
    hours = profile.hours_per_week
    parts.append(f"{number_text(hours)} h/week" if hours is not None else "hours a week not stated")
    parts.append(
        f"within {number_text(profile.months)} months" if profile.months is not None else "no deadline"
    )
    if profile.weights:
        parts.append("weights " + ", ".join(f"{k}={number_text(v)}" for k, v in profile.weights.items()))
    return "; ".join(parts) + "."
