"""Records and models <-> plain data with stable keys; JSON and TOML text; reading result files."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mmeval.errors import ResultFileInvalid
from mmeval.results.records import ResultFile

if TYPE_CHECKING:
    from pydantic import TypeAdapter


def _sorted(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _sorted(data[k]) for k in sorted(data)}
    if isinstance(data, list):
        return [_sorted(x) for x in data]
    return data


def _no_none(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _no_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_no_none(x) for x in data]
    return data


def _plain(value: Any) -> Any:
    """A record's data as Pydantic's model_dump(mode="json", exclude_none=True) gives a model's.

    A field that is None is left out, in nested records too; None inside a tuple or dict stays.
    """
    if is_dataclass(value) and not isinstance(value, type):
        items = ((f.name, getattr(value, f.name)) for f in fields(value))
        return {name: _plain(item) for name, item in items if item is not None}
    if isinstance(value, tuple | list):
        return [_plain(x) for x in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if hasattr(value, "plain_data"):  # a program read back from the catalog cache (domain.Plain)
        return _no_none(value.plain_data())
    if hasattr(value, "model_dump"):  # a program validated from its file
        return value.model_dump(mode="json", exclude_none=True)
    return value


def to_data(model: Any) -> Any:
    """Plain dicts/lists with sorted keys and no None values (TOML has no null).

    `model` is a record (mmeval.results.records), a Pydantic model (programs, plans), or a list of them.
    """
    if isinstance(model, list | tuple):
        return [to_data(m) for m in model]
    if is_dataclass(model):
        return _sorted(_plain(model))
    if hasattr(model, "plain_data"):  # a program read back from the catalog cache (domain.Plain)
        return _sorted(_no_none(model.plain_data()))
    from pydantic import BaseModel  # loaded already by whoever built the model, so this costs nothing

    if not isinstance(model, BaseModel):
        raise TypeError(f"cannot turn a {type(model).__name__} into data")
    return _sorted(model.model_dump(mode="json", exclude_none=True))


def to_json(data: Any) -> str:
    """JSON text; allow_nan=False: NaN and Infinity are not JSON, a value like that is a bug.

    Control and invisible characters are escaped (reader.escape_unsafe): same data, inert on screen."""
    from mmeval.reader import escape_unsafe

    return escape_unsafe(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False))


def to_toml(data: Any) -> str:
    """TOML text; a top-level list is wrapped as `items = [...]` since TOML needs a table.

    Control and invisible characters are escaped, as in to_json."""
    import tomli_w  # rare: only the toml format and exports need it

    from mmeval.reader import escape_unsafe

    if isinstance(data, list):
        data = {"items": data}
    return escape_unsafe(tomli_w.dumps(data))


# How `report` has always said these two problems (Pydantic words them differently for a
# dataclass than it did for the models that once mirrored the records)
_SAID = {
    "unexpected_keyword_argument": "Extra inputs are not permitted",
    "dataclass_type": "Input should be a valid dictionary or instance of {class_name}",
}


@functools.cache
def _result_checker() -> TypeAdapter[ResultFile]:
    """Pydantic's validator for the ResultFile record, built when the first file is read."""
    from pydantic import TypeAdapter

    return TypeAdapter(ResultFile)


