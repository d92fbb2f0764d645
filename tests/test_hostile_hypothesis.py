"""Property: random program files, profiles and result files go through validation, scoring,
plan, export and report raising nothing but mmeval's own errors (mmeval.errors.MmevalError)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from mmeval.decision.rank import rank_programs
from mmeval.errors import MmevalError
from mmeval.person.profile import make_profile
from mmeval.planning.plan import plan_program
from mmeval.program.validate import validate_program
from mmeval.render import plan as render_plan
from mmeval.render import results as render_results
from mmeval.results import serialize
from mmeval.results.assemble import result_file, stamped
from mmeval.results.export import write_atomic
from tests.conftest import FIXTURES
from tests.timeouts import TIMEOUT, deadline

SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BASES = {p.stem: tomllib.loads(p.read_text("utf-8")) for p in sorted(FIXTURES.glob("*.toml"))}

# Values a hand-edited TOML file can hold, hostile ones weighted in
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, 1, -1, 10**6, 2**62]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 1e-9, 1e308, float("nan"), float("inf"), 168.0, 168.1]),
    st.booleans(),
    st.text(max_size=20),
    st.sampled_from(["", "\x1b[2J", "no", "yes", "2024-13", "2024-02-30", "[red]x", "F1", "CAP"]),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4)
    ),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a key or list item in data."""
    out: list[tuple[Any, ...]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append((*prefix, key))
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.append((*prefix, i))
            out += _paths(value, (*prefix, i))
    return out


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same kind as value, at and near the edges of the bounds."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(min_value=0, max_value=600), st.sampled_from([1, 52, 100, 520, 10**6]))
    if isinstance(value, float):
        return st.one_of(
            st.floats(min_value=0, max_value=1e7, allow_nan=False), st.sampled_from([0.0, 0.5, 168.0, 1e7])
        )
    if isinstance(value, str):
        return st.one_of(st.text(max_size=12), st.just(value + "\x1b[31m"), st.just(value.upper()))
    if isinstance(value, list):
        return st.lists(st.sampled_from(value), max_size=len(value) + 1) if value else st.just([])
    return st.just(value)


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """base with a few values replaced, keys deleted or keys added."""
    data = _copy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = _paths(data)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["tweak", "tweak", "tweak", "replace", "delete", "add"]))
        if action == "tweak":  # same kind of value, often still valid: reaches scoring and planning
            parent[path[-1]] = draw(_like(parent[path[-1]]))
        elif action == "delete":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(values)
        else:
            parent[path[-1]] = draw(values)
    return data


PROFILE_KEYS = ("goal", "fields", "math", "budget_usd", "hours_per_week", "months", "weights")
profiles = st.fixed_dictionaries(
    {},
    optional={
        "goal": st.sampled_from(["upskill", "career-change", "mba-path", "degree-credit", "explore", "x"]),
        "fields": st.lists(st.sampled_from(["data-science", "supply-chain", "business", "nope"]), max_size=3),
        "math": st.lists(st.sampled_from(["calculus", "probability", "statistics"]), max_size=3),
        "budget_usd": scalars,
        "hours_per_week": scalars,
        "months": scalars,
        "weights": st.dictionaries(
            st.sampled_from(["credit", "employer", "outcomes", "bogus"]), scalars, max_size=3
        ),
    },
)


def _render(renderable: Any) -> None:
    Console(file=io.StringIO(), width=80).print(renderable)


