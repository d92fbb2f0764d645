"""planning.py: course order, scaling, parallel scheduling, dates, warnings, credit pathways."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mmeval.catalog.load import load_catalog
from mmeval.errors import UsageError
from mmeval.planning.pathways import pathway_report
from mmeval.planning.plan import next_month, parse_month, plan_program
from mmeval.planning.records import Plan
from mmeval.program.schema import Program

FIXTURES = Path(__file__).parent / "catalog"
SHIPPED = Path(__file__).parent.parent / "programs"
JAN = dt.date(2026, 1, 1)


def fixture(program_id: str) -> Program:
    return load_catalog(FIXTURES).get(program_id)


def shipped(program_id: str) -> Program:
    return load_catalog(SHIPPED).get(program_id)


def program(courses: list[dict[str, Any]], **extra: Any) -> Program:
    return Program.model_validate(
        {
            "id": "t",
            "name": "T",
            "university": "U",
            "platform": "edX",
            "credential": "micromasters",
            "subjects": ["business"],
            "verified": dt.date(2026, 1, 1),
            "sources": [{"url": "https://example.org", "supports": "all"}],
            "courses": courses,
            **extra,
        }
    )


def keys(plan: Plan) -> list[str]:
    return [s.key for s in plan.steps]


def assert_valid_schedule(plan: Plan, parallel: int) -> None:
    """No course starts before all its requires have ended; never more than K at once."""
    by_key = {s.key: s for s in plan.steps}
    for s in plan.steps:
        if s.start_week is None:
            continue
        for r in s.requires:
            end = by_key[r].end_week
            assert end is not None and end <= s.start_week, (plan.program_id, s.key, r)
    for week in range(max((s.end_week or 0) for s in plan.steps) + 1):
        running = [s for s in plan.steps if s.start_week is not None and s.end_week is not None]
        assert sum(s.start_week <= week < s.end_week for s in running) <= parallel  # type: ignore[operator]


# --- order -------------------------------------------------------------------------------------


def test_prerequisite_chain_listed_backwards_is_planned_in_valid_order() -> None:
    p = program(
        [
            {"code": "C", "title": "Third", "weeks": 4, "hours_min": 5, "requires": ["B"]},
            {"code": "B", "title": "Second", "weeks": 4, "hours_min": 5, "requires": ["A"]},
            {"code": "A", "title": "First", "weeks": 4, "hours_min": 5},
        ]
    )
    assert keys(plan_program(p, hours=5, start=JAN)) == ["A", "B", "C"]


def test_foundational_first_then_file_order_stable() -> None:
    p = program(
        [
            {"code": "X", "title": "X", "weeks": 4, "hours_min": 5},
            {"code": "Y", "title": "Y", "weeks": 4, "hours_min": 5},
            {"code": "Z", "title": "Z", "weeks": 4, "hours_min": 5, "foundational": True},
        ]
    )
    assert keys(plan_program(p, hours=5, start=JAN)) == ["Z", "X", "Y"]


def test_fixture_chain_order_and_each_course_after_its_requires() -> None:
    plan = plan_program(fixture("fx-full"), hours=10, start=JAN)
    assert keys(plan) == ["F1", "F2", "F3", "F4", "final-assessment"]
    assert_valid_schedule(plan, 1)


def test_capstone_listed_first_is_planned_last() -> None:
    p = program(
        [
            {"title": "Capstone Project", "weeks": 2, "hours_min": 5},
            {"code": "A", "title": "A", "weeks": 4, "hours_min": 5},
            {"code": "B", "title": "B", "weeks": 4, "hours_min": 5},
        ]
    )
    plan = plan_program(p, hours=5, start=JAN, parallel=3)
    assert keys(plan) == ["A", "B", "Capstone Project"]
    assert plan.steps[-1].start_week == 4  # after both, even with room to run alongside them
    assert_valid_schedule(plan, 3)


# --- parallel ------------------------------------------------------------------------------------


def test_parallel_two_never_starts_a_course_before_its_prerequisites_end() -> None:
    plan = plan_program(fixture("fx-full"), hours=10, start=JAN, parallel=2)
    spans = {s.key: (s.start_week, s.end_week) for s in plan.steps if s.kind == "course"}
    # F1 first (everything needs it); then F2 and F4 together; F3 waits for F2.
    assert spans == {"F1": (0, 10), "F2": (10, 20), "F4": (10, 20), "F3": (20, 30)}
    assert_valid_schedule(plan, 2)


@pytest.mark.parametrize("parallel", [1, 2, 3, 4])
def test_every_shipped_program_gets_a_valid_schedule(parallel: int) -> None:
    for p in load_catalog(SHIPPED):
        assert_valid_schedule(plan_program(p, hours=8, start=JAN, parallel=parallel), parallel)


# --- scaling and dates ---------------------------------------------------------------------------


def test_finish_date_hand_computed_five_courses_one_at_a_time() -> None:
    # mitx-scm: CTL.SC0x is self-paced, 16 weeks at 8-12 h/week (midpoint 10): at 10 h/week it
    # takes 16 x 10 / 10 = 16 weeks. SC1x-SC4x are instructor-paced 13-week sessions: 13 weeks
    # each, whatever the hours. 16 + 4 x 13 = 68 weeks = 476 days from 2026-01-01 -> 2027-04-22;
    # the last day of study is the day before.
    plan = plan_program(shipped("mitx-scm"), hours=10, start=JAN)
    assert [s.weeks for s in plan.steps if s.kind == "course"] == [16, 13, 13, 13, 13]
    assert plan.total_weeks == 68
    assert plan.finish == dt.date(2027, 4, 21)
    assert plan.total_months == 15.7  # 68 weeks / (52 / 12)
    assert plan.steps[1].start == dt.date(2026, 4, 23)  # 16 weeks = 112 days after Jan 1


def test_self_paced_weeks_scale_instructor_paced_weeks_never_do() -> None:
    scm = shipped("mitx-scm")  # every course instructor-paced (2021 edX pages)
    for hours in (6, 10, 15):
        plan = plan_program(scm, hours=hours, start=JAN)
        assert [s.weeks for s in plan.steps if s.kind == "course"] == [16, 13, 13, 13, 13], hours
    # Adelaide's self-paced courses (10 weeks at 8-10 h/week): the stated weeks within the stated
    # load; below it they stretch (10 x 8 / 6 = 13.3 -> 14), above it they shorten (10 x 10 / 15)
    ade = shipped("adelaide-big-data")
    assert [plan_program(ade, hours=h, start=JAN).steps[0].weeks for h in (6, 9, 15)] == [14, 10, 7]
    # 6 h/week is below the 8 h/week the scheduled sessions state: said, not squeezed
    slow = plan_program(scm, hours=6, start=JAN)
    assert sum("fixed schedule" in w and "does not fit" in w for w in slow.warnings) == 5


def test_final_exam_gets_a_row_after_the_last_course_with_no_invented_length() -> None:
    plan = plan_program(shipped("mitx-scm"), hours=10, start=JAN)
    final = plan.steps[-1]
    assert (final.kind, final.weeks, final.end, final.start_week) == ("final", None, None, 68)
    assert final.start == dt.date(2027, 4, 22)
    assert plan.final_after_finish


def test_exam_in_each_course_is_not_a_final_step() -> None:
    plan = plan_program(shipped("mitx-dedp"), hours=10, start=JAN)
    assert all(s.kind == "course" for s in plan.steps)
    assert any("each course" in n for n in plan.notes)


def test_course_without_weeks_uses_the_program_figure_and_says_so() -> None:
    # 2 courses; [time] 6 months at 10 h/week -> each: 6 x 52/12 / 2 = 13 weeks at 10 h.
    p = program(
        [{"code": "A", "title": "A", "weeks": 13, "hours_min": 10}, {"code": "B", "title": "B"}],
        time={"months_min": 6, "months_max": 6, "hours_min": 10, "hours_max": 10},
    )
    plan = plan_program(p, hours=10, start=JAN)
    b = plan.steps[1]
    assert b.program_level and b.weeks == 13
    assert b.effort_basis.startswith("program-level")
    assert any("program-level" in n and "B" in n for n in plan.notes)


def test_unknown_effort_gives_unknown_finish_not_a_guess() -> None:
    plan = plan_program(fixture("fx-sparse"), hours=10, start=JAN)
    assert plan.finish is None and plan.total_weeks is None and plan.total_months is None
    assert [s.weeks for s in plan.steps] == [None]
    assert any("unknown" in n.lower() for n in plan.notes)


def test_unlisted_courses_are_placeholders_with_the_program_figure() -> None:
    p = program(
        [{"code": "A", "title": "A", "weeks": 13, "hours_min": 10}],
        course_count=3,
        time={"months_min": 9, "months_max": 9, "hours_min": 10},
    )
    plan = plan_program(p, hours=10, start=JAN)
    assert [s.kind for s in plan.steps] == ["course", "unlisted", "unlisted"]
    assert all(s.program_level for s in plan.steps[1:])
    assert plan.finish is not None


# --- warnings ------------------------------------------------------------------------------------


def heavy(plan: Plan) -> list[str]:
    return [w for w in plan.warnings if "more than 15" in w or "heavy" in w]


def test_heavy_load_warning_only_when_parallel_pushes_the_load_over_15() -> None:
    scm = shipped("mitx-scm")
    assert heavy(plan_program(scm, hours=6, start=JAN)) == []
    assert heavy(plan_program(scm, hours=12, start=JAN)) == []
    two = plan_program(scm, hours=12, start=JAN, parallel=2)
    assert two.peak_weekly_hours == 20  # two courses at 10 h/week each
    assert len(heavy(two)) == 2 and "CTL.SC1x + CTL.SC2x" in heavy(two)[0]


def test_more_than_15_hours_one_at_a_time_is_warned() -> None:
    assert heavy(plan_program(shipped("mitx-scm"), hours=20, start=JAN))


def test_months_warning_when_the_plan_ends_too_late() -> None:
    scm = shipped("mitx-scm")
    late = plan_program(scm, hours=10, start=JAN, months=12)
    assert any("15.7 months, more than your 12" in w for w in late.warnings)
    assert not any("--months" in w for w in plan_program(scm, hours=10, start=JAN, months=24).warnings)


def test_missing_math_lists_the_courses_that_need_it() -> None:
    plan = plan_program(fixture("fx-full"), hours=10, start=JAN, math=("algebra",))
    gaps = {g.topic: g for g in plan.math_gaps}
    assert set(gaps) == {"calculus", "probability"}
    assert gaps["calculus"].courses == ("F2",) and gaps["probability"].courses == ("F3",)
    assert any(w.startswith("Review calculus before starting: needed by F2") for w in plan.warnings)


def test_program_level_math_topic_says_so() -> None:
    plan = plan_program(shipped("mitx-scm"), hours=10, start=JAN, math=("probability", "statistics"))
    assert [(g.topic, g.courses, g.program_level) for g in plan.math_gaps] == [("algebra", (), True)]
    assert "Review algebra before starting: a program-level prerequisite." in plan.warnings


def test_all_math_present_means_no_math_warning() -> None:
    plan = plan_program(fixture("fx-full"), hours=10, start=JAN, math=("calculus", "probability"))
    assert plan.math_gaps == ()
    assert not any("Review" in w for w in plan.warnings)


# --- months ------------------------------------------------------------------------------------


def test_parse_month() -> None:
    assert parse_month("2026-09") == dt.date(2026, 9, 1)
    for bad in ("2026-13", "2026-9", "09-2026", "soon", "2026-00", "9999-01"):
        with pytest.raises(UsageError):
            parse_month(bad)


def test_next_month_rolls_over_the_year() -> None:
    assert next_month(dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)
    assert next_month(dt.date(2026, 3, 15)) == dt.date(2026, 4, 1)


# --- pathways ------------------------------------------------------------------------------------


def test_pathway_report_share_remaining_and_side_by_side() -> None:
    report = pathway_report(fixture("fx-full"))
    assert report.status == "listed"
    master, mba = report.pathways
    assert (master.share, master.pathway.remaining) == (0.5, "One semester on campus")
    assert mba.remaining_credits == 36  # 48 - 12
    me, ms, mb = report.options
    assert me.cost.startswith("$800") and "not a degree" in me.credential
    assert ms.pathway_index == 0 and ms.credit == "50% of the degree"
    assert "$40,000" in ms.cost and "$20,000" in ms.cost and "$20,800 (computed)" in ms.cost
    assert mb.pathway_index == 1 and mb.time == "unknown"


def test_share_computed_from_stated_credits_only() -> None:
    p = program(
        [],
        pathways=[
            {"institution": "S", "kind": "mba", "credit_amount": 16, "degree_credits": 48},
            {"institution": "S", "kind": "master", "credit": "some credit"},
        ],
    )
    a, b = pathway_report(p).pathways
    assert a.share == pytest.approx(1 / 3) and a.share_basis == "computed: 16 of 48 credits"
    assert b.share is None and b.remaining_credits is None


def test_pathway_status_unknown_and_none() -> None:
    assert pathway_report(fixture("fx-sparse")).status == "unknown"
    none = pathway_report(program([], pathways=[]))
    assert none.status == "none" and none.pathways == ()
    assert all(o.institution is None for o in none.options[1:])


def test_core_imports_no_cli_or_rich() -> None:
    code = "import sys, mmeval.planning.plan; sys.exit(any(m in sys.modules for m in ('typer', 'rich')))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
