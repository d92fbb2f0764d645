"""EXPORT: write text files atomically; never overwrite without --force; keep file modes."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from mmeval.errors import ExportError


def check_target(path: Path, *, force: bool = False) -> None:
    """Raise ExportError if path cannot be written (exists without force, a folder, no folder)."""
    if path.is_dir():
        raise ExportError(f"'{path}' is a folder", hint="give a file name ending in .toml")
    if path.exists() and not force:
        raise ExportError(f"'{path}' already exists", hint="pass --force to overwrite it")
    if path.exists() and not path.is_file():
        raise ExportError(f"'{path}' is not a regular file", hint="give a file name ending in .toml")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"folder '{folder}' does not exist", hint="create it first or pick another path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write in '{folder}': permission denied", hint="pick another folder")


def _mode_for(path: Path) -> int:
    """An overwritten file keeps its mode; a new one gets what the umask allows (like `open`)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str, *, force: bool = False) -> None:
    """Write text to path via a temp file in the same folder and a rename; raises ExportError.

    The temp file is removed on any failure, including an interrupt or SIGTERM that the CLI
    turns into SystemExit.
    """
    check_target(path, force=force)
    folder = path.parent
    mode = _mode_for(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise ExportError(f"cannot write in '{folder}': {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise ExportError(f"cannot write '{path}': {err.strerror}") from None
        raise
