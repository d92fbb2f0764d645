"""LOAD: find the catalog, read its program files (in worker processes for a large first run, from
the cache after), and filter what was loaded."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from mmeval.decision.facts import Facts, program_facts
from mmeval.errors import CatalogInvalid, CatalogNotFound, Problem, ProgramNotFound

if TYPE_CHECKING:
    from mmeval.catalog.cache import Store
    from mmeval.catalog.cache_disk import Entry, StatKey, Where
    from mmeval.program.schema import Program

from mmeval.program.validate import parse_program, read_program, shown, toml_files

Warn = Callable[[str], None]


def shipped_catalog() -> Traversable:
    """The catalog inside the installed package, or the repo's programs/ in a source checkout."""
    packaged = resources.files("mmeval") / "programs"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "programs"


class Catalog:
    """Every valid program's facts by ID (file order), the files skipped as invalid, a digest of
    the inputs, and whole programs on demand (`get`), read once each and kept."""

    def __init__(
        self,
        facts: dict[str, Facts],
        skipped: list[Problem],
        digest: str,
        location: str,
        read: Callable[[str], Program],
    ) -> None:
        self.facts = facts
        self.skipped = skipped
        self.digest = digest
        self.location = location
        self._read = read
        self._programs: dict[str, Program] = {}

    def get(self, program_id: str) -> Program:
        """The program with exactly this ID; raises ProgramNotFound with the closest IDs."""
        if program_id in self._programs:
            return self._programs[program_id]
        if program_id not in self.facts:
            close = self.suggest(program_id)
            hint = f"Did you mean: {', '.join(close)}?" if close else "Run `mmeval list` to see IDs."
            raise ProgramNotFound(f"no program with ID '{program_id}'", hint=hint)
        program = self._programs[program_id] = self._read(program_id)
        return program

    def suggest(self, query: str, n: int = 3) -> list[str]:
        """IDs for what someone typed: an ID containing it ("scm" -> mitx-scm), then programs whose
        ID, name, university and subjects hold most of its words ("MITx Supply Chain" -> mitx-scm),
        then the most similar IDs."""
        import difflib
        import re

        ids = list(self.facts)
        close = [p for p in ids if query.lower() in p]
        said = re.findall(r"[a-z0-9]+", query.lower())
        if len(said) > 1 or not close:
            hits: dict[str, int] = {}
            for pid, f in self.facts.items():
                named = set(re.findall(r"[a-z0-9]+", f"{pid} {f.name}".lower()))
                other = set(re.findall(r"[a-z0-9]+", " ".join((f.university, *f.subjects)).lower()))
                hits[pid] = sum(2 if w in named else w in other for w in said)
            best = max(hits.values(), default=0)
            if best > len(said):  # most of the words, in the name or ID
                close += [p for p in ids if hits[p] == best and p not in close]
        if not close:
            close = difflib.get_close_matches(query, ids, n=n, cutoff=0)
        return close[:n]

    @property
    def programs(self) -> dict[str, Program]:
        """Every program by ID (each read in full: for the few commands that show them all)."""
        return {pid: self.get(pid) for pid in self.facts}

    def __iter__(self) -> Iterator[Program]:
        return (self.get(pid) for pid in self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def resolve_catalog(catalog: Path | None) -> Traversable:
    """The folder to load: --catalog, else MMEVAL_CATALOG, else the shipped catalog."""
    if catalog is None and os.environ.get("MMEVAL_CATALOG"):
        catalog = Path(os.environ["MMEVAL_CATALOG"])
    if catalog is None:
        return shipped_catalog()
    hint = "pass --catalog DIR (or set MMEVAL_CATALOG) to a folder of program .toml files"
    try:
        if not catalog.exists():
            raise CatalogNotFound(f"catalog folder '{catalog}' does not exist", hint=hint)
        if not catalog.is_dir():
            raise CatalogNotFound(f"catalog '{catalog}' is not a folder", hint=hint)
    except OSError as err:  # e.g. a name too long for the file system
        raise CatalogNotFound(f"cannot read catalog folder '{catalog}': {err.strerror}", hint=hint) from None
    return catalog


class Parsed(NamedTuple):
    """One file read, parsed and validated (in a worker process when there are many)."""

    name: str
    sha: bytes  # SHA-256 of the text (of the reason, when it could not be read)
    facts: Facts | None
    problem: Problem | None
    data: bytes | None  # the validated program as JSON, when it was not written to the cache
    where: tuple[int, int, str] | None  # (offset, length, hash) of that JSON in the cache's data file
    readable: bool  # False: not a regular UTF-8 file within the limits (never cached)


def parse_file(path: Path) -> Parsed:
    """Read (safely), parse and validate one program file, and take its facts."""
    from mmeval import reader  # the TOML parser: loaded only when a file is read

    try:
        text = reader.read_text(path)
    except reader.Unreadable as err:
        reason = hashlib.sha256(err.reason.encode()).digest()
        return Parsed(path.name, reason, None, Problem(path, "", err.reason), None, None, False)
    sha = hashlib.sha256(text.encode("utf-8")).digest()
    try:
        program = parse_program(path, text)
    except CatalogInvalid as err:
        return Parsed(path.name, sha, None, err.problems[0], None, None, True)
    data = program.model_dump_json().encode()
    return Parsed(path.name, sha, program_facts(program), None, data, None, True)


def _parse_chunk(paths: list[Path], data_file: str | None = None) -> list[Parsed]:
    """parse_file for each path; with `data_file`, the valid programs' JSON is appended to it in
    one write (O_APPEND: writers never interleave) and each result says where its line is and
    the line's hash (the cache proves each line by it when it reads it back)."""
    from mmeval.catalog import cache_disk

    done = [parse_file(p) for p in paths]
    lines = [p.data for p in done if p.data is not None and len(p.data) <= cache_disk.MAX_LINE]
    if data_file is None or not lines:
        return done
    blob = b"\n".join(lines) + b"\n"
    try:
        fd = cache_disk.open_regular(data_file, os.O_WRONLY | os.O_APPEND)  # never a FIFO or a link
        try:
            if os.write(fd, blob) != len(blob):
                return done  # short write (disk full): the lines stay in memory, unreferenced there
            start = os.lseek(fd, 0, os.SEEK_CUR) - len(blob)
        finally:
            os.close(fd)
    except OSError:
        return done
    out = []
    for p in done:
        if p.data is None or len(p.data) > cache_disk.MAX_LINE:
            out.append(p)
            continue
        out.append(p._replace(data=None, where=(start, len(p.data), cache_disk.line_digest(p.data))))
        start += len(p.data) + 1
    return out


PARALLEL_FROM = 200  # files to parse before worker processes pay for themselves


def parse_files(
    paths: list[Path], data_file: str | None = None, warn: Warn | None = None
) -> Iterator[Parsed]:
    """parse_file for each path, in order; on several cores, many files go to worker processes,
    which also write the validated data to the cache (`data_file`), so it never passes through
    this process. Where workers cannot start, or one dies, the files it had not answered are
    read here (a dead worker is said once through `warn`)."""
    import functools
    import sys

    workers = min(os.cpu_count() or 1, 8)
    work = functools.partial(_parse_chunk, data_file=data_file)
    if len(paths) < PARALLEL_FROM or workers < 2 or sys.platform != "linux":
        yield from work(paths)
        return
    from mmeval import reader
    from mmeval.catalog import pool

    reader.parser()
    size = max(25, len(paths) // (workers * 32))  # small chunks: no long tail on one core
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    done = 0
    answers = pool.imap(work, chunks, workers, initializer=_worker_signals)
    try:
        for chunk in answers:
            yield from chunk
            done += 1
    except pool.Unavailable:  # no processes here (a limit, a sandbox): one is enough
        pass
    except pool.Died as err:
        if warn is not None:
            warn(f"a worker process reading the catalog stopped ({err}); reading the rest in this one")
    finally:
        answers.close()  # however this ends, no worker outlives it
    for rest in chunks[done:]:
        yield from work(rest)


def _worker_signals() -> None:
    """Ctrl-C and SIGTERM are the parent's to handle (one message, exit 130 or 143)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _no_warning(message: str) -> None:
    pass


def load_catalog(catalog: Path | None = None, *, cache: bool = True, warn: Warn = _no_warning) -> Catalog:
    """Load every valid program in the catalog folder; unreadable or invalid files are skipped and listed.

    With `cache` (and MMEVAL_NO_CACHE unset), files unchanged since the last run are not read
    again: their facts, problems and digests come from the catalog cache (cache.py).
    """
    from mmeval.catalog import cache as cache_mod
    from mmeval.catalog import cache_disk

    folder = resolve_catalog(catalog)
    names, base = _program_names(folder)
    store = None
    if cache and not cache_disk.disabled() and isinstance(folder, Path):
        store = cache_mod.Store(folder.resolve(), warn, files=len(names))
    run = _Run(names, base, store)
    run.look_up()
    run.parse(warn)
    return run.catalog(str(folder))


def _program_names(folder: Traversable) -> tuple[list[str], Path]:
    """The program file names in the folder (sorted) and the folder as a path; CatalogNotFound
    when it cannot be read or holds none."""
    try:
        if isinstance(folder, Path):  # names only: 10,000 Path objects cost more than the stats
            names = sorted(n for n in os.listdir(folder) if n.endswith(".toml") and not n.startswith("."))
        else:  # a packaged catalog that is not a folder on disk (e.g. inside a zip)
            names = [f.name for f in toml_files(folder)]
    except OSError as err:
        raise CatalogNotFound(f"cannot read catalog folder '{shown(str(folder))}': {err.strerror}") from None
    base = folder if isinstance(folder, Path) else Path(str(folder))
    if not names:
        raise CatalogNotFound(
            f"catalog folder '{shown(base)}' holds no program files (*.toml)",
            hint="pass --catalog DIR (or set MMEVAL_CATALOG) to a folder of program .toml files",
        )
    return names, base


class _Run:
    """One load: which files the cache answers, which are parsed, and what is kept."""

    def __init__(self, names: list[str], base: Path, store: Store | None) -> None:
        self.names, self.base, self.store = names, base, store
        self.entries: dict[str, Entry] = {}
        self.results: dict[str, Parsed | Entry] = {}
        self.todo: list[Path] = []
        self.keys: dict[str, StatKey] = {}
        self.memory: dict[str, bytes] = {}  # validated data of programs the cache does not hold

    def look_up(self) -> None:
        """Each file's stat against the cache: a hit is answered, the rest are to parse."""
        from mmeval.catalog import cache_disk

        folder_text = str(self.base)
        for name in self.names:
            full = os.path.join(folder_text, name)
            try:
                st = os.stat(full)
            except OSError:
                self.todo.append(self.base / name)  # the reader says what is wrong with it
                continue
            self.keys[name] = cache_disk.stat_key(st)
            hit = self.store.lookup(name, st, full) if self.store else None
            if hit is not None:
                self.results[name] = self.entries[name] = hit
            else:
                self.todo.append(self.base / name)

    def parse(self, warn: Warn) -> None:
        """Parse the files the cache did not answer, and write what they hold to the cache."""
        from mmeval.catalog import cache_disk

        store, writer = self.store, None  # the store, while this run writes to it
        if store is not None and (self.todo or set(store.entries) - set(self.entries)) and store.start():
            writer = store
            self.entries = {name: store.entries[name] for name in self.entries}  # start() may have compacted
        for parsed in parse_files(self.todo, writer.data_file() if writer is not None else None, warn):
            self.results[parsed.name] = parsed
            if parsed.data is not None:
                self.memory[parsed.name] = parsed.data
            key = self.keys.get(parsed.name)
            # a valid program whose data line was not written (no cache writer, a short write) is
            # not cached: its entry would point nowhere
            unplaced = parsed.facts is not None and parsed.where is None
            if store is not None and parsed.readable and key is not None and not unplaced:
                said = (parsed.problem.field, parsed.problem.message) if parsed.problem else None
                self.entries[parsed.name] = cache_disk.Entry(
                    key, parsed.sha.hex(), parsed.facts, said, parsed.where
                )
        if writer is not None:
            writer.finish(self.entries)

    def catalog(self, folder: str) -> Catalog:
        """The programs' facts, the files skipped with their problem, the catalog's digest, and a
        way to read one whole program (from memory, the cache, or its file)."""
        facts: dict[str, Facts] = {}
        skipped: list[Problem] = []
        digest = hashlib.sha256()
        kept: dict[str, bytes] = {}  # by program ID
        located: dict[str, Where] = {}
        for name in self.names:
            got = self.results[name]
            sha = got.sha if isinstance(got, Parsed) else bytes.fromhex(got.sha)
            digest.update(os.fsencode(name) + b"\0" + sha)  # a name need not be UTF-8
            if got.problem is not None:
                problem = got.problem
                skipped.append(
                    problem if isinstance(problem, Problem) else Problem(self.base / name, *problem)
                )
                continue
            assert got.facts is not None
            pid = got.facts.id
            facts[pid] = got.facts
            if name in self.memory:
                kept[pid] = self.memory[name]
            else:  # written to the cache by this run, or a hit (whose line compaction may have moved)
                where = got.where if isinstance(got, Parsed) else self.entries[name].where
                assert where is not None
                located[pid] = where
        store, base = self.store, self.base

        def read(program_id: str) -> Program:
            from mmeval.program.methods import hydrate

            if program_id in kept:
                return hydrate(json.loads(kept[program_id]))
            assert store is not None
            data = store.read_data(located[program_id])  # None: damaged (said once) or rewritten since
            if data is not None:
                try:
                    if data.get("id") == program_id:
                        return hydrate(data)
                except (KeyError, TypeError, ValueError, AttributeError):
                    pass
                store.distrust(f"the data cached for {program_id} is not a program")
            return read_program(base / f"{program_id}.toml")

        return Catalog(facts, skipped, digest.hexdigest()[:16], folder, read)
