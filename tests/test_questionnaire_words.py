"""The questionnaire reads answers with mmeval.person.words: the phrases people type are understood
or answered with a suggestion, a partly valid line keeps its valid part, "not sure" is an answer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from rich.prompt import Confirm, Prompt

from mmeval.person import questionnaire

QUESTIONS = ["goal", "fields", "math", "budget_usd", "hours_per_week", "months"]


def run(
    monkeypatch: pytest.MonkeyPatch, lines: list[str], missing: list[str] = QUESTIONS
) -> tuple[dict, str]:
    """The answers the questionnaire returns for the typed lines, and what it printed."""
    typed: Iterator[str] = iter(lines)

    def answer(*args: Any, **kwargs: Any) -> str:
        return next(typed)

    monkeypatch.setattr(Prompt, "ask", staticmethod(answer))
    monkeypatch.setattr(Confirm, "ask", staticmethod(answer))
    console = Console(record=True, width=80)
    out = questionnaire.ask(missing, {}, console)
    assert next(typed, None) is None, "every typed line was asked for"
    return out, console.export_text()


def test_the_issues_phrases_are_understood(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["I want to switch to data science", "stats, linear algebra, python", "two thousand dollars"]
    answers, _ = run(monkeypatch, [*lines, "8", "within a year"])
    assert answers == {
        "goal": "career-change",
        "fields": ["data-science"],  # said with the goal: not asked again
        "math": ["linear-algebra", "statistics", "programming"],
        "budget_usd": 2000,
        "hours_per_week": 8,
        "months": 12,
    }


def test_not_sure_is_an_answer_not_none(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, _ = run(
        monkeypatch, ["upskill", "not sure", "not sure", "employer pays", "not sure", "not sure"]
    )
    assert answers["math"] is None  # not stated, never "no math"
    assert answers["fields"] == []  # all fields
    assert answers["budget_usd"] is None and answers["hours_per_week"] is None and answers["months"] is None
    blank, _ = run(monkeypatch, [""], ["math"])
    assert blank["math"] is None  # a blank math answer is "not sure", not "no math"
    none, _ = run(monkeypatch, ["none"], ["math"])
    assert none["math"] == []


def test_a_typo_gets_a_suggestion_and_the_valid_part_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, printed = run(monkeypatch, ["stats, probabilty", "probability"], ["math"])
    assert answers["math"] == ["probability", "statistics"]
    assert "Kept: statistics. Not understood: probabilty: did you mean probability?" in printed


def test_numbers_and_names_mix_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, _ = run(monkeypatch, ["1, data science"], ["fields"])
    assert answers["fields"] == ["business", "data-science"]


def test_a_range_asks_back(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, printed = run(monkeypatch, ["5-6", "6"], ["hours_per_week"])
    assert answers["hours_per_week"] == 6
    assert "5-6: which one? say a single number, e.g. 5" in printed


def test_a_negative_number_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, printed = run(monkeypatch, ["-500", "$2,000"], ["budget_usd"])
    assert answers["budget_usd"] == 2000 and "must be 0 or more" in printed


def test_a_goal_with_a_field_typo_keeps_the_goal_and_asks_for_the_field(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers, printed = run(monkeypatch, ["move into basket weaving", "logistics"], ["goal", "fields"])
    assert answers == {"goal": "career-change", "fields": ["supply-chain"]}
    assert "basket weaving: not a field" in printed


def test_the_subject_list_fits_80_columns_and_24_rows() -> None:
    from mmeval.vocabulary import SUBJECT_TAGS

    lines = questionnaire.columns(SUBJECT_TAGS, 80)
    assert len(lines) <= 12 and max(map(len, lines)) <= 80
    assert all(f" {tag}" in "\n".join(lines) for tag in SUBJECT_TAGS)


@pytest.mark.parametrize("yes", ["y", "yes", "Y"])
def test_yes_takes_the_suggestion(monkeypatch: pytest.MonkeyPatch, yes: str) -> None:
    """'Not understood: probabilty: did you mean probability?' then 'y': probability (and the
    same for a field, and for the goal)."""
    answers, shown = run(monkeypatch, ["probabilty", yes], ["math"])
    assert answers["math"] == ["probability"]
    assert "did you mean probability?" in shown
    answers, _ = run(monkeypatch, ["financ", yes], ["fields"])
    assert answers["fields"] == ["finance"]
    answers, shown = run(monkeypatch, ["carrer chnage", yes], ["goal"])
    assert answers["goal"] == "career-change" and "'y' for career-change" in " ".join(shown.split())


def test_yes_keeps_what_was_understood_and_adds_the_suggestion(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, _ = run(monkeypatch, ["stats, probabilty", "y"], ["math"])
    assert answers["math"] == ["probability", "statistics"]


def test_a_whole_answer_with_others_goes_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    answers, shown = run(monkeypatch, ["none, algebra", ""], ["math"])
    assert answers["math"] == ["algebra"]
    assert "'none' goes alone" in shown and "not a math topic" not in shown


def test_the_goal_menu_says_what_the_goals_read_from_words_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    """'masters' reads as degree-credit, so the menu says master's there, and mba-path is the MBA."""
    _, shown = run(monkeypatch, ["masters"], ["goal"])
    lines = {line.split()[1]: line for line in shown.splitlines() if line[:3].strip().isdigit()}
    assert "master's" in lines["degree-credit"] and "master" not in lines["mba-path"]
    assert "MBA" in lines["mba-path"]
    assert questionnaire.read_goal("masters").value == "degree-credit"
    assert questionnaire.read_goal("master's degree").value == "degree-credit"
    assert questionnaire.read_goal("mba").value == "mba-path"
