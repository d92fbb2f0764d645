"""Shared fixtures: every test runs against tests/catalog at a fixed terminal width."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "catalog"
BROKEN = TESTS / "broken"
SHIPPED = REPO / "programs"
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MMEVAL_CATALOG", str(FIXTURES))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def shipped(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Use the real shipped catalog instead of the fixtures."""
    monkeypatch.setenv("MMEVAL_CATALOG", str(SHIPPED))
    return SHIPPED
