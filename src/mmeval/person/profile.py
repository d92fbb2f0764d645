"""Merge a --profile file, flags and answers into a Profile; list what is missing."""

from __future__ import annotations

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
    """The answers stored in a profile TOML file; raises ProfileInvalid naming the problem."""
    from mmeval import reader

    try:
        data = reader.read_toml(path)
    except reader.Unreadable as err:
        raise ProfileInvalid(reader.describe(path, err)) from None
    _validate(data, source=str(path))
    return data


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
    return _validate(answers, source=source)


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
