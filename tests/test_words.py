"""mmeval.person.words reads answers as people type them, the same from a flag, a profile file
or a prompt: what it understood, "not sure" as not stated, and every part it did not understand."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, NamedTuple

import pytest
import typer
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mmeval.errors import UsageError
from mmeval.person.profile import check_number
from mmeval.person.reading import bounds
from mmeval.person.words import (
    READERS,
    Reading,
    read_budget,
    read_fields,
    read_goal,
    read_hours,
    read_math,
    read_months,
)
from mmeval.vocabulary import FIELD_WORDS, GOAL_WORDS, GOALS, MATH_TOPICS, MATH_WORDS, SUBJECT_TAGS
from tests.conftest import REPO

FLAG = {"goal": "--goal", "fields": "--field", "math": "--math"}
FLAG |= {"budget_usd": "--budget", "hours_per_week": "--hours", "months": "--months"}
REPEATABLE = ("--field", "--math")
probe = typer.Typer()


@probe.command()
def _probe(
    goal: Annotated[str | None, typer.Option("--goal")] = None,
    field: Annotated[list[str] | None, typer.Option("--field")] = None,
    math: Annotated[list[str] | None, typer.Option("--math")] = None,
    budget: Annotated[str | None, typer.Option("--budget")] = None,
    hours: Annotated[str | None, typer.Option("--hours")] = None,
    months: Annotated[str | None, typer.Option("--months")] = None,
) -> None:
    """Options declared as `recommend` will take them: text, read by mmeval.person.words."""


COMMAND = typer.main.get_command(probe)


def as_flag(key: str, typed: str) -> Any:
    """What a command gets when the phrase is typed as a flag: `--budget=2k`; a repeatable flag
    once per comma-separated item (`--math=stats --math="lineer algebra"`)."""
    flag = FLAG[key]
    items = [x.strip() for x in typed.split(",")] if flag in REPEATABLE else [typed]
    with COMMAND.make_context("mmeval", [f"{flag}={item}" for item in items]) as ctx:
        return ctx.params[flag.removeprefix("--")]


class Case(NamedTuple):
    key: str
    typed: str
    value: object  # what is understood (None: nothing, or "no limit")
    said: str = ""  # the echo, or a part of the problem when value is None and there is one
    unknown: bool = False


def _cases() -> list[Case]:
    budget = [
        Case("budget_usd", "$2,000", 2000.0, "$2,000"),
        Case("budget_usd", "2000", 2000.0, "$2,000"),
        Case("budget_usd", "2k", 2000.0, "$2,000"),
        Case("budget_usd", "2K", 2000.0, "$2,000"),
        Case("budget_usd", "1.5k", 1500.0, "$1,500"),
        Case("budget_usd", "two thousand dollars", 2000.0, "$2,000"),
        Case("budget_usd", "US$ 2,500.50", 2500.5, "$2,500.50"),
        Case("budget_usd", "1,234,567", 1234567.0, "$1,234,567"),
        Case("budget_usd", "1.234.567", 1234567.0, "$1,234,567"),
        Case("budget_usd", "2.000", 2000.0, "$2,000"),
        Case("budget_usd", "1,234.5", 1234.5, "$1,234.50"),
        Case("budget_usd", "1.234,5", 1234.5, "$1,234.50"),
        Case("budget_usd", "0.500", 0.5, "$0.50"),
        Case("budget_usd", "2 000", 2000.0, "$2,000"),
        Case("budget_usd", "$2 000 000", 2_000_000.0, "$2,000,000"),
        Case("budget_usd", "2 000 and 3 000", None, "which one?"),
        Case("budget_usd", ",000", None, "',000' starts with a separator"),
        Case("budget_usd", ".000", None, "'.000' starts with a separator"),
        Case("budget_usd", "2,0000", None, "2,0000: which one? 20,000 or 2?"),
        Case("budget_usd", "1,5", None, "1,5: which one? 1,500 or $1.50?"),
        Case("budget_usd", "$99.5", None, "which one? 99,500 or $99.50?"),
        Case("budget_usd", "150.5", 150.5, "$150.50"),
        Case("budget_usd", "$12.99", 12.99, "$12.99"),
        Case(
            "budget_usd", "2.000 €", None, "2.000 €: that is in euros; mmeval compares budgets in US dollars"
        ),
        Case("budget_usd", "EUR 2000", None, "in euros"),
        Case("budget_usd", "C$2000", None, "in Canadian dollars"),
        Case("budget_usd", "$200 a month", None, "not an amount per month"),
        Case("budget_usd", "$1,000-2,000", None, "which one? say a single number, e.g. 1,000"),
        Case("budget_usd", "-5", None, "-5: must be 0 or more"),
        Case("budget_usd", "$-500", None, "must be 0 or more"),
        Case("budget_usd", "20 million", None, "20 million: must be at most 10,000,000"),
        Case("budget_usd", "lots", None, "no amount found"),
        Case("budget_usd", "2²", None, "'²' is not a digit"),
        Case("budget_usd", "①", None, "'①' is not a digit"),
        Case("budget_usd", "free", 0.0, "$0 (free options only)"),
        *(Case("budget_usd", t, None, "no budget limit") for t in ("no limit", "none", "unlimited")),
        *(Case("budget_usd", t, None, "no budget limit") for t in ("employer pays", "my company pays")),
        *(Case("budget_usd", t, None, "not stated", True) for t in ("not sure", "don't know", "?", "")),
    ]
    hours = [
        *(Case("hours_per_week", t, 5.0, "5 hours a week") for t in ("5", "5 hours", "5h", "5 h/week")),
        *(Case("hours_per_week", t, 5.0, "5 hours a week") for t in ("five hours a week", "5 hrs per week")),
        Case("hours_per_week", "1,5", 1.5, "1.5 hours a week"),
        Case("hours_per_week", "1,25", 1.25, "1.25 hours a week"),
        Case("hours_per_week", "7.5 h/week", 7.5, "7.5 hours a week"),
        Case("hours_per_week", "1 hour 30 minutes", 1.5, "1.5 hours a week"),
        Case("hours_per_week", "2 hours a day", 14.0, "14 hours a week (2 hours a day)"),
        Case("hours_per_week", "5-6 hours", None, "5-6 hours: which one? say a single number, e.g. 5"),
        Case("hours_per_week", "5-6", None, "5-6: which one? say a single number, e.g. 5"),
        Case("hours_per_week", "5 to 6", None, "5 to 6: which one? say a single number, e.g. 5"),
        Case("hours_per_week", "between 5 and 6", None, "which one?"),
        Case("hours_per_week", "5 or 6 hours", None, "which one?"),
        Case("hours_per_week", "200", None, "200: must be at most 168"),
        Case("hours_per_week", "0.2", None, "0.2: must be at least 0.5"),
        Case("hours_per_week", "-5", None, "-5: must be at least 0.5"),
        Case("hours_per_week", "5 days", None, "'days' is not hours"),
        Case("hours_per_week", "1.5.3", None, "'1.5.3' is not a number"),
        Case("hours_per_week", "a few", None, "no number of hours found"),
        *(Case("hours_per_week", t, None, "not stated", True) for t in ("not sure", "no idea", "")),
    ]
    months = [
        *(Case("months", t, 18.0, "18 months") for t in ("18", "18 months", "18m", "1.5 years")),
        *(Case("months", t, 18.0, "18 months") for t in ("1 year 6 months", "1 year and 6 months")),
        *(Case("months", t, 18.0, "18 months") for t in ("a year and a half", "one and a half years")),
        Case("months", "1 year", 12.0, "12 months"),
        Case("months", "two years", 24.0, "24 months"),
        Case("months", "within a year", 12.0, "12 months"),
        Case("months", "in six months", 6.0, "6 months"),
        Case("months", "half a year", 6.0, "6 months"),
        Case("months", "by next year", None, "by next year: say how many months from now, e.g. 12 months"),
        Case("months", "2027", None, "2027: that looks like a year; say how many months from now"),
        Case("months", "1-2 years", None, "1-2 years: which one?"),
        Case("months", "300", None, "300: must be at most 240"),
        Case("months", "-3", None, "-3: must be at least 0.5"),
        *(Case("months", t, None, "no deadline") for t in ("no deadline", "none", "no rush")),
        *(Case("months", t, None, "not stated", True) for t in ("not sure", "dunno", "")),
    ]
    words = [
        *(Case("goal", g, g, g) for g in GOALS),
        Case("goal", "mba", "mba-path", "mba-path"),
        Case("goal", "MBA", "mba-path", "mba-path"),
        *(Case("goal", t, "career-change", "career-change") for t in ("switch careers", "career change")),
        Case("goal", "move into logistics", "career-change", "career-change into supply-chain"),
        Case("goal", "I want to switch to data science", "career-change", "career-change into data-science"),
        Case("goal", "career change into data science", "career-change", "career-change into data-science"),
        *(Case("goal", t, "upskill", "upskill") for t in ("get better at my job", "upskill")),
        *(Case("goal", t, "degree-credit", "degree-credit") for t in ("credit", "degree")),
        *(Case("goal", t, "explore", "explore") for t in ("just looking", "explore")),
        Case("goal", "credit toward an MBA", "mba-path", "mba-path"),
        Case("goal", "not sure", "explore", "explore (not sure yet)"),
        Case("goal", "carrer change", None, "carrer change: did you mean career-change?"),
        Case("goal", "upskil", None, "did you mean upskill?"),
        Case("goal", "mab", None, "did you mean mba-path?"),
        Case("goal", "mba or upskill", None, "which goal? upskill or mba-path"),
        Case("goal", "banana", None, "banana: not a goal; say one of career-change, upskill"),
        Case("goal", "data science", None, "that is a field, not a goal"),
        Case("goal", "", None, "not stated", True),
        Case("fields", "data science", ("data-science",), "data-science"),
        Case("fields", "logistics", ("supply-chain",), "supply-chain"),
        Case("fields", "machine learning", ("ai",), "ai"),
        Case("fields", "stats", ("statistics",), "statistics"),  # not "did you mean entrepreneurship?"
        Case(
            "fields",
            "data science, logistics",
            ("supply-chain", "data-science"),
            "supply-chain, data-science",
        ),
        Case("fields", "finance and data science", ("finance", "data-science"), "finance, data-science"),
        *(Case("fields", t, (), "all fields") for t in ("all", "any", "everything", "All fields")),
        Case("fields", "datta scince", None, "datta scince: did you mean data-science?"),
        Case("fields", "data science, basket weaving", ("data-science",), "basket weaving: not a field"),
        Case("fields", "not sure", None, "not stated", True),
        Case("math", "stats", ("statistics",), "statistics"),
        *(Case("math", t, ("linear-algebra",), "linear-algebra") for t in ("linear algebra", "lin alg")),
        *(Case("math", t, ("programming",), "programming") for t in ("python", "coding", "programming", "R")),
        Case("math", "calc", ("calculus",), "calculus"),
        Case("math", "prob", ("probability",), "probability"),
        Case("math", "discrete", ("discrete-math",), "discrete-math"),
        Case("math", "python, stats", ("statistics", "programming"), "statistics, programming"),
        Case(
            "math",
            "I know some stats and a little calculus",
            ("calculus", "statistics"),
            "calculus, statistics",
        ),
        *(Case("math", t, (), "none") for t in ("none", "no math")),
        *(Case("math", t, None, "not stated", True) for t in ("not sure", "")),
        Case("math", "probabilty", None, "probabilty: did you mean probability?"),
        Case(
            "math", "stats, lineer algebra", ("statistics",), "lineer algebra: did you mean linear-algebra?"
        ),
    ]
    return budget + hours + months + words


CASES = _cases()


def check(reading: Reading[Any], case: Case) -> None:
    """The reading has the case's value and unknown flag, and its echo or one of its problems says
    what the case expects."""
    assert isinstance(reading, Reading)
    assert (reading.value, reading.unknown) == (case.value, case.unknown), reading
    assert reading.understood == case.said or any(case.said in p for p in reading.problems), reading


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.key}:{c.typed}")
def test_typed(case: Case) -> None:
    check(READERS[case.key](case.typed), case)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.key}:{c.typed}")
def test_as_a_flag(case: Case) -> None:
    """The same phrase given as a flag value (repeatable flags once per item) reads the same."""
    check(READERS[case.key](as_flag(case.key, case.typed)), case)


def test_a_goal_carries_its_fields() -> None:
    reading = read_goal("I want to switch to data science")
    assert (reading.value, reading.fields, reading.problems) == ("career-change", ("data-science",), ())
    unclear = read_goal("move into datta scince")
    assert unclear.value == "career-change" and unclear.fields == ()
    assert unclear.problems == ("datta scince: did you mean data-science?",)


@pytest.mark.parametrize(
    ("reader", "given", "value", "said"),
    [
        (read_budget, 2000, 2000.0, "$2,000"),
        (read_budget, 0, 0.0, "$0"),
        (read_hours, 7.5, 7.5, "7.5 hours a week"),
        (read_months, 1, 1.0, "1 month"),
        (read_math, [], (), "none"),  # math = [] in a profile: none, an answer
        (read_math, ["stats", "lin alg"], ("linear-algebra", "statistics"), "linear-algebra, statistics"),
        (read_fields, [], (), "all fields"),
        (read_fields, ["logistics"], ("supply-chain",), "supply-chain"),
    ],
)
def test_profile_file_values(reader: Any, given: object, value: object, said: str) -> None:
    """A profile file's TOML numbers and arrays read like typed answers."""
    assert (reader(given).value, reader(given).understood) == (value, said)


