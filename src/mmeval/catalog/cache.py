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
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mmeval import __version__
from mmeval.catalog.cache_disk import (
    DATA,
    FORMAT,
    INDEX,
    INDEX_PER_FILE,
    LOCK,
    Entry,
    NotRegular,
    Where,
    _digest,
    code_key,
    evict,
    index_body,
    line_digest,
    open_regular,
    parse_index,
    read_bounded,
    root,
    stat_key,
)
from mmeval.decision.facts import BadFacts

RACY_NS = 2_000_000_000  # a file changed this close to the index write is hashed again

Warn = Callable[[str], None]


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
            raw = read_bounded(path, self.limit)
        except FileNotFoundError:
            return
        except (NotRegular, ValueError) as err:
            self._damaged(path, str(err))
            return
        except OSError:
            return  # unreadable: run without it, quietly
        try:
            self.entries, self.written_ns, data = parse_index(raw, self.folder)
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
        raw = index_body(entries)
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
