"""CACHE: validated catalogs kept between runs (docs/performance.md says why and what it costs).

For each catalog folder, the user cache folder (platformdirs; MMEVAL_CACHE_DIR overrides it)
holds, under a folder named for this mmeval version and cache format:
  index.json   a header line (format, version, folder, checksum of the next line, when written,
               and which data.jsonl it describes: device, inode, length) and one line of JSON:
               per file name, its size, mtime, ctime, inode and device, the SHA-256 of its text,
               and either the program's Facts (facts.py) with where its validated data sits in
               data.jsonl (offset, length, BLAKE2 of the line), or the first problem that made
               it invalid.
  data.jsonl   each valid program as `Program.model_dump(mode="json")`, one per line; read back
               (domain.hydrate) only for the rows that are shown, compared or explained, and only
               when the line's BLAKE2 is the one in the index.

A file's entry is used only when everything in its stat key is unchanged; a file changed within
two seconds of the index being written is hashed again (its timestamps could hide an edit, as git
does it). The cache is data (JSON), never pickle: it is checked (checksum, types, every data line
by its own hash) and a damaged one is ignored with one warning and rebuilt. Its files are opened
only when they are regular files (never a FIFO, a device or a link), and read within bounds. An
unwritable cache folder means running without it. The whole cache is kept under max_bytes() by
evicting the least recently used folders' entries.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mmeval import __version__
from mmeval.decision.facts import BadFacts, Facts, from_data, to_data

FORMAT = 2  # bump when the layout or the Facts fields change
MAX_BYTES = 512 * 1024 * 1024  # the whole cache; MMEVAL_CACHE_MAX_MB overrides it
RACY_NS = 2_000_000_000  # a file changed this close to the index write is hashed again
INDEX = "index.json"
DATA = "data.jsonl"
LOCK = ".lock"
# Bounds on what is read back: an index entry is ~0.7 KB, a program's data line ~8.5 KB (a
# program file is at most 1 MiB: reader.MAX_BYTES), so anything beyond these is not ours.
INDEX_PER_FILE = 64 * 1024
MAX_LINE = 8 * 1024 * 1024

Warn = Callable[[str], None]


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


def _read_bounded(path: Path, limit: int) -> bytes:
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


class Store:
    """One catalog folder's cache: read on open, written (atomically) between `start` and `finish`."""

    def __init__(self, folder: Path, warn: Warn, *, files: int = 0) -> None:
        self.folder = str(folder)
        # fsencode: a folder name need not be UTF-8 (byte 0xE9 is a lone surrogate in the str)
        self.dir = root() / f"{__version__}-f{FORMAT}-{code_key()}" / _digest(os.fsencode(folder))[:24]
        self.warn = warn
        self.limit = (files + 16) * INDEX_PER_FILE  # the largest index read back or written
        self.entries: dict[str, Entry] = {}
        self.written_ns = 0  # when the run that wrote the index began: see `lookup`
        self.started_ns = time.time_ns()  # before this run looks at any file
        self.data_id: tuple[int, int] | None = None  # (device, inode) of the data file the index describes
        self.fresh_data = False  # the data file is damaged or gone: the next write starts a new one
        self._index_id: tuple[int, int] | None = None  # the index this run read
        self._distrusted = False
        self._lock: int | None = None
        self._load()

    # --- reading -----------------------------------------------------------------------------

    def _load(self) -> None:
        path = self.dir / INDEX
        try:
            raw = _read_bounded(path, self.limit)
        except FileNotFoundError:
            return
        except (NotRegular, ValueError) as err:
            self._damaged(path, str(err))
            return
        except OSError:
            return  # unreadable: run without it, quietly
        try:
            self.entries, self.written_ns, data = self._parse(raw)
        except (ValueError, TypeError, KeyError, IndexError, RecursionError, BadFacts) as err:
            self.entries = {}
            plain = isinstance(err, json.JSONDecodeError | UnicodeDecodeError | RecursionError)
            self._damaged(path, "not valid JSON" if plain else str(err))
            return
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used is evicted first
            st = os.lstat(path)
            self._index_id = (st.st_dev, st.st_ino)
        if any(e.where is not None for e in self.entries.values()):
            self._check_data(data)
        with contextlib.suppress(OSError):  # a run killed while writing left its temporary file
            if any(n.endswith(".tmp") for n in os.listdir(self.dir)) and self._take_lock():
                try:
                    self._clean()
                finally:
                    self.abort()

    def _damaged(self, path: Path, why: str) -> None:
        self.warn(f"ignoring the damaged catalog cache {path} ({why}); it is rebuilt")

    def _check_data(self, data: Any) -> None:
        """The data file must be the one the index was written with, at least as long: else
        (deleted, replaced, truncated, not a regular file) its programs are read again."""
        path = self.dir / DATA
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            why = "missing"
        except OSError as err:
            why = f"cannot be read: {err.strerror}"
        else:
            if not stat.S_ISREG(st.st_mode):
                why = "not a regular file"
            elif type(data) is not list or len(data) != 3 or [st.st_dev, st.st_ino] != data[:2]:
                why = "replaced since its index was written"
            elif st.st_size < data[2]:
                why = "shorter than its index says"
            else:
                self.data_id = (st.st_dev, st.st_ino)
                return
        self._damaged(path, why)
        self.entries = {n: e for n, e in self.entries.items() if e.where is None}
        self.fresh_data = True

    def _parse(self, raw: bytes) -> tuple[dict[str, Entry], int, Any]:
        head_line, _, body = raw.partition(b"\n")
        head = json.loads(head_line)
        if type(head) is not dict:
            raise ValueError("no header")
        if head.get("format") != FORMAT or head.get("version") != __version__:
            raise ValueError("written by another version")
        if head.get("folder") != self.folder:
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
            if facts is not None and not _good_where(where, end):
                raise ValueError(f"bad data location for {name}")
            entries[name] = Entry(
                tuple(key),
                sha,
                from_data(facts) if facts is not None else None,
                (problem[0], problem[1]) if problem is not None else None,
                (where[0], where[1], where[2]) if facts is not None else None,
            )
        return entries, written, data

    def lookup(self, name: str, st: os.stat_result, path: str) -> Entry | None:
        """The file's entry when it is certainly unchanged, else None.

        An entry records the file as the run that wrote it saw it, and that run began at
        `written_ns`. A file changed less than RACY_NS before (or any time after) that moment
        could have been changed again within one tick of its timestamps, after it was read: its
        text is hashed again. ctime cannot be set back (unlike mtime), so it bounds the change."""
        entry = self.entries.get(name)
        if entry is None or entry.key != stat_key(st):
            return None
        if max(st.st_mtime_ns, st.st_ctime_ns) >= self.written_ns - RACY_NS:
            try:
                with open(path, "rb") as fh:
                    text = fh.read(entry.key[0] + 1)
            except OSError:
                return None
            if hashlib.sha256(text).hexdigest() != entry.sha:
                return None
        return entry

    def read_data(self, where: Where) -> dict[str, Any] | None:
        """One program's validated data, proven by its line's hash; None when it cannot be
        (the caller reads the program's file). A line that fails its hash distrusts the data file."""
        if self._distrusted or self.data_id is None:
            return None
        offset, length, digest = where
        try:
            with os.fdopen(open_regular(self.dir / DATA, os.O_RDONLY), "rb") as fh:
                st = os.fstat(fh.fileno())
                if (st.st_dev, st.st_ino) != self.data_id:
                    return None  # another run rewrote it since: not damage, just not ours to read
                fh.seek(offset)
                line = fh.read(length)
        except OSError:
            return None
        if line_digest(line) != digest:
            self.distrust("a program's data does not match its checksum")
            return None
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):  # hashed by someone who knew how: still not ours
            data = None
        if type(data) is not dict:
            self.distrust("a program's data is not a JSON object")
            return None
        return data

    def distrust(self, why: str) -> None:
        """Stop reading data lines (once, with one warning) and remove the index this run read,
        so the next run rebuilds the cache instead of meeting the same damage."""
        if self._distrusted:
            return
        self._distrusted = True
        path = self.dir / INDEX
        data = self.dir / DATA
        self.warn(
            f"ignoring the damaged catalog cache {data} ({why}); reading the program files, and it is rebuilt"
        )
        with contextlib.suppress(OSError):
            st = os.lstat(path)
            if (st.st_dev, st.st_ino) == self._index_id:  # not one another run has written since
                os.unlink(path)

    # --- writing -----------------------------------------------------------------------------

    def start(self) -> bool:
        """Open the cache for writing: an exclusive lock (without waiting), stale temporary files
        removed, and the data file ready for appending (a new one if it is damaged or no entry
        uses it; compacted if it is mostly dead lines). False when it cannot be written (another
        mmeval is writing it, or the folder is read-only): the run goes on without writing, quietly."""
        if not self._take_lock():
            return False
        try:
            self._clean()
            if self.fresh_data or not any(e.where is not None for e in self.entries.values()):
                self._new_data()
            else:
                self._compact()
        except OSError:
            self.abort()
            return False
        return True

    def _take_lock(self) -> bool:
        """The exclusive lock on this entry, without waiting; False when another run holds it."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            lock = self._open_lock()
        except OSError:
            return False
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX: one writer is assumed
            pass
        except OSError:
            os.close(lock)
            return False
        self._lock = lock
        return True

    def _open_lock(self) -> int:
        """The lock file, opened to write; anything but a regular file there is replaced."""
        path = self.dir / LOCK
        try:
            return open_regular(path, os.O_WRONLY | os.O_CREAT)
        except NotRegular:
            os.unlink(path)  # a FIFO or a link where our lock belongs: never one of ours
        return open_regular(path, os.O_WRONLY | os.O_CREAT)

    def _clean(self) -> None:
        """Remove the temporary files of runs killed while writing (only a lock holder writes them)."""
        for name in os.listdir(self.dir):
            if name.startswith(".") and name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.unlink(self.dir / name)

    def _new_data(self) -> None:
        """An empty data file in place of the old one (whatever that was: rename never opens it)."""
        tmp = self.dir / f".{DATA}.{os.getpid()}.tmp"
        try:
            os.close(open_regular(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
            os.replace(tmp, self.dir / DATA)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self.entries = {n: e for n, e in self.entries.items() if e.where is None}
        self.fresh_data = False

    def data_file(self) -> str:
        """Where new programs' data lines are appended (by `catalog.parse_files`, O_APPEND)."""
        return str(self.dir / DATA)

    def finish(self, entries: dict[str, Entry]) -> bool:
        """Write the index for `entries`, release the lock, keep the cache within its bound."""
        try:
            self._write_index(entries)
        except OSError:
            return False
        finally:
            self.abort()
        self.entries = entries
        with contextlib.suppress(OSError):
            evict(keep=self.dir)
        return True

    def abort(self) -> None:
        """Stop writing (the index on disk stays as it was: appended lines are never referenced)."""
        if self._lock is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock)
        self._lock = None

    def _compact(self) -> None:
        """Copy the live lines to a new data file when dead ones (replaced programs) outweigh them."""
        data = self.dir / DATA
        size = os.lstat(data).st_size
        live = sum(e.where[1] + 1 for e in self.entries.values() if e.where is not None)
        if size - live <= max(live, 1 << 20):
            return
        tmp = self.dir / f".{DATA}.{os.getpid()}.tmp"
        out = dict(self.entries)
        try:
            src_fd = open_regular(data, os.O_RDONLY)
            dst_fd = open_regular(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            with os.fdopen(src_fd, "rb") as src, os.fdopen(dst_fd, "wb") as dst:
                offset = 0
                for name, e in self.entries.items():
                    if e.where is None:
                        continue
                    src.seek(e.where[0])
                    line = src.read(e.where[1])
                    dst.write(line + b"\n")
                    out[name] = e._replace(where=(offset, len(line), e.where[2]))
                    offset += len(line) + 1
            os.replace(tmp, data)
            self._write_index(out)  # the old offsets are gone: say where the lines are now
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self.entries = out

    def _write_index(self, entries: dict[str, Entry]) -> None:
        files = {
            name: [list(e.key), e.sha, to_data(e.facts) if e.facts else None, e.problem, e.where]
            for name, e in entries.items()
        }
        # surrogatepass: a file name that is not UTF-8 keeps its lone surrogate, and json.loads
        # of bytes reads it back the same way
        body = json.dumps(files, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        raw = body.encode("utf-8", "surrogatepass")
        index = self.dir / INDEX
        if len(raw) > self.limit - 4096:  # would not be read back: no index rather than a useless one
            with contextlib.suppress(FileNotFoundError):
                index.unlink()
            return
        try:
            st = os.lstat(self.dir / DATA)
            data = [st.st_dev, st.st_ino, st.st_size] if stat.S_ISREG(st.st_mode) else None
        except FileNotFoundError:
            data = None
        self.written_ns = self.started_ns
        head = {
            "format": FORMAT,
            "version": __version__,
            "folder": self.folder,
            "checksum": hashlib.blake2b(raw, digest_size=16).hexdigest(),
            "written_ns": self.written_ns,
            "data": data,
        }
        tmp = self.dir / f".{INDEX}.{os.getpid()}.tmp"
        try:
            with os.fdopen(open_regular(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "wb") as fh:
                fh.write(json.dumps(head).encode() + b"\n" + raw)
            os.replace(tmp, index)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        written = os.lstat(index)
        self._index_id = (written.st_dev, written.st_ino)  # what `distrust` may remove
        if data is not None:
            self.data_id = (data[0], data[1])


def _good_where(where: Any, end: int) -> bool:
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