@pytest.mark.parametrize(
    ("reader", "given", "problem"),
    [
        (read_budget, True, "True: expected a number"),
        (read_budget, float("nan"), "nan: must be a finite number"),
        (read_hours, float("inf"), "inf: must be a finite number"),
        (read_hours, 200, "200: must be at most 168"),
        (read_months, ["18"], "expected a number"),
        (read_math, 3, "expected words"),
        (read_goal, 1, "expected a goal"),
    ],
)
def test_profile_file_values_of_the_wrong_kind(reader: Any, given: object, problem: str) -> None:
    reading = reader(given)
    assert reading.value is None and any(problem in p for p in reading.problems), reading


def test_bounds_are_the_profiles() -> None:
    from mmeval.results.records import MAX_AMOUNT

    assert bounds("budget_usd")[:2] == (0, MAX_AMOUNT)
    assert bounds("hours_per_week")[:2] == (0.5, 168) and bounds("months")[:2] == (0.5, 240)


@pytest.mark.parametrize("word", [*GOALS, *GOAL_WORDS])
def test_every_goal_word(word: str) -> None:
    expected = "explore" if word == "not sure" else GOAL_WORDS.get(word, word)
    assert read_goal(word).value == expected


@pytest.mark.parametrize("word", [*SUBJECT_TAGS, *FIELD_WORDS])
def test_every_field_word(word: str) -> None:
    assert read_fields(word).value == (FIELD_WORDS.get(word, word),)


