"""The installed `mmeval` console script, run as a user runs it: another directory, piped output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "mmeval"


def user_env() -> dict[str, str]:
    """The environment without the test settings: shipped catalog, colour left to detection."""
    env = dict(os.environ)
    for name in ("MMEVAL_CATALOG", "NO_COLOR", "FORCE_COLOR", "COLUMNS"):
        env.pop(name, None)
    return env


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    if not SCRIPT.is_file():
        pytest.skip(f"no installed console script at {SCRIPT}")
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=tmp_path,  # an empty directory: the catalog must come from the installed package
        env=user_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_installed_script_lists_the_shipped_catalog(tmp_path: Path) -> None:
    result = run(tmp_path, "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    programs = json.loads(result.stdout)
    assert len(programs) >= 50
    assert len({p["id"] for p in programs}) == len(programs)
    assert "\x1b[" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written to the working directory


def test_installed_script_unknown_id(tmp_path: Path) -> None:
    result = run(tmp_path, "show", "no-such-id")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no-such-id" in result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b[" not in result.stderr


def test_installed_script_unknown_id_suggests_ids(tmp_path: Path) -> None:
    result = run(tmp_path, "show", "no-such-id")
    assert "Did you mean" in result.stderr


def test_installed_script_near_miss_suggests_closest(tmp_path: Path) -> None:
    result = run(tmp_path, "show", "mitx-scmm")
    assert (result.returncode, result.stdout) == (2, "")
    assert "Did you mean: mitx-scm" in result.stderr


def test_core_does_not_import_the_cli_stack(tmp_path: Path) -> None:
    code = "import mmeval.decision.rank, sys; print('typer' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=user_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
