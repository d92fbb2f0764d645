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


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One catalog cache for the whole run: tests see it cold once, then warm (never ~/.cache)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Saved profiles go here, never to the user's config folder."""
    return tmp_path_factory.mktemp("config")


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, cache_dir: Path, config_dir: Path) -> None:
    monkeypatch.setenv("MMEVAL_CATALOG", str(FIXTURES))
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv("MMEVAL_CONFIG_DIR", str(config_dir))
    monkeypatch.delenv("MMEVAL_NO_INPUT", raising=False)
    monkeypatch.delenv("MMEVAL_NO_CACHE", raising=False)
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
