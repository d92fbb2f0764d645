"""Models <-> plain data with stable keys; JSON and TOML text; reading result files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mmeval.errors import ResultFileInvalid


def _sorted(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _sorted(data[k]) for k in sorted(data)}
    if isinstance(data, list):
        return [_sorted(x) for x in data]
    return data


def to_data(model: BaseModel | list[BaseModel]) -> Any:
    """Plain dicts/lists with sorted keys and no None values (TOML has no null)."""
    if isinstance(model, list):
        return [to_data(m) for m in model]
    return _sorted(model.model_dump(mode="json", exclude_none=True))


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def to_toml(data: Any) -> str:
    """TOML text; a top-level list is wrapped as `items = [...]` since TOML needs a table."""
    import tomli_w  # rare: only the toml format and exports need it

    if isinstance(data, list):
        data = {"items": data}
    return tomli_w.dumps(data)


def read_result_file(path: Path) -> Any:
    """Load and validate a result file written by --export; raises ResultFileInvalid."""
    from mmeval import reader
    from mmeval.models import ResultFile

    try:
        data = reader.read_toml(path)
    except reader.Unreadable as err:
        raise ResultFileInvalid(reader.describe(path, err)) from None
    try:
        return ResultFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ResultFileInvalid(
            f"'{path}' is not an mmeval result file: {where}: {first['msg']}"
            + (f" (and {err.error_count() - 1} more problems)" if err.error_count() > 1 else ""),
            hint="pass a file written by `mmeval recommend --export` or `mmeval compare --export`",
        ) from None