@pytest.mark.parametrize("word", [*MATH_TOPICS, *MATH_WORDS])
def test_every_math_word(word: str) -> None:
    assert read_math(word).value == (MATH_WORDS.get(word, word),)


# --- properties -----------------------------------------------------------------------------

NUMBER_READERS = {"budget_usd": read_budget, "hours_per_week": read_hours, "months": read_months}


@st.composite
def written(draw: st.DrawFn, low: float, high: float) -> tuple[str, float]:
    """A number between low and high as a person may write it: "1,234.5", "1.234,5", "1234,5", "12"."""
    whole = draw(st.integers(math.floor(low), math.floor(high)))
    # 1, 2 or 4 decimals: a mark followed by exactly three digits groups thousands
    decimals = draw(st.sampled_from(["", "", "5", "25", "05", "75", "1234"]))
    value = float(f"{whole}.{decimals or 0}")
    assume(low <= value <= high)
    mark = draw(st.sampled_from(".,"))
    grouped = draw(st.booleans())
    digits = f"{whole:,}".replace(",", "," if mark == "." else ".") if grouped else str(whole)
    return digits + (mark + decimals if decimals else ""), value


@st.composite
def budgets(draw: st.DrawFn) -> tuple[str, float]:
    """A budget in US dollars, written any accepted way, with words around it."""
    if draw(st.booleans()):
        text, value = draw(written(0, 10_000_000))
        # an amount under $100 with a decimal mark not followed by cents is asked back ("1,5")
        assume(value >= 100 or not re.search(r"[.,]([0-9]|[0-9]{4,})$", text))
    else:  # "2k", "2.5k", "2,25k"
        whole = draw(st.integers(0, 9_999))
        decimals = draw(st.sampled_from(["", "5", "25"]))
        mark = draw(st.sampled_from(".,")) + decimals if decimals else ""
        text = f"{whole}{mark}{draw(st.sampled_from('kK'))}"
        value = float(f"{whole}.{decimals or 0}") * 1000
    before = draw(st.sampled_from(["", "$", "$ ", "US$", "USD ", "about $", "I can spend $", "max "]))
    after = draw(st.sampled_from(["", " USD", " dollars", " usd", " bucks", " total", " at most", " or so"]))
    return before + text + after, value