def read_result_file(path: Path) -> ResultFile:
    """Load and validate a result file written by --export; raises ResultFileInvalid."""
    from pydantic import ValidationError

    from mmeval import reader

    try:
        data = reader.read_toml(path, reader.MAX_RESULT_BYTES)
    except reader.Unreadable as err:
        raise ResultFileInvalid(reader.describe(path, err)) from None
    hint = "pass a file written by `mmeval recommend --export` or `mmeval compare --export`"
    try:
        result = _result_checker().validate_python(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        kind = first["type"]
        said = _SAID[kind].format(**first.get("ctx", {})) if kind in _SAID else first["msg"]
        raise ResultFileInvalid(
            f"'{path}' is not an mmeval result file: {where}: {said}"
            + (f" (and {err.error_count() - 1} more problems)" if err.error_count() > 1 else ""),
            hint=hint,
        ) from None
    if problems := result_problems(data, result):
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ResultFileInvalid(f"'{path}' is not a valid result file: {problems[0]}{more}", hint=hint)
    return result


def result_problems(data: dict[str, Any], result: ResultFile) -> list[str]:
    """What a hand-edited result file gets wrong that its schema alone cannot say, as 'field: problem'."""
    from typing import get_args, get_type_hints

    from mmeval import reader

    problems: list[str] = []
    version = data.get("schema_version")
    supported = get_args(get_type_hints(ResultFile)["schema_version"])
    if version is None:
        problems.append("schema_version: missing")
    elif type(version) is not int or version not in supported:  # no true, no 1.0
        problems.append(
            f"schema_version: {version!r} is not a supported version ({', '.join(map(str, supported))})"
        )
    problems += [f"{loc}: must be a finite number, not {value}" for loc, value in reader.non_finite(data)]
    ranking = result.ranking
    seen: set[int] = set()
    ids: set[str] = set()
    for i, row in enumerate(ranking.rows):
        where = f"ranking.rows.{i}"
        if row.rank < 1:
            problems.append(f"{where}.rank: {row.rank} is not a rank (1 or more)")
        elif row.rank in seen:
            problems.append(f"{where}.rank: rank {row.rank} appears twice")
        seen.add(row.rank)
        if row.id in ids:
            problems.append(f"{where}.id: '{row.id}' appears twice")
        ids.add(row.id)
        problems += _outside(f"{where}.total", row.total, 0, 100)
        span = _Span("total", "total_low", "total_high", 100)
        problems += _range(where, span, row.total_low, row.total, row.total_high)
        problems += _outside(f"{where}.coverage", row.coverage, 0, 1)
        criteria: set[str] = set()
        for j, score in enumerate(row.scores):
            at = f"{where}.scores.{j}"
            if score.criterion not in ranking.weights:
                problems.append(f"{at}.criterion: '{score.criterion}' has no weight in ranking.weights")
            elif score.criterion in criteria:
                problems.append(f"{at}.criterion: '{score.criterion}' appears twice in this row")
            criteria.add(score.criterion)
            problems += _outside(f"{at}.points", score.points, 0, 100)
            problems += _outside(f"{at}.known_share", score.known_share, 0, 1)
            for k, part in enumerate(score.components):
                problems += _outside(f"{at}.components.{k}.max_points", part.max_points, 0, 100)
                problems += _outside(f"{at}.components.{k}.points", part.points, 0, part.max_points)
                span = _Span("points", "low", "high", part.max_points)
                problems += _range(f"{at}.components.{k}", span, part.low, part.points, part.high)
    for name, weight in ranking.weights.items():
        problems += _outside(f"ranking.weights.{name}", weight, 0, 1)
    if ranking.weights and abs((total := sum(ranking.weights.values())) - 1) > 1e-6:
        problems.append(f"ranking.weights: sum to {total:g}, not 1")
    problems += _verdict_problems(result)
    problems += _robustness_problems(result)
    comp = result.comparison
    if comp is not None:
        n = len(comp.ids)
        if len(set(comp.ids)) != n:
            problems.append("comparison.ids: an ID appears twice")
        for pid in comp.ids:
            if pid not in ids:
                problems.append(f"comparison.ids: '{pid}' has no row in ranking.rows")
        for i, row in enumerate(ranking.rows):
            if row.id not in comp.ids:
                problems.append(f"ranking.rows.{i}.id: '{row.id}' is not in comparison.ids")
        for i, fact in enumerate(comp.facts):
            if len(fact.values) != n:
                problems.append(f"comparison.facts.{i}.values: {len(fact.values)} values for {n} programs")
            if any(not 0 <= b < n for b in fact.best):
                problems.append(f"comparison.facts.{i}.best: a column outside 0-{n - 1}")
    return problems


class _Span(NamedTuple):
    """A value and its range under the unknowns, as a row (total) or component (points) holds them."""

    name: str  # "total" or "points"
    low_key: str
    high_key: str
    top: float  # the most the value can be


def _range(where: str, span: _Span, low: float | None, value: float, high: float | None) -> list[str]:
    """Problems with a range around a value: within 0 and span.top, and low <= value <= high."""
    problems: list[str] = []
    for key, bound in ((span.low_key, low), (span.high_key, high)):
        if bound is not None:
            problems += _outside(f"{where}.{key}", bound, 0, span.top)
    if problems:
        return problems
    slack = 1e-6  # every score is rounded to 6 decimals
    if low is not None and low > value + slack:
        problems.append(f"{where}.{span.low_key}: {low:g} is above {span.name} {value:g}")
    if high is not None and high < value - slack:
        problems.append(f"{where}.{span.high_key}: {high:g} is below {span.name} {value:g}")
    return problems


def _verdict_problems(result: ResultFile) -> list[str]:
    """A verdict that names programs the file cannot hold."""
    from mmeval.vocabulary import ID_PATTERN

    verdict = result.ranking.verdict
    if verdict is None:
        return []
    problems: list[str] = []
    if verdict.picks and not result.ranking.rows:
        problems.append("ranking.verdict.picks: names programs, but ranking.rows is empty")
    for key in ("picks", "tie"):
        ids: tuple[str, ...] = getattr(verdict, key)
        for i, pid in enumerate(ids):
            if not ID_PATTERN.match(pid):
                problems.append(f"ranking.verdict.{key}.{i}: '{pid}' is not a program ID")
        if len(set(ids)) != len(ids):
            problems.append(f"ranking.verdict.{key}: an ID appears twice")
    if not set(verdict.tie) <= set(verdict.picks):
        problems.append("ranking.verdict.tie: names a program that is not among the picks")
    for i, step in enumerate(verdict.change):
        for key in ("from_value", "to_value"):
            if (value := getattr(step, key)) < 0:  # no upper bound: a hostile catalog's price may be huge
                problems.append(f"ranking.verdict.change.{i}.{key}: {value:g} is below 0")
    return problems


def _robustness_problems(result: ResultFile) -> list[str]:
    """Robustness figures no run can produce: shares outside 0-1, fewer than one draw."""
    rob = result.robustness
    if rob is None:
        return []
    problems: list[str] = []
    if not result.ranking.rows:
        problems.append("robustness: present, but ranking.rows is empty")
    if rob.draws < 1:
        problems.append(f"robustness.draws: {rob.draws} is not a number of draws (1 or more)")
    problems += _outside("robustness.top_stays_share", rob.top_stays_share, 0, 1)
    if rob.unknowns_top_stays_share is not None:
        problems += _outside("robustness.unknowns_top_stays_share", rob.unknowns_top_stays_share, 0, 1)
    problems += _outside("robustness.spread", rob.spread, 0, 1)
    if rob.margin is not None:
        problems += _outside("robustness.margin", rob.margin, 0, 100)
    if rob.runner_up_id is not None and rob.runner_up_id == rob.top_id:
        problems.append("robustness.runner_up_id: the same program as top_id")
    change = rob.smallest_change
    if change is not None:
        if change.criterion not in result.ranking.weights:
            problems.append(
                f"robustness.smallest_change.criterion: '{change.criterion}' has no weight in ranking.weights"
            )
        problems += _outside("robustness.smallest_change.from_weight", change.from_weight, 0, 1)
        problems += _outside("robustness.smallest_change.to_weight", change.to_weight, 0, 1)
    return problems


def _outside(where: str, value: float, low: float, high: float) -> list[str]:
    """['where: value is outside low-high'] or [] (NaN is reported apart, as not finite)."""
    if value != value or low <= value <= high:
        return []
    return [f"{where}: {value:g} is outside {low:g}-{high:g}"]
