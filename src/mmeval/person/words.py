"""The one reader of answers, for flags, profile files and the questionnaire (docs/answers.md).

Each reader takes what a person typed (a flag value, a profile file's value, a line at a
prompt) and returns a Reading: the value understood, an echo of it, whether the person said
they do not know, and the parts not understood, with did-you-mean suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from mmeval.person.numbers import read_budget, read_hours, read_months
from mmeval.person.reading import (
    UNKNOWN_WORDS,
    Reading,
    did_you_mean,
    not_stated,
    plain,
    problem,
    suggest,
    unsure,
)
from mmeval.vocabulary import FIELD_WORDS, GOAL_WORDS, GOALS, MATH_TOPICS, MATH_WORDS, SUBJECT_TAGS

__all__ = [
    "READERS",
    "Reading",
    "read_budget",
    "read_fields",
    "read_goal",
    "read_hours",
    "read_math",
    "read_months",
]

FIELDS = {plain(t): t for t in SUBJECT_TAGS} | {plain(k): v for k, v in FIELD_WORDS.items()}
MATH = {plain(t): t for t in MATH_TOPICS} | {plain(k): v for k, v in MATH_WORDS.items()}
GOAL_PHRASES = {plain(g): g for g in GOALS} | {
    plain(k): v for k, v in GOAL_WORDS.items() if plain(k) not in UNKNOWN_WORDS
}
# Words around the names that say nothing: "I know some stats", "into data science please"
_FILLER = (
    "i im am a an the some basic basics little bit of in into to toward towards with at and also like"
    " my field fields area areas work working comfortable know good ok okay fine want move please"
    " maybe on for as well etc both plus too level"
)
FILLER = frozenset(_FILLER.split())
ALL_FIELDS = frozenset(("all", "any", "everything", "anything", "all fields", "any field", "none",
                        "no preference", "doesnt matter", "all of them", "any of them"))  # fmt: skip
NO_MATH = frozenset(("none", "no math", "no", "nothing", "none of them", "no maths", "not any"))
ALL_MATH = frozenset(("all", "everything", "all of them", "all of it"))
SEPARATORS = re.compile(r"[,;\n/&+]|\band\b", re.I)
CONNECTORS = ("into", "to", "in", "toward", "towards")


def _match(text: str, table: dict[str, str]) -> tuple[list[str], list[str]]:
    """The names in text (longest phrases first) and the words left over, fillers left out."""
    words = plain(text).split()
    found: list[str] = []
    left: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(3, len(words) - i), 0, -1):
            if (key := " ".join(words[i : i + n])) in table:
                found.append(table[key])
                i += n
                break
        else:
            if words[i] not in FILLER:
                left.append(words[i])
            i += 1
    return found, left


def _item(item: str, table: dict[str, str], otherwise: str, *, guess: bool) -> tuple[list[str], list[str]]:
    """The names one item of a list says, and its problems: "lineer algebra: did you mean
    linear-algebra?" (the whole item when it is a typo of a name; else the words left over).
    Without `guess` no suggestions are looked for (a hostile list of thousands stays fast)."""
    found, left = _match(item, table)
    if not left:
        return found, []
    shown = " ".join(item.split())[:60]
    if guess and (hints := suggest(plain(item), table)):
        return [], [did_you_mean(shown, hints, otherwise)]
    rest = " ".join(left)[:60]
    return found, [did_you_mean(rest if found else shown, suggest(rest, table) if guess else [], otherwise)]


def _read_list(
    answer: object,
    table: dict[str, str],
    order: tuple[str, ...],
    wholes: Mapping[frozenset[str], tuple[tuple[str, ...], str]],
    otherwise: str,
) -> Reading[tuple[str, ...]]:
    """Names from a line ("stats, lin alg and python") or a list (repeated flags, a TOML array);
    the valid parts are kept when others are not understood."""
    if answer is None:
        return not_stated()
    items = [answer] if isinstance(answer, str) else answer
    if not isinstance(items, list | tuple) or not all(isinstance(x, str) for x in items):
        return problem(f"{str(answer)[:60]}: expected words or a list of words")
    if not items:  # an empty list in a profile file: "none" for math, all fields for fields
        return Reading((), next(echo for v, echo in wholes.values() if not v))
    line = ", ".join(items)
    said = plain(line)
    if not said and not unsure(line):
        return not_stated()
    for phrases, (value, echo) in wholes.items():
        if said in phrases:
            return Reading(value, echo)
    found: list[str] = []
    problems: list[str] = []
    parts = [x for part in items for x in SEPARATORS.split(part) if plain(x)]
    for item in parts:
        if len(parts) > 1 and any(plain(item) in phrases for phrases in wholes):  # "none, algebra"
            problems.append(
                f"'{' '.join(item.split())[:60]}' goes alone: give it by itself, or only the names"
            )
        else:
            names, trouble = _item(item, table, otherwise, guess=len(problems) < 10)
            found += names
            problems += trouble
    value = tuple(t for t in order if t in found)
    if not value and unsure(line):
        return not_stated()
    if not value and not problems:  # only words that say nothing: "I know"
        return problem(f"{' '.join(line.split())[:60]}: {otherwise}")
    return Reading(value or None, ", ".join(value), problems=tuple(problems))


def read_fields(answer: object) -> Reading[tuple[str, ...]]:
    """Subject tags: "data science", "logistics and finance"; "all" / "any" -> () (all fields)."""
    wholes = {ALL_FIELDS: ((), "all fields")}
    return _read_list(answer, FIELDS, SUBJECT_TAGS, wholes, "not a field mmeval knows")


def read_math(answer: object) -> Reading[tuple[str, ...]]:
    """Math topics: "stats, lin alg", "python"; "none" -> () (none); blank or "not sure" -> not stated."""
    wholes = {NO_MATH: ((), "none"), ALL_MATH: (MATH_TOPICS, ", ".join(MATH_TOPICS))}
    otherwise = f"not a math topic mmeval knows ({', '.join(MATH_TOPICS)})"
    return _read_list(answer, MATH, MATH_TOPICS, wholes, otherwise)


def _goal_fields(said: str, start: int, end: int, phrase: str) -> tuple[tuple[str, ...], list[str]]:
    """The fields said around a goal ("move into data science"); a field after "into" that is not
    one is a problem, other words around the goal are not."""
    before, _ = _match(said[:start], FIELDS)
    after, left = _match(said[end:], FIELDS)
    rest = said[end:].split()
    led = phrase.split()[-1] in CONNECTORS or (bool(rest) and rest[0] in CONNECTORS)
    problems = []
    if led and left and not after:
        shown = " ".join(rest[1:] if rest[0] in CONNECTORS else rest)
        problems.append(did_you_mean(shown, suggest(" ".join(left), FIELDS), "not a field mmeval knows"))
    return tuple(t for t in SUBJECT_TAGS if t in before + after), problems


def read_goal(answer: object) -> Reading[str]:
    """A goal by name or in words ("mba", "switch to data science" -> career-change with the field
    data-science); "not sure" reads as explore, as the questionnaire has always read it."""
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return not_stated()
    if not isinstance(answer, str):
        return problem(f"{str(answer)[:60]}: expected a goal ({', '.join(GOALS)})")
    said, shown = plain(answer), " ".join(answer.split())[:60]
    padded = f" {said} "
    hits: dict[str, tuple[int, int, str]] = {}  # goal -> (start, end, phrase) of its first mention
    for phrase, goal in GOAL_PHRASES.items():
        if (at := padded.find(f" {phrase} ")) >= 0 and (goal not in hits or at < hits[goal][0]):
            hits[goal] = (at, at + len(phrase), phrase)
    goals = [g for g in GOALS if g in hits]
    if len(goals) > 1 and "explore" in goals:  # "explore a career change"
        goals.remove("explore")
    if {"mba-path", "degree-credit"} <= set(goals):  # "credit toward an MBA"
        goals.remove("degree-credit")
    if len(goals) > 1:
        return problem(f"{shown}: which goal? {' or '.join(goals)}; say one")
    if not goals:
        named, _ = _match(said, FIELDS)
        if unsure(answer) and not named:
            return Reading("explore", "explore (not sure yet)")
        if named:
            example = f"'career change into {named[0]}' or 'upskill'"
            message = f"{shown}: that is a field, not a goal; say what it is for, e.g. {example}"
            return Reading(None, problems=(message,), fields=tuple(dict.fromkeys(named)))
        words = said.split()[:8]  # a goal is said in a few words; a long answer gets no guesses
        windows = [" ".join(words[i : i + n]) for n in (3, 2, 1) for i in range(len(words))]
        hints = suggest(said, GOAL_PHRASES) or [h for w in windows for h in suggest(w, GOAL_PHRASES)]
        otherwise = f"not a goal; say one of {', '.join(GOALS)}"
        return problem(did_you_mean(shown, list(dict.fromkeys(hints))[:2], otherwise))
    goal = goals[0]
    fields, problems = _goal_fields(said, *hits[goal])
    where = " into " if goal == "career-change" else " in "
    understood = goal + (where + ", ".join(fields) if fields else "")
    return Reading(goal, understood, problems=tuple(problems), fields=fields)


READERS: dict[str, Callable[[object], Reading[Any]]] = {
    "goal": read_goal,
    "fields": read_fields,
    "math": read_math,
    "budget_usd": read_budget,
    "hours_per_week": read_hours,
    "months": read_months,
}
