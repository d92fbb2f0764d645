"""The picker for subjects and math: questionary's checkbox on a full terminal, driven through a
pseudo-terminal (TERM=xterm-256color) whose screen pyte reads; the numbered list elsewhere."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mmeval.person import picker, questionnaire
from tests.conftest import FIXTURES

MMEVAL = Path(sys.executable).parent / "mmeval"


class Terminal:
    """mmeval in an xterm-like pseudo-terminal of rows x cols; the screen as pyte draws it. pyte
    answers prompt_toolkit's cursor-position request (ESC[6n) as a real terminal does."""

    def __init__(self, tmp_path: Path, args: list[str], cols: int, rows: int, pager: bool = False) -> None:
        pexpect = pytest.importorskip("pexpect")
        pyte = pytest.importorskip("pyte")
        drop = ("PAGER", "MMEVAL_PAGER", "COLUMNS", "LINES", "MMEVAL_NO_PICKER", "MMEVAL_NO_INPUT")
        env = {k: v for k, v in os.environ.items() if k not in drop}
        env |= {"MMEVAL_CATALOG": str(FIXTURES), "TERM": "xterm-256color", "NO_COLOR": "1"}
        env |= {"MMEVAL_CONFIG_DIR": str(tmp_path / "config")}
        # The pager as a user gets it without less on PATH (Python's own), or none at all.
        env |= {"PATH": str(MMEVAL.parent)} if pager else {"MMEVAL_PAGER": "cat"}
        self.pexpect = pexpect
        self.child = pexpect.spawn(
            str(MMEVAL), args, cwd=str(tmp_path), env=env, dimensions=(rows, cols), encoding="utf-8"
        )
        self.screen = pyte.HistoryScreen(cols, rows, history=500)
        self.screen.write_process_input = self.child.send
        self.stream = pyte.Stream(self.screen)

    def shown(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def flat(self) -> str:
        """The screen as one line, spaces collapsed: a phrase wrapped at the edge still reads."""
        return " ".join("".join(self.screen.display).split())

    def scrolled(self) -> str:
        """The lines scrolled off the top."""
        return "\n".join("".join(c.data for c in line.values()) for line in self.screen.history.top)

    def read(self, seconds: float) -> bool:
        """Draw what arrives for up to seconds; False once the program has ended."""
        try:
            self.stream.feed(self.child.read_nonblocking(65536, timeout=seconds))
        except self.pexpect.TIMEOUT:
            pass
        except self.pexpect.EOF:
            return False
        return True

    def wait(self, check: Any, seconds: float = 15) -> None:
        """Until check(the screen, flat) holds (a string: is on the screen)."""
        test = (lambda s: check in s) if isinstance(check, str) else check
        deadline = time.monotonic() + seconds
        while not test(self.flat()):
            assert time.monotonic() < deadline and self.read(0.2), self.shown()

    def end(self, seconds: float = 15) -> int:
        """The exit status, once the program has ended (a hang fails the test)."""
        deadline = time.monotonic() + seconds
        while self.read(0.5):
            if time.monotonic() > deadline:
                self.child.close(force=True)
                pytest.fail(f"still running after {seconds}s:\n{self.shown()}")
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


needs_script = pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")


@needs_script
@pytest.mark.parametrize(("cols", "rows"), [(80, 24), (100, 40)])
def test_the_picker_filters_by_typing_and_the_run_ends_on_the_verdict(
    tmp_path: Path, cols: int, rows: int
) -> None:
    term = Terminal(tmp_path, ["recommend"], cols, rows, pager=True)
    term.wait("What do you want")
    term.child.sendline("upskill")
    term.wait("none chosen = all fields")
    assert "○ business" in term.shown()
    # the question and its instruction fit the width, no word cut at the edge
    assert "type: filter · space: choose · enter: done" in term.shown()  # fits 60 columns whole
    if rows == 24:  # 33 subjects: the list scrolls inside the screen, the question stays on it
        assert "design" not in term.shown() and "Which field do you work in" in term.shown()
        term.child.send("\x1b[A")  # up from the first: the last subject
        term.wait("» ○ design")
        term.child.send("\x1b[B")
        term.wait("» ○ business")
    term.child.send("qqq")  # no match: the whole list is shown, and a space chooses nothing
    term.wait("no match for 'qqq'")
    term.child.send(" " + "\x7f" * 3)
    term.wait(lambda s: "no match" not in s)
    assert "●" not in term.shown()
    term.child.send("supp")  # typing filters the list
    term.wait(lambda s: "supply-chain" in s and "business" not in s)
    term.child.send(" " + "\x7f" * 4)  # choose it, then clear the filter: the choice stays
    term.wait(lambda s: "● supply-chain" in s and "○ business" in s)
    term.child.send("busi")
    term.wait(lambda s: "» ○ business" in s and "supply-chain" not in s)
    term.child.send(" \r")
    term.wait("Chosen: business, supply-chain")  # the names, not only "done (2 selections)"
    term.wait("none chosen = not sure")  # math: the same picker, with its whole answers
    term.child.send("calc ")
    term.wait("● calculus")
    term.child.send("\x7f" * 4 + "none")
    term.wait("» ○ none of these")
    term.child.send(" \r")
    term.wait("'none of these' goes alone")  # not taken with a topic: asked again
    term.child.send(" \r")  # unchoose it: calculus alone
    for question in ("budget", "Hours a week", "months"):
        term.wait(question)
        term.child.sendline("")
    term.wait("Save these answers")
    term.child.sendline("n")
    if rows == 24:  # taller than the screen: paged, so the verdict is the screen left at the end
        term.wait("-- more --")
        term.child.send("q")
    assert term.end() == 0
    everything = term.scrolled() + "\n" + term.shown()
    assert "Understood: upskill in business, supply-chain; math: calculus;" in everything.replace("\n", " ")
    assert "│ Go: Fixture MBA Starter (fx-mba)" in term.shown()  # the headline is on the final screen
    assert "CPR" not in everything and "Traceback" not in everything


@needs_script
@pytest.mark.parametrize("key", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_and_ctrl_d_in_the_picker_exit_130(tmp_path: Path, key: str) -> None:
    args = ["recommend", "--interactive", "--goal", "upskill", "--field", "law"]
    term = Terminal(tmp_path, args, 80, 24)
    term.wait("none chosen = not sure")
    term.child.send("cal")
    term.wait("» ○ calculus")
    term.child.send(key)
    assert term.end() == 130
    said = term.scrolled() + term.shown()
    assert "Interrupted." in said
    assert "Traceback" not in said and "Aborted" not in said
    assert not (tmp_path / "config").exists()


class _Tty:
    closed = False

    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("term", "no_picker", "stdin", "stderr", "expected"),
    [
        ("xterm-256color", None, True, True, True),
        ("dumb", None, True, True, False),
        (None, None, True, True, False),
        ("xterm-256color", "1", True, True, False),  # screen readers
        ("xterm-256color", "0", True, True, True),
        ("xterm-256color", None, False, True, False),  # piped answers
        ("xterm-256color", None, True, False, False),  # questions not on a terminal
    ],
)
def test_the_picker_only_on_a_full_terminal(
    monkeypatch: pytest.MonkeyPatch,
    term: str | None,
    no_picker: str | None,
    stdin: bool,
    stderr: bool,
    expected: bool,
) -> None:
    for name, value in (("TERM", term), ("MMEVAL_NO_PICKER", no_picker)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdin", _Tty(stdin))
    monkeypatch.setattr(sys, "stderr", _Tty(stderr))
    assert picker.available() is expected


@pytest.mark.parametrize(
    ("chosen", "math"),
    [
        (["calculus", "statistics"], ["calculus", "statistics"]),
        (["none"], []),  # "none of these": an answer, no math
        (["not sure"], None),  # not stated, as a blank or "not sure" typed (docs/answers.md)
        ([], None),  # nothing chosen = not sure
    ],
)
def test_math_picked_reads_as_the_words_do(
    monkeypatch: pytest.MonkeyPatch, chosen: list[str], math: list[str] | None
) -> None:
    seen: dict[str, Any] = {}

    def pick(
        question: str, choices: list[tuple[str, str]], nothing: str, validate: Any, words: Any
    ) -> list[str]:
        seen.update(choices=choices, nothing=nothing, validate=validate)
        return chosen

    monkeypatch.setattr(picker, "available", lambda: True)
    monkeypatch.setattr(picker, "pick", pick)
    from rich.console import Console

    answers = questionnaire.ask(["math"], {}, Console(file=open(os.devnull, "w")))  # noqa: SIM115
    assert answers["math"] == math
    assert seen["choices"][-2:] == [("none of these", "none"), ("not sure", "not sure")]
    assert seen["nothing"] == "not sure"
    alone = "goes alone: unchoose the rest with space"
    assert seen["validate"](["calculus", "none"]) == f"'none of these' {alone}"
    assert seen["validate"](["not sure", "algebra"]) == f"'not sure' {alone}"
    assert seen["validate"](["none"]) is True and seen["validate"](["algebra", "calculus"]) is True


def test_fields_picked_nothing_is_all_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(picker, "available", lambda: True)
    monkeypatch.setattr(picker, "pick", lambda question, choices, nothing, validate, words: [])
    from rich.console import Console

    console = Console(file=open(os.devnull, "w"))  # noqa: SIM115
    assert questionnaire.ask(["fields"], {"goal": "upskill"}, console)["fields"] == []


def keys_in_picker(monkeypatch: pytest.MonkeyPatch, keys: str, question: str = "fields") -> list[str]:
    """What the picker returns for the keys typed, driven in-process (a pipe for input, no screen)."""
    import prompt_toolkit.output
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from mmeval.person.words import FIELDS, MATH
    from mmeval.vocabulary import MATH_TOPICS, SUBJECT_TAGS

    monkeypatch.setattr(prompt_toolkit.output, "create_output", lambda stdout=None: DummyOutput())
    options, table = (SUBJECT_TAGS, FIELDS) if question == "fields" else (MATH_TOPICS, MATH)
    wholes = questionnaire.MATH_WHOLES if question == "math" else ()
    choices = [(o, o) for o in options] + list(wholes)
    with create_pipe_input() as typed:
        typed.send_text(keys)
        with create_app_session(input=typed, output=DummyOutput()):
            return picker.pick("Which?", choices, "x", words=questionnaire.words_for(table, wholes))


@pytest.mark.parametrize(
    ("question", "keys", "chosen"),
    [
        ("math", "stats \r", ["statistics"]),  # the words the reader knows for a topic
        ("math", "python \r", ["programming"]),
        ("math", "lin alg \r", ["linear-algebra"]),  # a space between words is part of the filter
        ("math", "LinearAlgebra \r", ["linear-algebra"]),  # no case, no dashes
        ("math", "no math \r", ["none"]),
        ("fields", "data sci \r", ["data-science"]),
        ("fields", "machine learning \r", ["ai"]),
        ("fields", "stats \r", ["statistics"]),
        ("fields", "qqq \r", []),  # no match: a space chooses nothing (it chose business before)
        ("fields", "python \r", []),
        ("fields", "supp busi\x7f\x7f\x7f\x7f\r", ["supply-chain"]),  # a choice, then a new filter
        ("fields", "supp \x7f\x7f\x7f\x7fbusi \r", ["business", "supply-chain"]),
    ],
)
def test_the_filter_reads_words_and_a_space_never_chooses_what_is_filtered_out(
    monkeypatch: pytest.MonkeyPatch, question: str, keys: str, chosen: list[str]
) -> None:
    assert keys_in_picker(monkeypatch, keys, question) == chosen
