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


def spawn(tmp_path: Path, *args: str, extra: dict[str, str] | None = None) -> pexpect.spawn:
    env = {**os.environ, "MMEVAL_CATALOG": str(FIXTURES), "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env |= extra or {}
    return pexpect.spawn(
        str(MMEVAL), ["recommend", *args], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20
    )


def test_answers_every_question_and_reasks_an_invalid_one(tmp_path: Path) -> None:
    config = tmp_path / "config"
    child = spawn(tmp_path, extra={"MMEVAL_CONFIG_DIR": str(config)})
    child.expect("What do you want the credential for")
    child.sendline("9")  # not one of the five goals
    child.expect("not a goal")
    child.expect("What do you want the credential for")
    child.sendline("get better at my job")  # plain words for upskill
    child.expect("Which field do you work in")
    child.sendline("supply chain, astrology")
    child.expect("Kept: supply-chain. Not understood: astrology")  # the valid part is kept
    child.expect("Anything to add")
    child.sendline("business")
    child.expect("Which math")
    child.sendline("calculus")
    child.expect("budget")
    child.sendline("$1,000")
    child.expect("Hours a week")
    child.sendline("5-6")  # a range asks back, never silently 5
    child.expect("which one\\?")
    child.expect("Hours a week")
    child.sendline("")  # blank: not sure, so the weekly load is not judged (never "your 10 h/week")
    child.expect("months")
    child.sendline("within a year")
    child.expect("Understood: upskill in business, supply-chain; math: calculus; budget \\$1,000;\\s+hours")
    child.expect("a week not stated")
    child.expect("Save these answers")
    child.sendline("y")
    child.expect("Save as")
    child.sendline("me")
    child.expect("Saved as 'me': next time, mmeval recommend --profile me")
    child.expect("Ranked for: upskill")
    child.expect("fx-full")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    saved = tomllib.loads((config / "profiles" / "me.toml").read_text())
    assert saved == {
        "goal": "upskill",
        "fields": ["business", "supply-chain"],
        "math": ["calculus"],
        "budget_usd": 1000,
        "months": 12,
    }


def test_interactive_asks_only_missing_answers(tmp_path: Path) -> None:
    child = spawn(
        tmp_path,
        "--interactive",
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
    child.sendline("not sure")  # an answer: no deadline stated
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
    """An answer such as "[bold] [red]" is echoed back as text, not parsed by Rich."""
    from rich.console import Console
    from rich.prompt import Prompt

    from mmeval.person import questionnaire

    answers = iter(["[bold] [red]", "business"])
    monkeypatch.setattr(Prompt, "ask", staticmethod(lambda *a, **k: next(answers)))
    console = Console(record=True, width=100)
    fields = questionnaire.read_fields
    assert questionnaire._pick_many(console, "Which?", ("business", "law"), fields, ([], "all")) == [
        "business"
    ]
    assert "Not understood: [bold] [red]" in console.export_text()


def test_the_readmes_flag_examples_ask_nothing(tmp_path: Path) -> None:
    """Each README example with flags, run in an 80x24 terminal, prints and ends without a question."""
    import re
    import shlex

    from tests.conftest import REPO, SHIPPED

    lines = re.findall(r"^\$ mmeval (.*--.*)$", (REPO / "README.md").read_text(), flags=re.M)
    examples = [shlex.split(line.split("|")[0].split("#")[0]) for line in lines]
    env = {**os.environ, "MMEVAL_CATALOG": str(SHIPPED), "NO_COLOR": "1", "TERM": "xterm-256color"}
    env |= {"MMEVAL_PAGER": "cat", "PAGER": "cat", "COLUMNS": "80", "LINES": "24"}
    children = [  # started together: two cores run them side by side
        (
            args,
            pexpect.spawn(
                str(MMEVAL),
                args,
                cwd=str(tmp_path),
                env=env,
                encoding="utf-8",
                timeout=60,
                dimensions=(24, 80),
            ),
        )
        for args in examples
    ]
    assert len(children) >= 5 and any(a[0] == "recommend" for a, _ in children)
    for args, child in children:
        child.expect(pexpect.EOF)  # a question would wait for an answer until the timeout
        child.close()
        said = child.before
        assert child.exitstatus == 0, (args, said)
        assert "A few questions" not in said and "Save these answers" not in said, args
        if args[0] == "recommend":
            assert "Understood: " in said, args
