"""The interactive questionnaire, driven through a real pseudo-terminal against the installed mmeval."""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

pexpect = pytest.importorskip("pexpect")
MMEVAL = Path(sys.executable).parent / "mmeval"
pytestmark = pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "MMEVAL_CATALOG": str(FIXTURES), "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    return pexpect.spawn(
        str(MMEVAL), ["recommend", *args], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20
    )


def test_answers_every_question_and_reasks_an_invalid_one(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("What do you want the credential for")
    child.sendline("9")  # not one of the five goals
    child.expect("is not a goal")
    child.expect("What do you want the credential for")
    child.sendline("get better at my job")  # plain words for upskill
    child.expect("Which field do you work in")
    child.sendline("supply chain, astrology")
    child.expect("Not a choice: astrology")
    child.expect("Which field do you work in")
    child.sendline("supply chain and business")
    child.expect("Which math")
    child.sendline("calculus")
    child.expect("budget")
    child.sendline("$1,000")
    child.expect("Hours a week")
    child.sendline("")  # default 10
    child.expect("months")
    child.sendline("12")
    child.expect("Save these answers")
    child.sendline("y")
    child.expect("Profile file")
    child.sendline("me.toml")
    child.expect("Ranked for: upskill")
    child.expect("fx-full")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = tomllib.loads((tmp_path / "me.toml").read_text())
    assert saved == {
        "goal": "upskill",
        "fields": ["business", "supply-chain"],
        "math": ["calculus"],
        "budget_usd": 1000,
        "hours_per_week": 10,
        "months": 12,
    }


def test_only_missing_answers_are_asked(tmp_path: Path) -> None:
    child = spawn(
        tmp_path,
        "--goal",
        "explore",
        "--field",
        "business",
        "--math",
        "algebra",
        "--budget",
        "900",
        "--hours",
        "5",
    )
    child.expect("months")
    before = child.before
    assert "What do you want the credential for" not in before and "Which field do you" not in before
    child.sendline("")
    child.expect("Save these answers")
    child.sendline("n")
    child.expect("fx-mba")  # the one business program of the fixtures
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect("What do you want the credential for")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def test_typed_text_is_never_read_as_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer such as "[/red]" is echoed back as text, not parsed by Rich (which would crash)."""
    from rich.console import Console
    from rich.prompt import Prompt

    from mmeval.person import questionnaire

    answers = iter(["[/red]", "business"])
    monkeypatch.setattr(Prompt, "ask", staticmethod(lambda *a, **k: next(answers)))
    console = Console(record=True, width=100)
    assert questionnaire._pick_many(console, "Which?", ("business", "law"), "all") == ["business"]
    assert "Not a choice: [/red]" in console.export_text()
