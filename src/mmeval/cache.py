"""CACHE: validated catalogs kept between runs (docs/performance.md says why and what it costs).

For each catalog folder, the user cache folder (platformdirs; MMEVAL_CACHE_DIR overrides it)
holds, under a folder named for this mmeval version and cache format:
  index.json   a header line (format, version, folder, checksum of the next line, when written)
               and one line of JSON: per file name, its size, mtime, ctime, inode and device,
               the SHA-256 of its text, and either the program's Facts (facts.py) with where
               its validated data sits in data.jsonl, or the first problem that made it invalid.
  data.jsonl   each valid program as `Program.model_dump(mode="json")`, one per line; read back
               (domain.hydrate) only for the rows that are shown, compared or explained.

A file's entry is used only when everything in its stat key is unchanged; a file changed within
two seconds of the index being written is hashed again (its timestamps could hide an edit, as git
does it). The cache is data (JSON), never pickle: it is checked (checksum, types) and a damaged one
is ignored with a warning and rebuilt. An unwritable cache folder means running without it. The
whole cache is kept under MAX_BYTES by evicting the least recently used folders' entries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, NamedTuple

from mmeval import __version__
from mmeval.decision.facts import BadFacts, Facts, from_data, to_data

FORMAT = 1  # bump when the layout or the Facts fields change
MAX_BYTES = 512 * 1024 * 1024  # the whole cache; MMEVAL_CACHE_MAX_MB overrides it
RACY_NS = 2_000_000_000  # a file changed this close to the index write is hashed again
INDEX = "index.json"
DATA = "data.jsonl"

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
    "catalog.py",
    "domain.py",
    "effort.py",
    "decision/bounds.py",
    "decision/criteria.py",
    "decision/facts.py",
    "models.py",
    "reader.py",
    "source_kinds.py",
    "vocabulary.py",
    "data/source-domains.toml",
)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def code_key(here: Path = Path(__file__).parent) -> str:
    """A short digest of the modules in CODE (the version alone when they cannot be read)."""
    h = hashlib.sha256()
    for name in CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # e.g. installed inside a zip: the version still separates caches
            return "0"
    return h.hexdigest()[:12]


StatKey = tuple[int, int, int, int, int]


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class Entry(NamedTuple):
    """What the cache knows of one file."""

    key: StatKey
    sha: str  # hex SHA-256 of the text
    facts: Facts | None  # a valid program
    problem: tuple[str, str] | None  # (field, message) of an invalid one
    where: tuple[int, int] | None  # (offset, length) of its data in data.jsonl


class Store:
    """One catalog folder's cache: read on open, written (atomically) on `save`."""

    def __init__(self, folder: Path, warn: Warn) -> None:
        self.folder = str(folder)
        # fsencode: a folder name need not be UTF-8 (byte 0xE9 is a lone surrogate in the str)
        self.dir = root() / f"{__version__}-f{FORMAT}-{code_key()}" / _digest(os.fsencode(folder))[:24]
        self.warn = warn
        self.entries: dict[str, Entry] = {}
        self.written_ns = 0  # when the run that wrote the index began: see `lookup`
        self.started_ns = time.time_ns()  # before this run looks at any file
        self._load()

    # --- reading -----------------------------------------------------------------------------

    def _load(self) -> None:
        path = self.dir / INDEX
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return
        except OSError:
            return  # unreadable: run without it, quietly
        try:
            self.entries, self.written_ns = self._parse(raw)
        except (ValueError, TypeError, KeyError, IndexError, BadFacts) as err:
            self.entries = {}
            why = "not valid JSON" if isinstance(err, json.JSONDecodeError | UnicodeDecodeError) else str(err)
            self.warn(f"ignoring the damaged catalog cache {path} ({why}); it is rebuilt")
            return
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used is evicted first

    def _parse(self, raw: bytes) -> tuple[dict[str, Entry], int]:
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
            if facts is not None and (
                type(where) is not list or len(where) != 2 or any(type(x) is not int or x < 0 for x in where)
            ):
                raise ValueError(f"bad data location for {name}")
            entries[name] = Entry(
                tuple(key),
                sha,
                from_data(facts) if facts is not None else None,
                (problem[0], problem[1]) if problem is not None else None,
                (where[0], where[1]) if facts is not None else None,
            )
        return entries, written

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
                    text = fh.read()
            except OSError:
                return None
            if hashlib.sha256(text).hexdigest() != entry.sha:
                return None
        return entry

    def read_data(self, where: tuple[int, int]) -> dict[str, Any] | None:
        """One program's validated data, or None when the data file is damaged or gone."""
        offset, length = where
        try:
            with open(self.dir / DATA, "rb") as fh:
                fh.seek(offset)
                data = json.loads(fh.read(length))
        except (OSError, ValueError):
            return None
        return data if type(data) is dict else None

    # --- writing -----------------------------------------------------------------------------

    def start(self) -> bool:
        """Open the cache for writing: an exclusive lock (without waiting) and the data file for
        appending, after compacting it if it is mostly dead lines. False when it cannot be
        written (another mmeval is writing it, or the folder is read-only): the run goes on
        without writing, quietly."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            lock = open(self.dir / ".lock", "a")  # noqa: SIM115 - held until finish()
        except OSError:
            return False
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - not POSIX: one writer is assumed
            pass
        except OSError:
            lock.close()
            return False
        self._lock: IO[str] | None = lock
        try:
            self._compact()
            (self.dir / DATA).touch()
        except OSError:
            self.abort()
            return False
        return True

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
        lock = getattr(self, "_lock", None)
        if lock is not None:
            with contextlib.suppress(OSError):
                lock.close()
        self._lock = None

    def _compact(self) -> None:
        """Copy the live lines to a new data file when dead ones (replaced programs) outweigh them."""
        data = self.dir / DATA
        try:
            size = data.stat().st_size
        except FileNotFoundError:
            return
        live = sum(e.where[1] + 1 for e in self.entries.values() if e.where is not None)
        if size - live <= max(live, 1 << 20):
            return
        tmp = self.dir / f".{DATA}.{os.getpid()}.tmp"
        out = dict(self.entries)
        try:
            with open(data, "rb") as src, open(tmp, "wb") as dst:
                offset = 0
                for name, e in self.entries.items():
                    if e.where is None:
                        continue
                    src.seek(e.where[0])
                    line = src.read(e.where[1])
                    dst.write(line + b"\n")
                    out[name] = e._replace(where=(offset, len(line)))
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
        text = json.dumps(files, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        body = text.encode("utf-8", "surrogatepass")
        self.written_ns = self.started_ns
        head = {
            "format": FORMAT,
            "version": __version__,
            "folder": self.folder,
            "checksum": hashlib.blake2b(body, digest_size=16).hexdigest(),
            "written_ns": self.written_ns,
        }
        tmp = self.dir / f".{INDEX}.{os.getpid()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                fh.write(json.dumps(head).encode() + b"\n" + body)
            os.replace(tmp, self.dir / INDEX)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())


# Only folders of this layout are ever counted or deleted: MMEVAL_CACHE_DIR may name a folder
# that holds other things too.
_VERSION_DIR = re.compile(r"^[0-9A-Za-z.+_-]+-f\d+-[0-9a-f]+$")
_ENTRY_DIR = re.compile(r"^[0-9a-f]{24}$")
_OURS = {INDEX, DATA, ".lock"}


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
