"""The real catalog (programs/): valid, self-consistent, and found by the searches people make.

Checks are made on the raw TOML, independently of the validator, so a validator bug cannot hide
a data bug.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mmeval.cli import app

REPO = Path(__file__).parent.parent
PROGRAMS = REPO / "programs"
FILES = sorted(PROGRAMS.glob("*.toml"))
RAW: dict[str, dict[str, Any]] = {p.stem: tomllib.loads(p.read_text("utf-8")) for p in FILES}
IDS = sorted(RAW)
COST_TOLERANCE = 0.5  # docs/program-format.md: "within $0.50"


def _doc_subject_tags() -> set[str]:
    """The subject-tag vocabulary as documented in docs/program-format.md."""
    text = (REPO / "docs" / "program-format.md").read_text("utf-8")
    table = text.split("**subject tags**", 1)[1]
    return set(re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE))


SUBJECT_TAGS = _doc_subject_tags()


def tagged(tag: str) -> list[str]:
    return [pid for pid, raw in RAW.items() if tag in raw["subjects"] or raw.get("primary_subject") == tag]


def listed(runner: CliRunner, *args: str) -> list[str]:
    result = runner.invoke(app, ["list", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return [p["id"] for p in json.loads(result.stdout)]


def test_the_catalog_is_not_empty() -> None:
    assert len(FILES) >= 50


def test_validate_passes(runner: CliRunner, shipped: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().splitlines()[-1] == f"{len(FILES)} file(s), 0 problem(s)"


def test_every_file_loads(runner: CliRunner, shipped: Path) -> None:
    assert listed(runner) == IDS


def test_ids_are_unique_and_well_formed() -> None:
    # "lowercase words joined by hyphens" (docs/program-format.md); unique even on a
    # case-insensitive file system
    assert [pid for pid in IDS if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", pid)] == []
    assert [pid for pid, n in Counter(pid.lower() for pid in IDS).items() if n > 1] == []
    assert [pid for pid, raw in RAW.items() if raw.get("id", pid) != pid] == []


def test_no_program_is_listed_twice() -> None:
    pairs = Counter((raw["name"], raw["university"]) for raw in RAW.values())
    assert [pair for pair, n in pairs.items() if n > 1] == []


@pytest.mark.parametrize("pid", IDS)
def test_sources_and_review_date(pid: str) -> None:
    raw = RAW[pid]
    assert len(raw.get("sources", [])) >= 1
    assert all(
        s.get("url", "").startswith(("http://", "https://")) and s.get("supports") for s in raw["sources"]
    )
    reviewed = raw.get("reviewed")
    assert isinstance(reviewed, dt.date)
    assert reviewed <= dt.date.today()
    # a source cannot be dated after the entry was reviewed against it
    assert [s["as_of"] for s in raw["sources"] if s.get("as_of", "") > reviewed.isoformat()] == []


def test_stated_costs_add_up() -> None:
    """Where total, per-course price and number of courses are all stated, they agree."""
    checked, wrong = [], []
    for pid, raw in RAW.items():
        cost = raw.get("cost", {})
        taught = [c for c in raw.get("courses", []) if not c.get("final")]
        finals = len(raw.get("courses", [])) - len(taught)
        n_courses = raw.get("course_count") or len(taught)
        if "total" in cost and "per_course" in cost and n_courses:
            checked.append(pid)
            expected = cost["per_course"] * n_courses + cost.get("exam_fee", 0)
            capstone = expected + cost["per_course"] * finals  # a capstone course priced like the rest
            if min(abs(cost["total"] - expected), abs(cost["total"] - capstone)) > COST_TOLERANCE:
                wrong.append((pid, cost["total"], expected))
    assert wrong == [], checked


@pytest.mark.parametrize("pid", IDS)
def test_subject_tags_are_in_the_vocabulary(pid: str) -> None:
    subjects = RAW[pid]["subjects"]
    assert subjects
    assert set(subjects) <= SUBJECT_TAGS, set(subjects) - SUBJECT_TAGS


@pytest.mark.parametrize("pid", IDS)
def test_course_requirements_resolve_and_come_first(pid: str) -> None:
    """Every `requires` names an earlier course of the same program, so the listed order works."""
    raw = RAW[pid]
    keys = [c.get("code") or c["title"] for c in raw.get("courses", [])]
    assert len(set(keys)) == len(keys)
    for i, course in enumerate(raw.get("courses", [])):
        for req in course.get("requires", []):
            assert req in keys[:i], f"{keys[i]} requires {req!r}"
    if raw.get("course_count"):  # what a learner takes: the required courses and each choice
        taught = [c for c in raw.get("courses", []) if not c.get("final")]
        takes = sum(1 for c in taught if "group" not in c) + sum(g["choose"] for g in raw.get("choices", []))
        assert raw["course_count"] >= takes


def _cited_urls(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """(field, URL) for every `source`/`sources` value in any block, however deep."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}.{key}" if where else key
            if key == "source" and isinstance(value, str):
                yield here, value
            elif key == "sources" and where and isinstance(value, list):
                yield from ((f"{here}.{i}", url) for i, url in enumerate(value))
            elif key != "sources" or where:
                yield from _cited_urls(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _cited_urls(item, f"{where}.{i}")


@pytest.mark.parametrize("pid", IDS)
def test_every_cited_source_is_listed(pid: str) -> None:
    raw = RAW[pid]
    listed_urls = {s["url"] for s in raw["sources"]}
    assert [(field, url) for field, url in _cited_urls(raw) if url not in listed_urls] == []


# --- what a person searching expects --------------------------------------------------------------


def test_data_science_search(runner: CliRunner, shipped: Path) -> None:
    found = listed(runner, "--field", "data-science")
    assert found == tagged("data-science")
    assert {"mitx-sds", "ucsd-data-science"} <= set(found)


def test_supply_chain_search(runner: CliRunner, shipped: Path) -> None:
    found = listed(runner, "--field", "supply-chain")
    assert found == tagged("supply-chain")
    assert "mitx-scm" in found
    # Nobody looking for supply chain wants law, social work, education or health care.
    unrelated = {"law", "social-work", "education", "healthcare", "hospitality", "quantum"}
    assert [pid for pid in found if unrelated & {*RAW[pid]["subjects"], RAW[pid]["primary_subject"]}] == []
    law_and_social_work = {
        "louvainx-international-law",
        "umich-social-work-edx",
        "umich-social-work-mastertrack",
    }
    assert law_and_social_work.isdisjoint(found)


def test_every_program_is_found_by_one_of_its_fields(runner: CliRunner, shipped: Path) -> None:
    for tag in sorted({tag for raw in RAW.values() for tag in [*raw["subjects"], raw["primary_subject"]]}):
        assert listed(runner, "--field", tag) == tagged(tag), tag


def test_platform_search(runner: CliRunner, shipped: Path) -> None:
    for platform in sorted({raw["platform"] for raw in RAW.values() if "platform" in raw}):
        assert listed(runner, "--platform", platform) == [
            p for p, r in RAW.items() if r.get("platform") == platform
        ]


def test_show_every_program(runner: CliRunner, shipped: Path) -> None:
    for pid in IDS:
        result = runner.invoke(app, ["show", pid])
        assert result.exit_code == 0, (pid, result.stderr)
        assert RAW[pid]["name"] in " ".join(result.stdout.split()), pid
