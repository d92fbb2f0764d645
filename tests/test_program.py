"""program/methods.py: a program read back from the cache (plain objects, no Pydantic) answers
every field and method as the validated Pydantic Program does, for every program we ship."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from mmeval.decision.facts import program_facts
from mmeval.program.methods import CourseMethods, ProgramMethods, hydrate
from mmeval.program.schema import Course, Program
from mmeval.program.validate import read_program
from mmeval.results.serialize import to_data
from tests.conftest import FIXTURES, SHIPPED

PATHS = sorted(SHIPPED.glob("*.toml")) + sorted(FIXTURES.glob("*.toml"))


def _answers(methods: type) -> list[str]:
    """The properties and methods a mixin gives both shapes."""
    names = [name for name in vars(methods) if not name.startswith("_")]
    assert names
    return names


def _same(validated: Any, plain: Any, where: str) -> None:
    """The same value, of the same type, field by field (a model's fields read from both)."""
    if isinstance(validated, BaseModel):
        assert not isinstance(plain, BaseModel), where
        fields = type(validated).model_fields
        assert sorted(vars(plain)) == sorted(fields), where  # no field missing, none extra
        for name in fields:
            _same(getattr(validated, name), getattr(plain, name), f"{where}.{name}")
    elif isinstance(validated, tuple):
        assert type(plain) is tuple and len(plain) == len(validated), where
        for i, (a, b) in enumerate(zip(validated, plain, strict=True)):
            _same(a, b, f"{where}.{i}")
    else:
        assert (type(plain), plain) == (type(validated), validated), where


def _answer(obj: Any, name: str) -> Any:
    value = getattr(obj, name)
    return value() if callable(value) else value


@pytest.mark.parametrize("path", PATHS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_cached_program_answers_as_the_validated_one(path: Path) -> None:
    validated = read_program(path)
    plain = hydrate(json.loads(validated.model_dump_json()))  # as the catalog cache stores it
    assert not isinstance(plain, BaseModel)
    _same(validated, plain, validated.id)
    for name in _answers(ProgramMethods):
        _same(_answer(validated, name), _answer(plain, name), f"{validated.id}.{name}")
    for i, (course, again) in enumerate(zip(validated.courses, plain.courses, strict=True)):
        assert isinstance(course, Course)
        for name in _answers(CourseMethods):
            _same(_answer(course, name), _answer(again, name), f"{validated.id}.courses.{i}.{name}")
    assert to_data(plain) == to_data(validated)
    assert program_facts(plain) == program_facts(validated)


def test_every_field_and_method_is_compared() -> None:
    assert {"primary", "selections", "n_courses"} <= set(_answers(ProgramMethods))
    assert {"key", "label"} <= set(_answers(CourseMethods))
    assert len(PATHS) > 50 and issubclass(Program, ProgramMethods)
