"""Exit codes and the error tree: each error knows its exit code and a hint."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import NamedTuple


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2
    INTERRUPTED = 130


class MmevalError(Exception):
    """A user-facing error: printed as 'Error: ...' plus a hint, never as a traceback."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Problem(NamedTuple):
    """One problem in one file: where (file, dotted field path) and what."""

    path: Path
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else str(self.path)
        return f"{where}: {self.message}"


class CatalogInvalid(MmevalError):
    exit_code = ExitCode.PROBLEMS

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) found", hint="run `mmeval validate`")
        self.problems = problems


class CatalogNotFound(MmevalError):
    pass


class ProgramNotFound(MmevalError):
    pass


class UsageError(MmevalError):
    pass


class MissingAnswers(MmevalError):
    pass


class ProfileInvalid(MmevalError):
    pass


class ResultFileInvalid(MmevalError):
    pass


class ExportError(MmevalError):
    pass


class OutputError(MmevalError):
    """stdout is closed or full: the command ran but could not write its output."""

    exit_code = ExitCode.PROBLEMS
