"""The shipped catalog states facts, not stand-ins (shared/catalog-facts/README.md, "What a fact
is not"), and `plan` counts what a learner really takes.

Each rule is checked twice: on every shipped program, and on a small bad file that `validate`
must reject (or this test must catch), so a rule that stops working fails here.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from mmeval.catalog.load import load_catalog
from mmeval.planning.plan import plan_program
from mmeval.program.effort import course_pacing
from mmeval.program.schema import Program
from mmeval.program.validate import validate_paths
from tests.conftest import SHIPPED
from tests.helpers import BASE

CATALOG = load_catalog(SHIPPED)
PROGRAMS = list(CATALOG)
PLACEHOLDER = re.compile(r"not captured|see (the )?page|placeholder", re.I)


def institutions(p: Program) -> list[str]:
    return [*p.partners, *(pw.institution for pw in p.pathways or ())]


def test_the_catalog_has_the_new_programs_and_validates() -> None:
    assert len(PROGRAMS) >= 61
    n, problems = validate_paths([SHIPPED])
    assert (n, problems) == (len(PROGRAMS), [])
    assert not CATALOG.skipped


@pytest.mark.parametrize("p", PROGRAMS, ids=lambda p: p.id)
def test_no_placeholder_is_an_institution(p: Program) -> None:
    assert [name for name in institutions(p) if PLACEHOLDER.search(name)] == []


@pytest.mark.parametrize("p", PROGRAMS, ids=lambda p: p.id)
def test_no_partner_is_the_offering_university(p: Program) -> None:
    own = re.sub(r"\s*\(.*?\)", "", p.university).lower()
    assert [x for x in p.partners if own in x.lower() or x.lower() in own] == []
    assert len({x.lower() for x in p.partners}) == len(p.partners)


@pytest.mark.parametrize("p", PROGRAMS, ids=lambda p: p.id)
def test_an_empty_math_list_has_its_quote(p: Program) -> None:
    pre = p.prerequisites
    if pre is not None and pre.math == ():
        assert pre.math_quote


@pytest.mark.parametrize("p", PROGRAMS, ids=lambda p: p.id)
def test_outcome_figures_have_a_scope(p: Program) -> None:
    for figure in p.employers.outcomes if p.employers else ():
        assert figure.scope in ("program", "provider")


@pytest.mark.parametrize(
    "p", [p for p in PROGRAMS if p.cost and (p.cost.total or p.cost.total_min)], ids=lambda p: p.id
)
def test_a_stated_total_has_its_year(p: Program) -> None:
    assert p.cost is not None and p.cost.as_of and re.match(r"^\d{4}", p.cost.as_of)


@pytest.mark.parametrize("p", PROGRAMS, ids=lambda p: p.id)
def test_plans_keep_instructor_paced_weeks(p: Program) -> None:
    fixed = {c.key: c.weeks for c in p.courses if course_pacing(p, c) == "instructor-paced" and c.weeks}
    for hours in (4, 10, 25):
        plan = plan_program(p, hours=hours, start=dt.date(2027, 1, 1))
        for step in plan.steps:
            if step.key in fixed:
                assert step.weeks == fixed[step.key], (step.key, hours)


def test_plan_counts_one_track_of_mitx_sds() -> None:
    plan = plan_program(CATALOG.get("mitx-sds"), hours=8, start=dt.date(2027, 1, 1))
    courses = [s for s in plan.steps if s.kind == "course"]
    assert len(courses) == 4  # two core courses + two of the chosen track
    assert {"6.431x", "6.86x"} <= {s.key for s in courses}
    assert plan.steps[-1].kind == "final" and plan.steps[-1].key == "DS.CFx"
    assert any("2 further courses of the chosen track" in n for n in plan.notes)


def test_plan_iimbx_entrepreneurship_never_squeezes_a_course() -> None:
    p = CATALOG.get("iimbx-entrepreneurship")
    plan = plan_program(p, hours=15, start=dt.date(2027, 1, 1))
    stated = {c.key: c.weeks for c in p.courses if c.weeks}
    for step in plan.steps:
        if (
            step.key in stated
            and course_pacing(p, next(c for c in p.courses if c.key == step.key)) == "instructor-paced"
        ):
            assert step.weeks == stated[step.key]
    # one course at a time by default: no two courses overlap
    dated = sorted((s.start_week, s.end_week) for s in plan.steps if s.start_week is not None and s.end_week)
    assert all(a[1] <= b[0] for a, b in pairwise(dated))


# --- the same rules reject a bad file ----------------------------------------------------------


def bad(tmp_path: Path, **facts: Any) -> list[str]:
    import tomli_w

    data = {k: v for k, v in BASE.items() if k != "id"} | facts
    path = tmp_path / "bad-program.toml"
    path.write_text(tomli_w.dumps(data))
    return [p.field for p in validate_paths([path])[1]]


def test_validate_rejects_a_placeholder_institution(tmp_path: Path) -> None:
    pw = {"institution": "Schools on the pathway page (list not captured)", "kind": "other"}
    assert "pathways.0.institution" in bad(tmp_path, pathways=[pw])


def test_validate_rejects_the_university_as_its_own_partner(tmp_path: Path) -> None:
    assert "partners.0" in bad(tmp_path, partners=[BASE["university"]])


def test_validate_rejects_an_empty_math_list_without_a_quote(tmp_path: Path) -> None:
    assert "prerequisites.math" in bad(tmp_path, prerequisites={"math": []})
    assert bad(tmp_path, prerequisites={"math": [], "math_quote": "No mathematics is required."}) == []


def test_validate_rejects_an_outcome_figure_without_scope(tmp_path: Path) -> None:
    assert any(
        f.startswith("employers.outcomes.0") for f in bad(tmp_path, employers={"outcomes": [{"figure": "x"}]})
    )


def test_validate_rejects_a_course_that_requires_the_final_item(tmp_path: Path) -> None:
    courses = [
        {"code": "A", "title": "A", "requires": ["CAP"]},
        {"code": "CAP", "title": "Capstone", "final": True},
    ]
    assert "courses.0.requires.0" in bad(tmp_path, courses=courses)
