"""Spot-check programs/*.toml against the sourced fact sheets they were built from.

The sheets live outside the package (../shared/catalog-facts/*.json); without them this module is
skipped. Expected values are read from the sheets; the only allowances are the ones
docs/program-format.md documents: a file states `course_count` where its course list is
incomplete, and a value differing from the sheet is explained in the file's notes.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from mmeval.decision.bounds import cost_bounds
from mmeval.program.schema import Program
from mmeval.program.sources import source_kind
from mmeval.vocabulary import PLATFORMS

REPO = Path(__file__).parent.parent
PROGRAMS = REPO / "programs"
FACTS = REPO.parent / "shared" / "catalog-facts"

if not FACTS.is_dir() or not sorted(FACTS.glob("*.json")):
    pytest.skip(f"fact sheets not found at {FACTS} (they are not part of the repo)", allow_module_level=True)

SHEET: dict[str, dict[str, Any]] = {
    p["slug"]: p
    for f in [*sorted(FACTS.glob("*.json")), *sorted(FACTS.glob("later/new-programs-*.json"))]
    for p in json.loads(f.read_text("utf-8"))["programs"]
}
# The audit's proposed primary and secondary subjects (later/primary-subjects-*.tsv): it wins
# over the first sheets' tags.
SUBJECTS: dict[str, tuple[str, set[str]]] = {
    cols[0]: (cols[1], {t for t in cols[2].split(",") if t})
    for f in sorted(FACTS.glob("later/primary-subjects-*.tsv"))
    for cols in (line.split("\t") for line in f.read_text("utf-8").splitlines()[1:])
}
NEW = {
    p["slug"] for f in FACTS.glob("later/new-programs-*.json") for p in json.loads(f.read_text())["programs"]
}
# A program the sheets describe well enough to be in the catalog.
COMPLETE = sorted(
    slug
    for slug, p in SHEET.items()
    if p.get("name") and p.get("university") and p.get("platform") and p.get("sources")
)
PRESENT = [slug for slug in COMPLETE if (PROGRAMS / f"{slug}.toml").is_file()]
# Only what a sheet states can be compared: the number of courses, the total price.
WITH_COURSES = [s for s in PRESENT if SHEET[s].get("course_count") or SHEET[s].get("courses")]
WITH_TOTAL = [s for s in PRESENT if SHEET[s].get("total_price_usd") is not None]


def program(slug: str) -> dict[str, Any]:
    return tomllib.loads((PROGRAMS / f"{slug}.toml").read_text("utf-8"))


def notes_of(raw: dict[str, Any]) -> list[str]:
    """The file's free-text explanations: notes, and the cost block's note and basis."""
    cost = raw.get("cost", {})
    return [*raw.get("notes", []), cost.get("note", ""), cost.get("basis", "")]


def spellings(amount: float) -> list[str]:
    """Ways a note may write a dollar amount: 832.5 -> 832.50, 832.5; 1350 -> 1,350, 1350."""
    out = [f"{amount:,.2f}", f"{amount:.2f}", f"{amount:g}"]
    if amount == int(amount):
        out += [f"{amount:,.0f}", f"{amount:.0f}"]
    return out


def mentions(text: str, amount: float) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(s)}(?![\d,]|\.\d)", text) for s in spellings(amount))


def test_the_sheets_describe_programs() -> None:
    assert len(COMPLETE) >= 50
    # enough of them state course numbers and prices for the comparisons below to mean something
    assert len(WITH_COURSES) >= len(COMPLETE) // 2
    assert len(WITH_TOTAL) >= len(COMPLETE) // 3


def test_every_sheet_program_has_a_file() -> None:
    missing = [slug for slug in COMPLETE if slug not in PRESENT]
    assert missing == [], f"no programs/<slug>.toml for: {', '.join(missing)}"


def test_every_file_comes_from_the_sheets() -> None:
    assert sorted(p.stem for p in PROGRAMS.glob("*.toml")) == sorted(PRESENT)


@pytest.mark.parametrize("slug", PRESENT)
def test_name_and_university(slug: str) -> None:
    sheet, raw = SHEET[slug], program(slug)
    if slug in NEW:
        # written in the catalog's own words; the sheet's institution must still be named
        assert raw["university"].split(" (")[0].split(",")[0] in sheet["university"]
        return
    assert raw["university"] == sheet["university"]
    if raw["name"] != sheet["name"]:
        # allowed only when a note quotes the sheet's label and says where the name comes from
        assert any(sheet["name"] in n for n in notes_of(raw)), f"name differs from '{sheet['name']}'"


@pytest.mark.parametrize("slug", PRESENT)
def test_platform(slug: str) -> None:
    # a sheet may name two platforms ("edX / MITx Online"); the file keeps one of them. A school
    # outside the MOOC platforms is marked by its own platform value; none named = left out.
    named = [p.strip() for p in SHEET[slug]["platform"].split("/")]
    platform = program(slug).get("platform")
    if slug in NEW and not SHEET[slug].get("platform"):
        assert platform is None
        return
    if any(p in PLATFORMS for p in named):
        assert platform in named
    else:
        assert platform in (None, "Harvard Extension", "Stanford Online", "Coursera", "FutureLearn", "other")


@pytest.mark.parametrize("slug", WITH_COURSES)
def test_number_of_courses(slug: str) -> None:
    sheet, raw = SHEET[slug], program(slug)
    sheet_courses = sheet.get("courses") or []
    if raw.get("assessment"):
        # a capstone the sheet lists as a course may be the file's [assessment] instead
        titles = {c.get("title", "") for c in raw.get("courses", [])}
        sheet_courses = [
            c
            for c in sheet_courses
            if "capstone" not in (c.get("title") or "").lower() or c.get("title") in titles
        ]
    if raw.get("choices") or slug in NEW:
        return  # a list with choice groups counts what a learner takes: checked by the catalog tests
    sheet_list, file_list = len(sheet_courses), len(raw.get("courses", []))
    stated = sheet.get("course_count") or sheet_list
    counted = raw.get("course_count") or file_list
    if counted > stated:
        return  # courses a later source confirms were added (each file's sources back them)
    if counted != stated:
        # a newer count than the sheet's field is allowed with a note giving the sheet's figure
        assert any(re.search(rf"\b{stated}\b", n) and "course" in n for n in notes_of(raw)), (
            f"{counted} courses in the file, {stated} in the sheet, no note explains it"
        )
        return
    if file_list != sheet_list:
        # the documented case: the list differs from the sheet's, and the file says how many
        # courses the program has
        assert raw.get("course_count") == stated or file_list == stated  # or the list is now complete


@pytest.mark.parametrize("slug", WITH_TOTAL)
def test_total_price(slug: str) -> None:
    sheet, raw = SHEET[slug], program(slug)
    expected = sheet["total_price_usd"]
    actual = raw.get("cost", {}).get("total")
    figure = cost_bounds(Program.model_validate({**raw, "id": slug}))
    if actual == expected or (figure is not None and abs(figure.low - expected) < 0.5):
        return  # as stated, or the same total computed from the stated prices
    # A different total is allowed only with a note that names both figures.
    explained = [
        n for n in notes_of(raw) if mentions(n, expected) and (actual is None or mentions(n, actual))
    ]
    assert explained, f"cost.total = {actual}, sheet total_price_usd = {expected}, no note explains it"


# Sheet URLs dropped on purpose in the catalog-facts pass (CHANGELOG, issue 17), with the reason.
DROPPED: dict[str, dict[str, str]] = {
    "mitx-scm": {
        "https://polyu.edu.hk/study/pg/tpg/2025/44089-sfm-sfp-gpm-spp": (
            "it only served a pathway note resting on a scraper copy"
        ),
    },
}


def _plain_url(url: str) -> str:
    """The URL with a host's trailing dot removed (news.mit.edu. is news.mit.edu)."""
    return url.replace(".edu./", ".edu/").replace(".com./", ".com/")


