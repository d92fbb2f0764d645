"""CACHE ON DISK: where the catalog cache lives, what its files hold and how they are read
safely (regular files only, within bounds), the index format, and eviction. cache.py uses them."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

from mmeval import __version__
from mmeval.decision.facts import Facts, from_data, to_data

FORMAT = 2  # bump when the layout or the Facts fields change

MAX_BYTES = 512 * 1024 * 1024  # the whole cache; MMEVAL_CACHE_MAX_MB overrides it

INDEX = "index.json"

DATA = "data.jsonl"

LOCK = ".lock"

# Bounds on what is read back: an index entry is ~0.7 KB, a program's data line ~8.5 KB (a
# program file is at most 1 MiB: reader.MAX_BYTES), so anything beyond these is not ours.
INDEX_PER_FILE = 64 * 1024

MAX_LINE = 8 * 1024 * 1024


def disabled() -> bool:
    """MMEVAL_NO_CACHE set to anything but "" or "0"."""
    return os.environ.get("MMEVAL_NO_CACHE", "") not in ("", "0")


def root() -> Path:
    """The user cache folder for mmeval (MMEVAL_CACHE_DIR, `~` expanded, else platformdirs' choice)."""
    if configured := os.environ.get("MMEVAL_CACHE_DIR"):
        return Path(os.path.expanduser(configured))
    import platformdirs

    return Path(platformdirs.user_cache_dir("mmeval", appauthor=False))


def max_bytes() -> float:
    """The bound on the whole cache: MMEVAL_CACHE_MAX_MB in MiB (inf: no bound, below 0: 0),
    MAX_BYTES when unset or not a number."""
    try:
        mb = float(os.environ["MMEVAL_CACHE_MAX_MB"])
    except (KeyError, ValueError):
        return MAX_BYTES
    if mb != mb:  # NaN
        return MAX_BYTES
    return max(0.0, mb) * 1024 * 1024  # inf (or 1e400) stays inf: nothing is evicted


# The modules whose code decides what a cached entry holds (validation, facts, points): an edit
# to any of them, even without a new version number, means a new cache.
CODE = (
    "catalog/*.py",
    "program/*.py",
    "decision/bounds.py",
    "decision/criteria.py",
    "decision/facts.py",
    "reader.py",
    "vocabulary.py",
    "data/*.toml",
)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def line_digest(line: bytes) -> str:
    return hashlib.blake2b(line, digest_size=16).hexdigest()


def code_key(here: Path = Path(__file__).parent.parent) -> str:
    """A short digest of the files matching CODE under the package (the version alone when they
    cannot be read)."""
    h = hashlib.sha256()
    for pattern in CODE:
        found = sorted(here.glob(pattern))
        if not found:  # e.g. installed inside a zip: the version still separates caches
            return "0"
        for path in found:
            try:
                h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
            except OSError:
                return "0"
    return h.hexdigest()[:12]


StatKey = tuple[int, int, int, int, int]

Where = tuple[int, int, str]  # (offset, length, BLAKE2 of the line) of a program's data line


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class NotRegular(OSError):
    """A cache file that is a FIFO, a device, a folder or a symbolic link: never ours, never read."""


def open_regular(path: Path | str, flags: int, mode: int = 0o644) -> int:
    """os.open for a regular file only: never follows a link, never waits on a FIFO (O_NONBLOCK;
    opening one to write with no reader fails at once), raises NotRegular for anything else."""
    extra = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | extra, mode)
    except OSError as err:
        if os.path.islink(path):
            raise NotRegular("a symbolic link") from None
        if err.errno == errno.ENXIO:  # a FIFO with no reader (or a socket), opened to write
            raise NotRegular("not a regular file") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular("not a regular file")
    return fd