@st.composite
def hours(draw: st.DrawFn) -> tuple[str, float]:
    text, value = draw(written(0.5, 168))
    unit = draw(
        st.sampled_from(["", "h", " h", " hours", " hrs", " hours a week", " h/week", " hrs per week"])
    )
    return draw(st.sampled_from(["", "about ", "I can do ", "roughly "])) + text + unit, value


@st.composite
def months(draw: st.DrawFn) -> tuple[str, float]:
    form = draw(st.sampled_from(["months", "years", "both"]))
    if form == "both":
        years, extra = draw(st.integers(1, 19)), draw(st.integers(1, 11))
        text, value = (
            f"{years} years {draw(st.sampled_from(['', 'and ']))}{extra} months",
            years * 12.0 + extra,
        )
    elif form == "years":
        text, value = draw(written(0.5, 20))
        text, value = f"{text} {draw(st.sampled_from(['years', 'year', 'yrs', 'y']))}", value * 12
    else:
        text, value = draw(written(0.5, 240))
        text += draw(st.sampled_from(["", " months", " month", " mo", "m"]))
    return draw(st.sampled_from(["", "in ", "within ", "about "])) + text, value


WRITTEN = {"budget_usd": budgets(), "hours_per_week": hours(), "months": months()}
FAST = settings(max_examples=100, deadline=None)