@pytest.mark.parametrize("base", sorted(BASES))
@SETTINGS
@given(data=st.data())
def test_random_programs_and_profiles_raise_only_mmeval_errors(
    base: str, data: st.DataObject, tmp_path: Path
) -> None:
    raw = data.draw(mutated(BASES[base]), label="program")
    answers = data.draw(profiles, label="profile")
    with deadline(TIMEOUT), contextlib.suppress(MmevalError):
        program = validate_program(tmp_path / f"{base}.toml", raw)
        profile = make_profile(answers)
        ranking = rank_programs(
            [program, *(validate_program(FIXTURES / "fx-mba.toml", BASES["fx-mba"]),)], profile
        )
        plan = plan_program(
            program, hours=profile.hours_per_week or 10.0, start=dt.date(2026, 1, 1), months=profile.months
        )
        _render(render_plan.plan_view(plan))
        json.loads(serialize.to_json(serialize.to_data(plan)))
        result = stamped(
            result_file("recommend", profile, ranking, "digest"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        )
        target = tmp_path / "r.toml"
        write_atomic(target, serialize.to_toml(serialize.to_data(result)), force=True)
        again = serialize.read_result_file(target)
        assert serialize.to_data(again) == serialize.to_data(result)
        _render(render_results.report(again))


@pytest.fixture(scope="module")
def result_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    programs = [validate_program(FIXTURES / f"{k}.toml", v) for k, v in BASES.items()]
    profile = make_profile({"goal": "upskill"})
    ranking = rank_programs(programs, profile)
    result = stamped(
        result_file("recommend", profile, ranking, "digest"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    data: dict[str, Any] = serialize.to_data(result)
    return data


@SETTINGS
@given(data=st.data())
def test_random_result_files_raise_only_mmeval_errors(
    data: st.DataObject, result_data: dict[str, Any], tmp_path: Path
) -> None:
    import tomli_w

    edited = data.draw(mutated(result_data), label="result file")
    target = tmp_path / "r.toml"
    try:
        text = tomli_w.dumps(edited)
    except (TypeError, ValueError):  # not expressible as TOML (e.g. a mixed-type array in old tomli_w)
        return
    target.write_text(text, encoding="utf-8")
    with deadline(TIMEOUT), contextlib.suppress(MmevalError):
        result = serialize.read_result_file(target)
        _render(render_results.report(result))
        out = serialize.to_json(serialize.to_data(result))
        assert "NaN" not in out and "Infinity" not in out


# --- the program fields added lately (docs/program-format.md): availability, partial course
# lists, per-course price ranges, [no_pathway], a source per [time] value, what a course teaches

OWN_PAGE = "https://www.edx.org/masters/micromasters/hostile"  # a platform's own page (source-domains.toml)
dates_as_text = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["2024", "2024-06", "2024-13", "2024-02-30", "", "soon"]),
)


def _urls(listed: str) -> st.SearchStrategy[str]:
    """A URL [[sources]] lists, the platform's own page (listed when drawn), or one it does not."""
    return st.sampled_from([listed, OWN_PAGE, "https://example.org/unlisted", "not a url"])


def availability(listed: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {"status": st.sampled_from(["offered", "unconfirmed", "retired", "active", ""])},
        optional={"as_of": dates_as_text, "source": _urls(listed), "note": st.text(max_size=20)},
    )


amounts = st.one_of(
    st.integers(min_value=-5, max_value=5000),
    st.floats(min_value=-1, max_value=1e7),
    st.sampled_from([-0.0, float("nan"), 0.5]),
)


def per_course_range() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "per_course_min": amounts,
            "per_course_max": amounts,
            "per_course": amounts,
            "currency": st.sampled_from(["USD", "EUR", "JPY", "XOF", "usd"]),
        },
    )


def time_sources(listed: str) -> st.SearchStrategy[dict[str, Any]]:
    months = st.one_of(st.integers(min_value=-1, max_value=300), st.floats(min_value=0, max_value=300))
    hours = st.one_of(st.integers(min_value=-1, max_value=200), st.floats(min_value=0, max_value=200))
    return st.fixed_dictionaries(
        {},
        optional={
            "months_min": months,
            "months_max": months,
            "months_source": _urls(listed),
            "hours_min": hours,
            "hours_max": hours,
            "hours_source": _urls(listed),
            "pacing": st.sampled_from(["self-paced", "instructor-paced", "mixed", "fast"]),
            "pacing_source": _urls(listed),
        },
    )


def no_pathway(listed: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={"source": _urls(listed), "quote": st.sampled_from(["", "no credit", "\u202eno credit"])},
    )


TOPICS = st.sampled_from(["algebra", "calculus", "probability", "statistics", "programming", "astrology"])


VALID_TOPICS = st.lists(
    st.sampled_from(["algebra", "calculus", "probability", "statistics"]), min_size=1, max_size=2
)
real_dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2025, 12, 31)).map(dt.date.isoformat)


def _valid_availability(listed: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.fixed_dictionaries(
            {"status": st.just("offered"), "as_of": real_dates, "source": st.just(OWN_PAGE)}
        ),
        st.fixed_dictionaries(
            {"status": st.just("unconfirmed"), "as_of": real_dates, "source": st.just(listed)}
        ),
        st.fixed_dictionaries({"status": st.just("retired")}, optional={"note": st.just("closed in 2021")}),
    )


