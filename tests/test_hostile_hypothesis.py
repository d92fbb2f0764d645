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

from mmeval import render_plan, render_results, serialize
from mmeval.catalog import validate_program
from mmeval.decision.rank import rank_programs
from mmeval.errors import MmevalError
from mmeval.export import write_atomic
from mmeval.planning import plan_program
from mmeval.profile import make_profile
from mmeval.results import result_file, stamped
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