@pytest.mark.parametrize("key", WRITTEN)
@FAST
@given(data=st.data())
def test_a_number_written_any_accepted_way_reads_back(key: str, data: st.DataObject) -> None:
    text, value = data.draw(WRITTEN[key])
    reading = NUMBER_READERS[key](text)
    assert reading.value is not None and not reading.problems, (text, reading)
    assert math.isclose(reading.value, value, rel_tol=1e-9), (text, reading)
    assert math.isclose(NUMBER_READERS[key](as_flag(key, text)).value or 0.0, value, rel_tol=1e-9)


@FAST
@given(
    whole=st.integers(0, 99), mark=st.sampled_from(".,"), decimals=st.sampled_from(["5", "0", "0000", "1234"])
)
def test_a_small_budget_with_an_odd_decimal_mark_is_asked_back(whole: int, mark: str, decimals: str) -> None:
    """ "1,5" or "2,0000" as a budget ($1.50? $2?) is a question back, never read as a number."""
    assume(whole or set(decimals) != {"0"})  # "0,0000" is $0 either way
    reading = read_budget(f"${whole}{mark}{decimals}")
    assert reading.value is None and "which one?" in reading.problems[0], reading


@FAST
@given(st.integers(1_000, 9_999_999), st.sampled_from(["", "$", "USD "]))
def test_a_space_groups_thousands(n: int, before: str) -> None:
    assert read_budget(before + f"{n:,}".replace(",", " ")).value == n
    assert read_budget(f"{n:,}".replace(",", " ") + " and 500").value is None


