"""The pager: long table output on a terminal is shown a screen at a time, the answer first."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mmeval.cli import app, pager
from tests.conftest import FIXTURES

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")
MMEVAL = Path(sys.executable).parent / "mmeval"
FLAGS = ["--goal", "career-change", "--field", "business", "--math", "algebra", "--budget", "3000"]
FLAGS += ["--hours", "6", "--months", "12", "--all"]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"MMEVAL_PAGER": "most", "PAGER": "more"}, "most"),
        ({"PAGER": "more -s"}, "more -s"),
        ({"MMEVAL_PAGER": "cat", "PAGER": "more"}, None),
        ({"MMEVAL_PAGER": "", "PAGER": "more"}, None),
        ({"PAGER": "cat"}, None),
    ],
)
def test_the_pager_comes_from_mmeval_pager_then_pager(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None
) -> None:
    for name in ("MMEVAL_PAGER", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert pager.pager_command() == expected


def test_without_a_pager_setting_less_else_pythons_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MMEVAL_PAGER", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.setattr(pager.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert pager.pager_command() == "less"
    monkeypatch.setattr(pager.shutil, "which", lambda name: None)
    assert pager.pager_command() == ""  # pydoc's pager: works where less is not installed


def test_piped_output_is_never_paged(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MMEVAL_PAGER", f"cat > {tmp_path / 'paged'}")
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert "program(s)" in result.stdout
    assert not (tmp_path / "paged").exists()
    assert runner.invoke(app, ["list", "--no-pager"]).stdout == result.stdout


def screen_of(child: pexpect.spawn, cols: int, rows: int, until: str) -> list[str]:
    """What the terminal shows once `until` is on it (or the child has stopped writing)."""
    screen = pyte.Screen(cols, rows)
    stream = pyte.Stream(screen)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and until not in "\n".join(screen.display):
        try:
            stream.feed(child.read_nonblocking(65536, timeout=1))
        except pexpect.TIMEOUT:
            continue
        except pexpect.EOF:
            break
    return list(screen.display)


def spawn(tmp_path: Path, args: list[str], cols: int, rows: int, **env: str) -> pexpect.spawn:
    base = {
        k: v for k, v in os.environ.items() if k not in ("PAGER", "MMEVAL_PAGER", "LESS", "COLUMNS", "LINES")
    }
    full = {**base, "MMEVAL_CATALOG": str(FIXTURES), "TERM": "xterm", "NO_COLOR": "1", **env}
    return pexpect.spawn(
        str(MMEVAL), args, cwd=str(tmp_path), env=full, dimensions=(rows, cols), encoding="utf-8", timeout=20
    )


@pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")
def test_the_verdict_is_the_first_screen_at_80x24(tmp_path: Path) -> None:
    # No less on PATH: Python's own pager, so the test needs no pager binary.
    child = spawn(tmp_path, ["recommend", *FLAGS], 80, 24, PATH=str(MMEVAL.parent))
    screen = screen_of(child, 80, 24, "-- more --")
    assert "Verdict" in screen[0]
    assert screen[1].startswith("│ Go: ")  # the headline
    assert "-- more --" in screen[-1]
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


@pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")
def test_pager_gets_everything_and_no_pager_turns_it_off(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    command = f'echo "$LESS" > {tmp_path / "less.txt"}; cat > {paged}'
    child = spawn(tmp_path, ["recommend", *FLAGS], 80, 24, MMEVAL_PAGER=command)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = paged.read_text("utf-8")
    assert text.lstrip().startswith("╭─ Verdict") and "Not ranked" in text  # all of it, verdict first
    assert (tmp_path / "less.txt").read_text().strip() == "FRX"
    paged.unlink()
    for args in (["recommend", *FLAGS, "--no-pager"], ["recommend", *FLAGS, "--format", "json"]):
        child = spawn(tmp_path, args, 80, 24, MMEVAL_PAGER=command)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        assert not paged.exists()


@pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")
def test_long_work_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    import shutil
    import subprocess

    from tests.conftest import SHIPPED

    catalog = tmp_path / "catalog"
    catalog.mkdir()
    real = sorted(SHIPPED.glob("*.toml"))
    for i in range(500):  # --robustness over 500 programs takes a few seconds
        shutil.copyfile(real[i % len(real)], catalog / f"{real[i % len(real)].stem}-{i:04d}.toml")
    args = ["recommend", "--goal", "explore", *FLAGS[2:-1], "--robustness"]
    env = {"MMEVAL_CATALOG": str(catalog), "MMEVAL_NO_CACHE": "1", "MMEVAL_PAGER": "cat"}
    child = spawn(tmp_path, args, 80, 24, **env)
    seen = child.read()
    child.close()
    assert child.exitstatus == 0
    assert "Testing how stable the top pick is" in seen  # a spinner on stderr, erased when done
    piped = subprocess.run(
        [str(MMEVAL), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Testing how stable" not in piped.stderr and "Robustness" in piped.stdout
