"""Plain records: no Pydantic to import them, result files validated straight into them, data as before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from mmeval.catalog.load import load_catalog
from mmeval.decision.compare import build_comparison
from mmeval.decision.rank import rank_programs
from mmeval.decision.robustness import robustness
from mmeval.errors import ResultFileInvalid
from mmeval.results import records
from mmeval.results.assemble import result_file, stamped
from mmeval.results.serialize import read_result_file, to_data, to_json, to_toml
from tests.conftest import FIXTURES
from tests.helpers import profile

# Importing these must not load Pydantic (~90 ms): building, ranking, rendering and writing
# results needs none; only validating input does (program files, profiles, result files).
PYDANTIC_FREE = (
    "mmeval.results.records",
    "mmeval.results.serialize",
    "mmeval.results.assemble",
    "mmeval.decision.evidence",
    "mmeval.decision.rank",
    "mmeval.decision.compare",
    "mmeval.render.results",
    "mmeval.cli",
)

RECORDS = [
    cls
    for cls in vars(records).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == records.__name__
]


def test_records_and_output_import_no_pydantic() -> None:
    code = f"import sys, {', '.join(PYDANTIC_FREE)}; print(sorted(m for m in sys.modules if 'pydantic' in m))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("record", RECORDS, ids=lambda cls: cls.__name__)
def test_every_record_refuses_unknown_keys(record: type) -> None:
    with pytest.raises(ValidationError) as err:
        TypeAdapter(record).validate_python({"colour": "red"})
    assert ("colour",) in [e["loc"] for e in err.value.errors() if e["type"] == "unexpected_keyword_argument"]


def _results() -> list[records.ResultFile]:
    catalog = load_catalog(FIXTURES)
    prof = profile(goal="upskill", fields=["business"], budget_usd=2000, months=12, math=["algebra"])
    ranking = rank_programs(catalog, prof)
    recommend = result_file("recommend", prof, ranking, catalog.digest, robustness=robustness(ranking))
    programs = [catalog.get(pid) for pid in ("fx-full", "fx-mba", "fx-sparse")]
    both = rank_programs(programs, prof, exclude=False)
    comparison = build_comparison(programs, both, prof, dt.date(2026, 6, 1))
    compare = result_file("compare", prof, both, catalog.digest, comparison=comparison)
    return [recommend, stamped(compare, dt.datetime(2026, 6, 1, tzinfo=dt.UTC))]


@pytest.mark.parametrize("result", _results(), ids=["recommend", "compare"])
def test_data_is_what_pydantic_gives(result: records.ResultFile) -> None:
    data = to_data(result)
    checker = TypeAdapter(records.ResultFile)
    valid = checker.validate_python(data)
    # Text, not ==: 100 == 100.0, but JSON and TOML tell them apart.
    assert to_json(data) == to_json(checker.dump_python(valid, mode="json", exclude_none=True))
    assert valid == result


def _tables(data: Any, where: str = "") -> list[str]:
    """The dotted path of every table in the data (each one a record)."""
    if isinstance(data, list):
        return [path for i, item in enumerate(data) for path in _tables(item, f"{where}.{i}")]
    if not isinstance(data, dict):
        return []
    inside = [path for key, item in data.items() for path in _tables(item, f"{where}.{key}")]
    return ([] if where.endswith(".weights") else [where]) + inside


@pytest.mark.parametrize("result", _results(), ids=["recommend", "compare"])
def test_an_unknown_key_is_refused_in_every_record(result: records.ResultFile, tmp_path: Path) -> None:
    data, path = to_data(result), tmp_path / "r.toml"
    tables = _tables(data)
    assert {"", ".profile", ".ranking.rows.0.scores.0.components.0.evidence.0"} <= set(tables)
    for where in tables:
        keys = where.split(".")[1:]
        edited = to_data(result)
        table = edited
        for key in keys:
            table = table[int(key)] if isinstance(table, list) else table[key]
        table["colour"] = "red"
        path.write_text(to_toml(edited), "utf-8")
        with pytest.raises(ResultFileInvalid) as err:
            read_result_file(path)
        assert f": {'.'.join([*keys, 'colour'])}: Extra inputs are not permitted" in str(err.value)


@pytest.mark.parametrize(
    ("answer", "value", "problem"),
    [
        ("hours_per_week", 500.0, "Input should be less than or equal to 168"),
        ("hours_per_week", "12", "Input should be a valid number"),
        ("months", 0.1, "Input should be greater than or equal to 0.5"),
        ("budget_usd", math.inf, "Input should be a finite number"),
        ("goal", "retire", "Input should be 'career-change'"),
    ],
)
def test_a_result_file_profile_is_held_to_the_profile_bounds(
    answer: str, value: Any, problem: str, tmp_path: Path
) -> None:
    data = to_data(_results()[0])
    data["profile"][answer] = value
    path = tmp_path / "r.toml"
    path.write_text(to_toml(data), "utf-8")
    with pytest.raises(ResultFileInvalid) as err:
        read_result_file(path)
    assert f"not an mmeval result file: profile.{answer}: {problem}" in str(err.value)


@pytest.mark.parametrize("result", _results(), ids=["recommend", "compare"])
def test_a_result_file_reads_back_as_records(result: records.ResultFile, tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(to_toml(to_data(result)), "utf-8")
    again = read_result_file(path)
    assert again == result
    assert type(again) is records.ResultFile
    assert type(again.profile) is records.Profile
    assert type(again.ranking.rows[0].scores[0].components[0]) is records.Component