def _words(n: int) -> str:
    """A whole number below 10,000 in words: 2503 -> "two thousand five hundred and three"."""
    ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    ones += ["eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"]
    ones += ["nineteen"]
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    def below_100(k: int) -> str:
        return ones[k] if k < 20 else tens[k // 10 - 2] + ("" if k % 10 == 0 else f"-{ones[k % 10]}")

    parts = [f"{ones[n // 1000]} thousand"] if n >= 1000 else []
    if n % 1000 >= 100:
        parts.append(f"{ones[n % 1000 // 100]} hundred")
    if n % 100 or not parts:
        parts.append(("and " if parts else "") + below_100(n % 100))
    return " ".join(parts)


@FAST
@given(st.integers(0, 9_999))
def test_numbers_in_words(n: int) -> None:
    assert read_budget(f"{_words(n)} dollars").value == n
    if 1 <= n <= 168:
        assert read_hours(f"{_words(n)} hours a week").value == n
    if 1 <= n <= 240:
        assert read_months(f"in {_words(n)} months").value == n


@pytest.mark.parametrize("key", WRITTEN)
@FAST
@given(data=st.data())
def test_negatives_are_never_accepted(key: str, data: st.DataObject) -> None:
    text, value = data.draw(WRITTEN[key])
    first_digit = next(i for i, c in enumerate(text) if c.isdigit())
    sign = data.draw(st.sampled_from(["-", "- ", "\u2212", "minus ", "negative "]))
    negative = text[:first_digit] + sign + text[first_digit:]
    reading = NUMBER_READERS[key](negative)
    assert reading.value is None and reading.problems, (negative, reading)
    profile_value = NUMBER_READERS[key](-value)
    assert profile_value.value is None or value == 0


@pytest.mark.parametrize("key", WRITTEN)
@FAST
@given(data=st.data())
def test_a_range_is_never_read_as_one_of_its_ends(key: str, data: st.DataObject) -> None:
    low, _ = data.draw(WRITTEN[key])
    high, _ = data.draw(WRITTEN[key])
    form = data.draw(
        st.sampled_from(["{}-{}", "{} - {}", "{} to {}", "{} or {}", "{}\u2013{}", "between {} and {}"])
    )
    reading = NUMBER_READERS[key](form.format(low, high))
    assert reading.value is None and any("which one?" in p for p in reading.problems), reading


@pytest.mark.parametrize("key", WRITTEN)
@FAST
@given(value=st.floats(allow_nan=True, allow_infinity=True) | st.integers())
def test_a_profile_number_is_accepted_when_check_number_accepts_it(key: str, value: float) -> None:
    """A number from a profile file is accepted exactly when profile.check_number accepts it."""
    try:
        check_number("", value if isinstance(value, float) else float(value), key)
        accepted = True
    except (UsageError, OverflowError):
        accepted = False
    assert (NUMBER_READERS[key](value).value is not None) is accepted


BITS = ["2", "5", "18", "2,000", "1.5", "1,5", "0", ".5", "2k", "k", "$", "€", "-", "\u2013", "to", "or",
        "and", "a", "half", "one", "twenty", "thousand", "hundred", "year", "years", "months", "m", "h",
        "hours", "week", "a week", "per", "day", "/", "between", "minus", "not sure", "none", "no limit", "?",
        "²", "usd", "eur", "C$", "stats", "lin alg", "data science", "mba", "switch to", "into", "all",
        ","]  # fmt: skip
soups = st.lists(st.sampled_from(BITS), max_size=8).map(" ".join) | st.text(max_size=80)


@pytest.mark.parametrize("key", READERS)
@settings(max_examples=200, deadline=None)
@given(text=soups)
def test_any_text_gives_a_reading_within_the_bounds(key: str, text: str) -> None:
    reading = READERS[key](text)
    assert isinstance(reading, Reading) and all(isinstance(p, str) and p for p in reading.problems)
    assert not (reading.unknown and (reading.value is not None or reading.problems))
    if key in NUMBER_READERS and reading.value is not None:
        check_number("", reading.value, key)  # raises UsageError when out of bounds
    elif key in ("fields", "math") and reading.value is not None:
        assert set(reading.value) <= set(SUBJECT_TAGS if key == "fields" else MATH_TOPICS)
    elif key == "goal":
        assert reading.value in (None, *GOALS) and set(reading.fields) <= set(SUBJECT_TAGS)


@pytest.mark.parametrize("key", ["fields", "math"])
@FAST
@given(data=st.data(), junk=st.sampled_from(["zzqx", "basket weaving", "qwerty uiop"]))
def test_a_partly_valid_line_keeps_its_valid_parts(key: str, data: st.DataObject, junk: str) -> None:
    names = data.draw(st.lists(st.sampled_from(SUBJECT_TAGS if key == "fields" else MATH_TOPICS), min_size=1))
    items = [*names]
    items.insert(data.draw(st.integers(0, len(items))), junk)
    reading = READERS[key](data.draw(st.sampled_from([", ", " and ", "; "])).join(items))
    assert set(reading.value or ()) == set(names)
    assert len(reading.problems) == 1 and reading.problems[0].startswith(junk)
    assert READERS[key](items).value == reading.value  # the same as repeated flags


SECTIONS = {"budget": "budget_usd", "hours a week": "hours_per_week", "months": "months"}
SECTIONS |= {"goal": "goal", "fields": "fields", "math": "math"}


def _documented() -> list[tuple[str, str, str]]:
    """(answer, example, what docs/answers.md says it is) for each example in its tables."""
    text = (REPO / "docs" / "answers.md").read_text(encoding="utf-8")
    rows = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        key = SECTIONS.get(section.split("\n")[0].split(" (")[0])
        for line in section.splitlines() if key else ():
            if line.startswith("| `"):
                typed, understood = line.split("|")[1:3]
                rows += [(key, example, understood.strip()) for example in re.findall(r"`([^`]*)`", typed)]
    return rows


@pytest.mark.parametrize(("key", "typed", "understood"), _documented(), ids=lambda x: str(x)[:30])
def test_the_documented_examples(key: str, typed: str, understood: str) -> None:
    reading = READERS[key](typed)
    if understood.startswith("a problem"):
        assert reading.value is None and reading.problems, reading
    elif "a problem" in understood:  # a partly valid line: the valid part, and the problem
        assert reading.value and reading.problems, reading
    elif understood.startswith("not stated"):
        assert reading.unknown, reading
    else:
        assert not reading.problems and re.split(r"[ ,(]", reading.understood)[0] in understood, reading


def test_every_answer_is_documented() -> None:
    assert {key for key, _, _ in _documented()} == set(READERS)
