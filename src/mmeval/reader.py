"""READ: one safe way to read a TOML file the user names (program, profile or result file).

Regular files only (a FIFO would block, /dev/zero would never end), at most MAX_BYTES, UTF-8,
and nested at most MAX_DEPTH levels, so a hostile file gets a message, never a hang or a
RecursionError. Callers turn `Unreadable` into their own error (CatalogInvalid, ProfileInvalid...).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

MAX_BYTES = 1024 * 1024  # 1 MiB: the largest program file is ~20 KiB, a profile far less
# A result file holds every ranked program with its evidence, ~2-5 KB each: an export of the
# 10,000 programs the scale bar names is about 50 MB, and mmeval must read back what it wrote.
MAX_RESULT_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32  # tables and arrays inside each other; our formats need fewer than 10

# C0 controls other than tab and newline, DEL, and C1 controls (0x9b is a one-byte CSI)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible characters that change what text says on screen: direction controls (an unterminated
# U+202E shows the rest of the line reversed) and zero-width ones (a name that looks the same as
# another but is not: zero-width space, joiners, word joiner, byte order mark, soft hyphen).
DIRECTION = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
ZERO_WIDTH = "\u00ad\u200b-\u200d\u2060\ufeff"
_DIRECTION = re.compile(f"[{DIRECTION}]")
# What never reaches a terminal raw: tables strip it, JSON and TOML escape it as \uXXXX
UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{DIRECTION}{ZERO_WIDTH}]")


class Unreadable(Exception):
    """Why a file cannot be read or parsed: a one-line reason, without the path."""

    def __init__(self, reason: str, *, field: str = "", syntax: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        self.syntax = syntax  # the bytes were read: the TOML in them is wrong


_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_text(path: Path, limit: int = MAX_BYTES) -> str:
    """The text of a regular file of at most `limit` bytes; raises Unreadable saying why not."""
    try:
        info = os.stat(path)  # follows symlinks: a link to /dev/zero is a device
    except FileNotFoundError:
        if os.path.islink(path):
            raise Unreadable("broken symbolic link (its target does not exist)") from None
        raise Unreadable("does not exist") from None
    except OSError as err:  # e.g. ELOOP for a symlink loop, EACCES on a folder on the way
        raise Unreadable(f"cannot read: {err.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"not a regular file ({_KINDS.get(stat.S_IFMT(info.st_mode), 'special file')})")
    if info.st_size > limit:
        raise Unreadable(f"too large ({info.st_size:,} bytes; the limit is {limit:,})")
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO since stat, open must not wait for a writer
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise Unreadable("not a regular file")
            raw = fh.read(limit + 1)
    except OSError as err:
        raise Unreadable(f"cannot read: {err.strerror}") from None
    if len(raw) > limit:
        raise Unreadable(f"too large (more than {limit:,} bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Unreadable(f"not UTF-8 text (byte {err.start})") from None


def parser() -> Any:
    """The TOML parser module, imported on first use (a warm start reads no TOML)."""
    try:  # tomli is the stdlib tomllib's own source, compiled with mypyc: ~3x faster on our files
        import tomli as tomllib
    except ImportError:  # pragma: no cover - tomli is a dependency, but the stdlib parser is the same
        import tomllib  # type: ignore[no-redef]
    return tomllib


def parse_toml(text: str, *, check_depth: bool = True) -> dict[str, Any]:
    """TOML text as data, nested at most MAX_DEPTH; raises Unreadable (with line and column).

    Without `check_depth` the caller checks (`too_deep`) when the data fails its schema: data a
    schema accepts is never deep, so valid files skip the walk."""
    tomllib = parser()
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:  # message carries "(at line L, column C)"
        raise Unreadable(str(err), syntax=True) from None
    except RecursionError:  # the parser's own guard against deep nesting or 1000+ part keys
        raise Unreadable(f"nested too deeply (the limit is {MAX_DEPTH} levels)", syntax=True) from None
    if check_depth and (where := too_deep(data)) is not None:
        raise Unreadable(f"nested too deeply (the limit is {MAX_DEPTH} levels)", field=where, syntax=True)
    return data


def describe(path: Path, err: Unreadable) -> str:
    """One line for a profile or result file: "'F' is not valid TOML: ..." or "cannot read 'F': ..."."""
    if err.syntax and "nested" in err.reason:
        return f"'{path}' is {err.reason}" + (f" at {err.field}" if err.field else "")
    if err.syntax:
        return f"'{path}' is not valid TOML: {err.reason}"
    return f"cannot read '{path}': {err.reason}"


def read_toml(path: Path, limit: int = MAX_BYTES) -> dict[str, Any]:
    """read_text then parse_toml: the one path every file a user names goes through."""
    return parse_toml(read_text(path, limit))


def too_deep(data: Any, limit: int = MAX_DEPTH) -> str | None:
    """The dotted path where data nests deeper than limit, or None; never recurses past limit."""

    def find(node: Any, depth: int) -> list[Any] | None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, dict | list):
                if depth >= limit:
                    return [key]
                if (below := find(value, depth + 1)) is not None:
                    return [key, *below]
        return None

    if not isinstance(data, dict | list):
        return None
    where = find(data, 1)
    return None if where is None else ".".join(str(p) for p in where[:3]) + "..."


# Parsed TOML text can hold a control or invisible character only through an escape (\b \f \r \e
# \xHH \uXXXX \UXXXXXXXX) or raw (C1 and the invisible ones; TOML refuses other raw controls):
# without either, no walk.
_ESCAPE = re.compile(r"\\[bfreuUx]")
_RAW = re.compile(f"[\\x80-\\x9f{DIRECTION}{ZERO_WIDTH}]")


def may_hold_control(text: str) -> bool:
    """False when parsed TOML text cannot hold a control or invisible character (tab and newline
    are text)."""
    if "\\" in text and _ESCAPE.search(text):
        return True
    return not text.isascii() and _RAW.search(text) is not None


def unsafe_text(char: str) -> str:
    """What is wrong with a control or invisible character, for `validate`."""
    import unicodedata

    if CONTROL.match(char):
        return f"control character \\x{ord(char):02x} (only newline and tab are allowed in text)"
    name = unicodedata.name(char, "").lower()
    if _DIRECTION.match(char):
        return (
            f"direction control U+{ord(char):04X} ({name}): remove it, it reorders the text around it"
            " on screen"
        )
    return f"invisible character U+{ord(char):04X} ({name}): remove it"


def control_chars(data: Any) -> list[tuple[str, str]]:
    """(dotted field, what is wrong) for each string holding a control or invisible character."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, where = stack.pop()
        if isinstance(node, str):
            if m := UNSAFE.search(node):
                found.append((".".join(str(p) for p in where), unsafe_text(m[0])))
        elif isinstance(node, dict):
            stack += [(v, (*where, k)) for k, v in node.items()]
            stack += [(k, (*where, k)) for k in node if isinstance(k, str) and UNSAFE.search(k)]
        elif isinstance(node, list):
            stack += [(v, (*where, i)) for i, v in enumerate(node)]
    return sorted(found)


def escape_unsafe(text: str) -> str:
    """JSON or TOML text with every raw C1 control, DEL and invisible character written as a
    \\uXXXX escape (the same data to a parser, nothing a terminal acts on). Both formats escape
    the other controls themselves, and hold these characters only inside quoted strings."""
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    return _OUTPUT.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


_OUTPUT = re.compile(f"[\\x7f-\\x9f{DIRECTION}{ZERO_WIDTH}]")


def non_finite(data: Any) -> list[tuple[str, float]]:
    """(dotted field, value) for each NaN or infinity: TOML allows them, no fact is infinite."""
    found: list[tuple[str, float]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, where = stack.pop()
        if isinstance(node, float) and (node != node or node in (float("inf"), float("-inf"))):
            found.append((".".join(str(p) for p in where), node))
        elif isinstance(node, dict):
            stack += [(v, (*where, k)) for k, v in node.items()]
        elif isinstance(node, list):
            stack += [(v, (*where, i)) for i, v in enumerate(node)]
    return sorted(found, key=lambda x: x[0])
