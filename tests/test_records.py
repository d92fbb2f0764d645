"""Plain records: no Pydantic to import them, the input models mirror them, data as before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from mmeval.catalog.load import load_catalog
from mmeval.catalog.schema import ProfileInput, ResultInput
from mmeval.decision.rank import rank_programs
from mmeval.decision.robustness import robustness
from mmeval.results import records
from mmeval.results.assemble import result_file, stamped
from mmeval.results.comparison import build_comparison
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
    "mmeval.results.comparison",
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


def _plain_type(tp: Any) -> Any:
    """A type with constraints (Annotated) dropped and input models replaced by their records."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _plain_type(args[0])
    if origin in (typing.Union, types.UnionType):
        return ("union", frozenset(_plain_type(a) for a in args))
    if origin is not None and origin is not typing.Literal:
        return (origin, tuple(_plain_type(a) for a in args))
    if isinstance(tp, type) and tp.__qualname__.startswith("ResultInput."):
        return getattr(records, tp.__name__)
    return tp


@pytest.mark.parametrize("record", RECORDS, ids=lambda cls: cls.__name__)
def test_each_record_has_an_input_model_with_the_same_fields(record: type) -> None:
    model = getattr(ResultInput, record.__name__)
    model.model_rebuild()  # built on first use: resolve the annotations now
    fields = dataclasses.fields(record)
    assert [f.name for f in fields] == list(model.model_fields)
    hints = typing.get_type_hints(record)
    for f in fields:
        info = model.model_fields[f.name]
        assert _plain_type(info.annotation) == _plain_type(hints[f.name]), f.name
        if f.default is not dataclasses.MISSING:
            assert info.default == f.default, f.name
        elif f.default_factory is not dataclasses.MISSING:
            assert info.default_factory is not None and info.default_factory() == f.default_factory()
        else:
            assert info.is_required(), f.name


def test_a_result_file_profile_is_checked_like_any_profile() -> None:
    assert ResultInput.Profile.__bases__ == (ProfileInput,)
    assert list(ResultInput.Profile.model_fields) == list(ProfileInput.model_fields)


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
def test_data_is_what_the_pydantic_models_gave(result: records.ResultFile) -> None:
    data = to_data(result)
    model = ResultInput.ResultFile.model_validate(data)
    # Text, not ==: 100 == 100.0, but JSON and TOML tell them apart.
    assert to_json(data) == to_json(model.model_dump(mode="json", exclude_none=True))
    assert model.record() == result


@pytest.mark.parametrize("result", _results(), ids=["recommend", "compare"])
def test_a_result_file_reads_back_as_records(result: records.ResultFile, tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(to_toml(to_data(result)), "utf-8")
    again = read_result_file(path)
    assert again == result
    assert type(again) is records.ResultFile
    assert type(again.profile) is records.Profile
    assert type(again.ranking.rows[0].scores[0].components[0]) is records.Component
