"""EXPORT: write text files atomically; never overwrite without --force; keep file modes.

A symbolic link is followed, never replaced: the file it points to is written. A target that is
not a regular file but can be written to — a FIFO, a terminal, /dev/null, or the file this
process's standard output goes to (/dev/stdout, /dev/fd/1) — is written to directly, as a shell's
`>` would, since there is no file to replace.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import TextIO

from mmeval.errors import ExportError

_STREAMS = (stat.S_ISFIFO, stat.S_ISCHR)  # written to in place: nothing to replace atomically


def _target(path: Path) -> Path:
    """The file a path names: the end of its chain of symbolic links (itself when it is none)."""
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _stream_kind(path: Path) -> bool:
    """Whether path names (through any links) a FIFO or a character device."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # a new file; other errors say what is wrong
        return False
    return any(test(mode) for test in _STREAMS)


def same_file(path: Path, stream: TextIO | None) -> bool:
    """Whether path is a link to the file `stream` writes to (/dev/stdout for sys.stdout)."""
    if stream is None:
        return False
    try:
        if not os.path.islink(path):
            return False
        named, open_one = os.stat(path), os.fstat(stream.fileno())
    except (OSError, ValueError):  # no real file behind the stream (a test's buffer), or no such path
        return False
    return (named.st_dev, named.st_ino) == (open_one.st_dev, open_one.st_ino)


def check_target(path: Path, *, force: bool = False, stream: TextIO | None = None) -> None:
    """Raise ExportError if path cannot be written (exists without force, a folder, no folder).

    `stream`: this process's standard output; a path naming its file is always writable."""
    try:
        if same_file(path, stream) or _stream_kind(path):
            return
        target = _target(path)
        if target.is_dir():
            raise ExportError(f"'{path}' is a folder", hint="give a file name ending in .toml")
        if target.exists() and not force:
            raise ExportError(f"'{path}' already exists", hint="pass --force to overwrite it")
        if target.exists() and not target.is_file():
            raise ExportError(f"'{path}' is not a regular file", hint="give a file name ending in .toml")
        folder = target.parent
        if not folder.is_dir():
            raise ExportError(
                f"folder '{folder}' does not exist", hint="create it first or pick another path"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ExportError(f"cannot write in '{folder}': permission denied", hint="pick another folder")
    except OSError as err:  # e.g. a name too long for the file system, a link loop
        raise ExportError(f"cannot write '{path}': {err.strerror}", hint="pick another file name") from None


def _mode_for(path: Path) -> int:
    """An overwritten file keeps its mode; a new one gets what the umask allows (like `open`)."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_in_place(path: Path, text: str) -> None:
    """Write to a FIFO or a device as `>` would; a FIFO nobody reads is an error, not a wait."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as err:
        if err.errno == errno.ENXIO:  # a FIFO with no reader
            raise ExportError(
                f"cannot write '{path}': no program is reading from it", hint="start the reader first"
            ) from None
        raise ExportError(f"cannot write '{path}': {err.strerror}") from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as err:
        raise ExportError(f"cannot write '{path}': {err.strerror}") from None


def write_atomic(path: Path, text: str, *, force: bool = False, stream: TextIO | None = None) -> None:
    """Write text to path via a temp file in the same folder and a rename; raises ExportError.

    The temp file is removed on any failure, including an interrupt or SIGTERM that the CLI
    turns into SystemExit. A link is followed (its target is replaced, the link kept); a path
    naming the file `stream` writes to is written through `stream`; a FIFO or a device is
    written in place.
    """
    check_target(path, force=force, stream=stream)
    if stream is not None and same_file(path, stream):
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:  # the reader left (`| head`): the CLI ends quietly
            raise
        except OSError as err:
            raise ExportError(f"cannot write '{path}': {err.strerror}") from None
        return
    if _stream_kind(path):
        _write_in_place(path, text)
        return
    target = _target(path)
    folder = target.parent
    mode = _mode_for(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise ExportError(f"cannot write in '{folder}': {err.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise ExportError(f"cannot write '{path}': {err.strerror}") from None
        raise
