"""EXPORT: write text files atomically; never overwrite without --force."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mmeval.errors import ExportError


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write text to path via a temp file in the same folder and a rename; raises ExportError."""
    if path.exists() and not force:
        raise ExportError(f"'{path}' already exists", hint="pass --force to overwrite it")
    if path.is_dir():
        raise ExportError(f"'{path}' is a folder", hint="give a file name ending in .toml")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"folder '{folder}' does not exist", hint="create it first or pick another path")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise ExportError(f"cannot write in '{folder}': {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise ExportError(f"cannot write '{path}': {err.strerror}") from None
        raise