def read_bounded(path: Path, limit: int) -> bytes:
    """A regular file's bytes; raises NotRegular, or ValueError when it holds more than limit."""
    with os.fdopen(open_regular(path, os.O_RDONLY), "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(f"larger than {limit:,} bytes")
    return raw


class Entry(NamedTuple):
    """What the cache knows of one file."""

    key: StatKey
    sha: str  # hex SHA-256 of the text
    facts: Facts | None  # a valid program
    problem: tuple[str, str] | None  # (field, message) of an invalid one
    where: Where | None  # its data line in data.jsonl


def good_where(where: Any, end: int) -> bool:
    """A data location as `_write_index` writes it, within the data file's recorded length."""
    if type(where) is not list or len(where) != 3:
        return False
    offset, length, digest = where
    return (
        type(offset) is int
        and type(length) is int
        and offset >= 0
        and 0 < length <= MAX_LINE
        and offset + length <= end
        and type(digest) is str
        and len(digest) == 32
    )


def _size(folder: Path) -> int:
    return sum(st.st_size for st in (os.lstat(f) for f in folder.iterdir()) if stat.S_ISREG(st.st_mode))


# Only folders of this layout are ever counted or deleted: MMEVAL_CACHE_DIR may name a folder
# that holds other things too.
_VERSION_DIR = re.compile(r"^[0-9A-Za-z.+_-]+-f\d+-[0-9a-f]+$")

_ENTRY_DIR = re.compile(r"^[0-9a-f]{24}$")

_OURS = {INDEX, DATA, LOCK}


def _entries() -> list[Path]:
    """Every catalog entry folder in the cache: our names, holding only our files."""
    found = []
    for version in root().iterdir():
        if not (_VERSION_DIR.match(version.name) and version.is_dir() and not version.is_symlink()):
            continue
        for f in version.iterdir():
            ours = _ENTRY_DIR.match(f.name) and f.is_dir() and not f.is_symlink()
            if ours and all(x.name in _OURS or x.name.endswith(".tmp") for x in f.iterdir()):
                found.append(f)
    return found


def evict(*, keep: Path, limit: float | None = None) -> list[Path]:
    """Delete the least recently used folders' entries until the cache fits `limit` bytes."""
    import shutil

    limit = max_bytes() if limit is None else limit
    folders = _entries()
    sizes = {f: _size(f) for f in folders}
    total = sum(sizes.values())
    if total <= limit:
        return []

    def used(f: Path) -> int:
        try:
            return (f / INDEX).stat().st_mtime_ns
        except OSError:
            return 0

    gone = []
    for f in sorted(folders, key=used):
        if total <= limit:
            break
        if f == keep:
            continue
        shutil.rmtree(f, ignore_errors=True)
        total -= sizes[f]
        gone.append(f)
    return gone


def parse_index(raw: bytes, folder: str) -> tuple[dict[str, Entry], int, Any]:
    """The entries of an index file, when it was written by this version for `folder` and its
    checksum, types and data locations hold; raises ValueError (or TypeError, KeyError, BadFacts)
    otherwise."""
    head_line, _, body = raw.partition(b"\n")
    head = json.loads(head_line)
    if type(head) is not dict:
        raise ValueError("no header")
    if head.get("format") != FORMAT or head.get("version") != __version__:
        raise ValueError("written by another version")
    if head.get("folder") != folder:
        raise ValueError("written for another folder")
    if hashlib.blake2b(body, digest_size=16).hexdigest() != head.get("checksum"):
        raise ValueError("checksum mismatch")
    written = head.get("written_ns")
    if type(written) is not int:
        raise ValueError("no write time")
    data = head.get("data")
    end = data[2] if type(data) is list and len(data) == 3 and type(data[2]) is int else 0
    files = json.loads(body)
    if type(files) is not dict:
        raise ValueError("no file list")
    entries = {}
    for name, row in files.items():
        key, sha, facts, problem, where = row
        if type(key) is not list or len(key) != 5 or any(type(x) is not int for x in key):
            raise ValueError(f"bad stat key for {name}")
        if type(sha) is not str or len(sha) != 64:
            raise ValueError(f"bad hash for {name}")
        if (facts is None) == (problem is None):
            raise ValueError(f"bad entry for {name}")
        if problem is not None and (
            type(problem) is not list or len(problem) != 2 or any(type(x) is not str for x in problem)
        ):
            raise ValueError(f"bad problem for {name}")
        if facts is not None and not good_where(where, end):
            raise ValueError(f"bad data location for {name}")
        entries[name] = Entry(
            tuple(key),
            sha,
            from_data(facts) if facts is not None else None,
            (problem[0], problem[1]) if problem is not None else None,
            (where[0], where[1], where[2]) if facts is not None else None,
        )
    return entries, written, data


def index_body(entries: dict[str, Entry]) -> bytes:
    """The index's file list as written: per file name, its stat key, hash, facts or problem, and
    where its data line is."""
    files = {
        name: [list(e.key), e.sha, to_data(e.facts) if e.facts else None, e.problem, e.where]
        for name, e in entries.items()
    }
    # surrogatepass: a file name that is not UTF-8 keeps its lone surrogate, and json.loads of
    # bytes reads it back the same way
    body = json.dumps(files, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return body.encode("utf-8", "surrogatepass")