@st.composite
def _valid_time(draw: st.DrawFn, listed: str) -> dict[str, Any]:
    low = draw(st.integers(min_value=1, max_value=24))
    hours = draw(st.integers(min_value=1, max_value=20))
    return {
        "months_min": low,
        "months_max": low + draw(st.integers(min_value=0, max_value=12)),
        "months_source": listed,
        "hours_min": hours,
        "hours_max": hours + draw(st.integers(min_value=0, max_value=5)),
        "hours_source": listed,
        "pacing": draw(st.sampled_from(["self-paced", "instructor-paced", "mixed"])),
        "pacing_source": listed,
    }


@st.composite
def with_new_fields(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """base with some of the new fields added: mostly valid (so scoring, plan and export run on
    them), one in four hostile; they share URLs with the file's sources."""
    data = _copy(base)
    listed = data["sources"][0]["url"]

    def hostile() -> bool:
        return draw(st.integers(min_value=0, max_value=3)) == 0

    if draw(st.booleans()):
        data["sources"].append({"url": OWN_PAGE, "supports": "availability", "as_of": "2026-01"})
    if draw(st.booleans()):
        data["availability"] = draw(availability(listed) if hostile() else _valid_availability(listed))
        if data["availability"].get("source") == OWN_PAGE and OWN_PAGE not in str(data["sources"]):
            data["sources"].append({"url": OWN_PAGE, "supports": "availability", "as_of": "2026-01"})
    taught = [c for c in data.get("courses", []) if not c.get("final")]
    if draw(st.booleans()):
        data["course_list"] = (
            draw(st.sampled_from(["complete", "partial", "PARTIAL"])) if hostile() else "partial"
        )
        low = -1 if hostile() else len(taught) + 1
        data["course_count"] = draw(st.integers(min_value=low, max_value=max(low, len(taught) + 6)))
    if draw(st.booleans()):
        cost = {k: v for k, v in data.get("cost", {}).items() if k not in ("per_course", "total")}
        if hostile():
            cost |= draw(per_course_range())
        else:
            low = draw(st.integers(min_value=0, max_value=900))
            cost |= {
                "per_course_min": low,
                "per_course_max": low + draw(st.integers(min_value=0, max_value=900)),
            }
            cost["currency"] = draw(st.sampled_from(["USD", "EUR", "JPY", "XOF"]))
        data["cost"] = cost
    if draw(st.booleans()):
        data["time"] = draw(time_sources(listed) if hostile() else _valid_time(listed))
    if draw(st.booleans()):
        if hostile():
            data["pathways"] = [] if draw(st.booleans()) else data.get("pathways", [])
            data["no_pathway"] = draw(no_pathway(listed))
        else:
            data["pathways"] = []
            data["no_pathway"] = {"source": listed, "quote": "The certificate does not carry academic credit"}
    for course in taught:
        if draw(st.booleans()):
            if hostile():
                course["teaches"] = draw(st.lists(TOPICS, max_size=3))
                if draw(st.booleans()):
                    course["teaches_source"] = draw(_urls(listed))
            else:
                course["teaches"] = draw(VALID_TOPICS)
                course["teaches_source"] = listed
    return data


@pytest.mark.parametrize("base", sorted(BASES))
@SETTINGS
@given(data=st.data())
def test_programs_with_the_new_fields_raise_only_mmeval_errors(
    base: str, data: st.DataObject, tmp_path: Path
) -> None:
    raw = data.draw(with_new_fields(BASES[base]), label="program")
    answers = data.draw(profiles, label="profile")
    with deadline(TIMEOUT), contextlib.suppress(MmevalError):
        program = validate_program(tmp_path / f"{base}.toml", raw)
        pair = "fx-full" if base == "fx-mba" else "fx-mba"
        other = validate_program(FIXTURES / f"{pair}.toml", BASES[pair])
        profile = make_profile(answers)
        ranking = rank_programs([program, other], profile)
        retired = program.availability is not None and program.availability.status == "retired"
        # a retired program is never ranked or picked
        assert retired == (program.id in {e.id for e in ranking.excluded if e.reason.startswith("retired")})
        assert not (retired and ranking.verdict is not None and program.id in ranking.verdict.picks)
        plan = plan_program(program, hours=profile.hours_per_week or 10.0, start=dt.date(2026, 1, 1))
        _render(render_plan.plan_view(plan))
        result = stamped(
            result_file("recommend", profile, ranking, "digest"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        )
        target = tmp_path / "r.toml"
        write_atomic(target, serialize.to_toml(serialize.to_data(result)), force=True)
        again = serialize.read_result_file(target)
        assert serialize.to_data(again) == serialize.to_data(result)
        _render(render_results.report(again))