@pytest.mark.parametrize("slug", PRESENT)
def test_sheet_sources_are_listed(slug: str) -> None:
    listed = {_plain_url(s["url"]) for s in program(slug)["sources"]}
    # a fact sheet's URL on a domain that is not an acceptable source was dropped with its facts
    wanted = {
        _plain_url(s["url"])
        for s in SHEET[slug]["sources"]
        if source_kind(s["url"]) != "unacceptable" and s["url"] not in DROPPED.get(slug, {})
    }
    missing = sorted(wanted - listed)
    assert missing == [], f"{len(missing)} sheet source URL(s) not in [[sources]]"


@pytest.mark.parametrize("slug", PRESENT)
def test_subjects_follow_the_audit(slug: str) -> None:
    """The primary subject is the audit's, and every secondary subject is one it supports."""
    if slug not in SUBJECTS:
        pytest.skip("no proposed subjects for this program")
    primary, secondary = SUBJECTS[slug]
    raw = program(slug)
    assert raw["primary_subject"] == primary
    assert set(raw["subjects"]) - {primary} <= secondary


def test_amount_spellings() -> None:
    assert mentions("USD 832.50 total", 832.5)
    assert mentions("$1,350 in total", 1350)
    assert not mentions("USD 13,500", 1350)
    assert not mentions("925.5", 925)
