"""The questionnaire accepts the answers people type, or says what it expected."""

from __future__ import annotations

import pytest

from mmeval.person.questionnaire import read_amount
from mmeval.vocabulary import field_from_words, goal_from_words


@pytest.mark.parametrize(
    ("typed", "goal"),
    [
        ("switch careers", "career-change"),
        ("I want a new career", "career-change"),
        ("career-change", "career-change"),
        ("get better at my job", "upskill"),
        ("MBA", "mba-path"),
        ("credit toward a degree", "degree-credit"),
        ("not sure", "explore"),
    ],
)
def test_goals_in_plain_words(typed: str, goal: str) -> None:
    assert goal_from_words(typed) == goal


def test_an_unknown_goal_is_not_guessed() -> None:
    assert goal_from_words("banana") is None


@pytest.mark.parametrize(
    ("typed", "tag"),
    [
        ("data science", "data-science"),
        ("Supply Chain", "supply-chain"),
        ("logistics", "supply-chain"),
        ("machine learning", "ai"),
        ("cyber security", "cybersecurity"),
    ],
)
def test_fields_in_plain_words(typed: str, tag: str) -> None:
    assert field_from_words(typed) == (tag, [])


def test_an_unclear_field_gets_suggestions_not_a_guess() -> None:
    tag, hints = field_from_words("datta scince")
    assert tag is None and "data-science" in hints


@pytest.mark.parametrize(
    ("typed", "field", "value"),
    [
        ("$2,000", "budget_usd", 2000),
        ("2k", "budget_usd", 2000),
        ("5 hours", "hours_per_week", 5),
        ("7.5 h/week", "hours_per_week", 7.5),
        ("18 months", "months", 18),
        ("1.5 years", "months", 18),
    ],
)
def test_numbers_as_people_type_them(typed: str, field: str, value: float) -> None:
    assert read_amount(typed, field) == value


def test_no_number_is_refused() -> None:
    with pytest.raises(ValueError):
        read_amount("lots", "budget_usd")
