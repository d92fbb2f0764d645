"""Small builders shared by tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mmeval.person.profile import make_profile
from mmeval.program.schema import Program
from mmeval.program.validate import read_program
from mmeval.results.records import Profile
from tests.conftest import FIXTURES

BASE: dict[str, Any] = {
    "id": "p",
    "name": "P",
    "university": "U",
    "platform": "edX",
    "credential": "micromasters",
    "subjects": ["business"],
    "reviewed": dt.date(2026, 1, 1),
    "sources": [{"url": "https://example.org/p", "supports": "everything"}],
}


def program(**facts: Any) -> Program:
    """A program with only the required fields plus the given facts."""
    return Program.model_validate({**BASE, **facts})


def fixture(program_id: str) -> Program:
    """A fixture program as its file validates (a Pydantic model, not the cache's plain copy)."""
    return read_program(FIXTURES / f"{program_id}.toml")


def profile(**answers: Any) -> Profile:
    return make_profile(answers)


def stripped(p: Program) -> Program:
    """The same program with every optional fact removed."""
    keep = {
        k: getattr(p, k)
        for k in (
            "id",
            "name",
            "university",
            "platform",
            "credential",
            "primary_subject",
            "subjects",
            "reviewed",
            "sources",
        )
    }
    return Program.model_validate(
        {k: (v.model_dump() if hasattr(v, "model_dump") else v) for k, v in keep.items()}
        | {"sources": [s.model_dump() if hasattr(s, "model_dump") else s.plain_data() for s in p.sources]}
    )
