"""Hostile input: every case gets a clean answer, never a hang, a traceback or a half-written file.

One table of cases run through CliRunner (most), one run against the installed `mmeval` in a
subprocess (signals, /dev/full, closed streams, encodings), and the questionnaire through a
pseudo-terminal. Cases named `dNN-...` are the 24 defects of issue 11, in its order.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from typer.testing import CliRunner

from mmeval.cli import app
from tests.conftest import FIXTURES
from tests.timeouts import TIMEOUT, deadline

MMEVAL = Path(sys.executable).parent / "mmeval"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

PROGRAM = """\
name = "Hostile Program"
university = "Hostile University"
platform = "edX"
credential = "micromasters"
subjects = ["business"]
reviewed = 2026-01-15
"""
SOURCES = """
[[sources]]
url = "https://example.org/h"
supports = "everything"
"""


def program(top: str = "", tables: str = "") -> str:
    """A valid program file with extra top-level keys and extra tables."""
    return PROGRAM + top + SOURCES + tables


def courses(n: int, weeks: int, hours: float) -> str:
    return "".join(
        f'\n[[courses]]\ncode = "C{i}"\nweeks = {weeks}\nhours_min = {hours}\nhours_max = {hours}\n'
        for i in range(n)
    )


# --- running the CLI under a deadline -------------------------------------------------------------


def invoke(args: list[str], **kw: Any) -> Any:
    """CliRunner().invoke under the deadline."""
    with deadline(TIMEOUT):
        return CliRunner().invoke(app, args, **kw)


def flat(text: str) -> str:
    return " ".join(text.split())


def temp_files(folder: Path) -> list[Path]:
    return list(folder.rglob(".*.tmp"))


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input: files to make, the command, and what a user must see."""

    name: str
    args: tuple[str, ...]  # "{tmp}" and "{cat}" are replaced by the case's folders
    exit: int
    err: str = ""  # expected on stderr (whitespace flattened), "" = anything
    out: str | None = None  # expected on stdout
    files: dict[str, str | bytes] = field(default_factory=dict)  # name -> content, in {cat}
    setup: Callable[[Path, Path], None] | None = None  # (tmp, cat) -> None
    env: dict[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()  # files in {tmp} that must not exist afterwards
    forbid: tuple[str, ...] = ()  # must not appear in stdout or stderr
    input: str | None = None


def _link(name: str, target: str) -> Callable[[Path, Path], None]:
    def make(tmp: Path, cat: Path) -> None:
        (cat / name).symlink_to(target.format(tmp=tmp, cat=cat))

    return make


def _fifo(where: str) -> Callable[[Path, Path], None]:
    def make(tmp: Path, cat: Path) -> None:
        os.mkfifo(where.format(tmp=tmp, cat=cat))

    return make


def _folder(where: str) -> Callable[[Path, Path], None]:
    def make(tmp: Path, cat: Path) -> None:
        Path(where.format(tmp=tmp, cat=cat)).mkdir(parents=True)

    return make


def _file(where: str, text: str | bytes, mode: int | None = None) -> Callable[[Path, Path], None]:
    def make(tmp: Path, cat: Path) -> None:
        path = Path(where.format(tmp=tmp, cat=cat))
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
        if mode is not None:
            path.chmod(mode)

    return make


def _both(*steps: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
    def make(tmp: Path, cat: Path) -> None:
        for step in steps:
            step(tmp, cat)

    return make


DEEP_ARRAY = "x = " + "[" * 400 + "]" * 400 + "\n"
DEEP_TABLE = "x = " + "{ a = " * 400 + "1" + " }" * 400 + "\n"
DOTTED_KEY = ".".join(["k"] * 20_000) + " = 1\n"
ESC = "\x1b[2J\x1b]0;pwned\x07"
BIG = "# " + "x" * (2 * 1024 * 1024) + "\n"

SKIPPED = "skipped"
CASES: list[Case] = [
    # 1. special files in the catalog or named as a profile/result file
    Case(
        "d01-symlink-to-dev-zero",
        ("list",),
        0,
        "skipped {cat}/zero.toml: not a regular file (a character device)",
        out="fx-full",
        setup=_link("zero.toml", "/dev/zero"),
    ),
    Case(
        "d01-fifo-in-catalog",
        ("list",),
        0,
        "skipped {cat}/pipe.toml: not a regular file (a FIFO)",
        out="fx-full",
        setup=_fifo("{cat}/pipe.toml"),
    ),
    Case("d01-fifo-shows", ("show", "fx-full"), 0, SKIPPED, setup=_fifo("{cat}/pipe.toml")),
    Case(
        "d01-profile-dev-zero",
        ("recommend", "--profile", "/dev/zero"),
        2,
        "not a regular file (a character device)",
    ),
    Case(
        "d01-profile-fifo",
        ("recommend", "--profile", "{tmp}/p.toml"),
        2,
        "not a regular file (a FIFO)",
        setup=_fifo("{tmp}/p.toml"),
    ),
    Case("d01-report-dev-zero", ("report", "/dev/zero"), 2, "not a regular file (a character device)"),
    Case(
        "d01-report-fifo",
        ("report", "{tmp}/r.toml"),
        2,
        "not a regular file (a FIFO)",
        setup=_fifo("{tmp}/r.toml"),
    ),
    Case(
        "d01-validate-fifo",
        ("validate", "{tmp}/x.toml"),
        1,
        "x.toml: not a regular file (a FIFO)",
        setup=_fifo("{tmp}/x.toml"),
    ),
    # 2. unreadable entries are skipped with one warning, never a traceback
    Case(
        "d02-symlink-loop",
        ("list",),
        0,
        "skipped {cat}/loop.toml: cannot read",
        out="fx-full",
        setup=_link("loop.toml", "{cat}/loop.toml"),
    ),
    Case(
        "d02-dangling-link",
        ("show", "fx-full"),
        0,
        "skipped {cat}/gone.toml: broken symbolic link",
        setup=_link("gone.toml", "{tmp}/nowhere.toml"),
    ),
    Case(
        "d02-link-to-folder",
        ("recommend", "--goal", "upskill"),
        0,
        "skipped {cat}/dir.toml: not a regular file (a folder)",
        setup=_link("dir.toml", "{tmp}"),
    ),
    Case(
        "d02-folder-named-toml",
        ("plan", "fx-full"),
        0,
        "skipped {cat}/sub.toml: not a regular file (a folder)",
        setup=_folder("{cat}/sub.toml"),
    ),
    Case(
        "d02-validate-all-unreadable",
        ("validate",),
        1,
        "dir.toml: not a regular file (a folder)",
        setup=_both(_folder("{cat}/dir.toml"), _link("gone.toml", "{tmp}/nowhere")),
    ),
    # 3. deep nesting
    Case(
        "d03-deep-array-in-catalog",
        ("list",),
        0,
        "nested too deeply",
        out="fx-full",
        files={"deep.toml": DEEP_ARRAY},
    ),
    Case(
        "d03-deep-table-validate",
        ("validate", "{cat}/deep.toml"),
        1,
        "nested too deeply",
        files={"deep.toml": DEEP_TABLE},
    ),
    Case(
        "d03-dotted-key-20000",
        ("show", "fx-full"),
        0,
        "skipped {cat}/dots.toml: nested too deeply",
        files={"dots.toml": DOTTED_KEY},
    ),
    Case(
        "d03-deep-profile",
        ("recommend", "--profile", "{tmp}/p.toml"),
        2,
        "nested too deeply",
        setup=_file("{tmp}/p.toml", 'goal = "upskill"\n' + DEEP_ARRAY),
    ),
    Case(
        "d03-deep-report",
        ("report", "{tmp}/r.toml"),
        2,
        "nested too deeply",
        setup=_file("{tmp}/r.toml", DOTTED_KEY),
    ),
    # 7. weights
    Case(
        "d07-huge-weights",
        ("recommend", "--goal", "upskill", "--weight", "accreditation=1e308", "--weight", "employer=1e308"),
        2,
        "--weight accreditation=1e308: must be at most 100",
    ),
    Case(
        "d07-huge-weights-robustness",
        ("recommend", "--goal", "upskill", "--robustness", "--weight", "employer=1e308"),
        2,
        "must be at most 100",
    ),
    Case(
        "d07-weight-nan",
        ("compare", "fx-full", "fx-mba", "--weight", "credit=nan"),
        2,
        "--weight credit=nan: must be a finite number",
    ),
    Case("d07-weight-negative", ("explain", "fx-full", "--weight", "credit=-1"), 2, "must be at least 0"),
    Case(
        "d07-weight-word",
        ("recommend", "--goal", "upskill", "--weight", "credit=lots"),
        2,
        "must be a number",
    ),
    # 8. plan never overflows
    Case(
        "d08-plan-course-weeks-1e6",
        ("plan", "huge"),
        2,
        "no program with ID 'huge'",
        files={"huge.toml": program(tables=courses(1, 1_000_000, 10))},
    ),
    Case(
        "d08-plan-hours-1e308",
        ("plan", "fx-full", "--hours", "1e308"),
        2,
        "--hours 1e+308: must be at most 168",
    ),
    Case(
        "d08-plan-months-1e6",
        ("plan", "fx-full", "--months", "1e6"),
        2,
        "--months 1e+06: must be at most 240",
    ),
    Case(
        "d08-plan-profile-hours-tiny",
        ("plan", "fx-full", "--profile", "{tmp}/p.toml"),
        2,
        "must be at least 0.5",
        setup=_file("{tmp}/p.toml", "hours_per_week = 1e-9\n"),
    ),
    Case(
        "d08-plan-past-year-9999",
        ("plan", "long", "--hours", "0.5", "--start", "2200-01"),
        2,
        "end after the year 9999",
        files={"long.toml": program(tables=courses(100, 520, 168))},
    ),
    # 11. escape sequences never reach the terminal
    Case(
        "d11-validate-reports-escape",
        ("validate", "{cat}/esc.toml"),
        1,
        "name: control character \\x1b",
        files={"esc.toml": program().replace("Hostile Program", "Hostile\\u001b[2J Program")},
    ),
    Case(
        "d11-escape-in-file-name",
        ("list",),
        0,
        "skipped",
        out="fx-full",
        forbid=("\x1b",),
        files={"x\x1b[2Jy.toml": program()},
    ),
    Case("d11-escape-in-id-argument", ("show", ESC), 2, "no program with ID", forbid=("\x1b", "\x07")),
    Case("d11-bell-in-validate-path", ("validate", "{tmp}/a\x07b.toml"), 2, "no such file", forbid=("\x07",)),
    # 13. --save-profile only after --export is checked and written
    Case(
        "d13-refused-export-writes-no-profile",
        ("recommend", "--goal", "upskill", "--export", "{tmp}/r.toml", "--save-profile", "{tmp}/p.toml"),
        2,
        "already exists",
        setup=_file("{tmp}/r.toml", "keep"),
        absent=("p.toml",),
    ),
    Case(
        "d13-same-path-with-force",
        (
            "recommend",
            "--goal",
            "upskill",
            "--export",
            "{tmp}/r.toml",
            "--save-profile",
            "{tmp}/r.toml",
            "--force",
        ),
        2,
        "--export and --save-profile name the same file",
        absent=("r.toml",),
    ),
    Case(
        "d13-export-folder-missing",
        ("recommend", "--goal", "upskill", "--export", "{tmp}/no/r.toml", "--save-profile", "{tmp}/p.toml"),
        2,
        "does not exist",
        absent=("p.toml",),
    ),
    # 16. one set of hours bounds
    Case(
        "d16-hours-200",
        ("recommend", "--goal", "upskill", "--hours", "200"),
        2,
        "--hours 200: must be at most 168",
    ),
    Case("d16-hours-1e308", ("recommend", "--goal", "upskill", "--hours", "1e308"), 2, "must be at most 168"),
    Case("d16-hours-168-ok", ("recommend", "--goal", "upskill", "--hours", "168"), 0, out="fx-full"),
    Case(
        "d16-profile-hours-tiny",
        ("recommend", "--profile", "{tmp}/p.toml"),
        2,
        "hours_per_week (--hours): must be at least 0.5",
        setup=_file("{tmp}/p.toml", 'goal = "upskill"\nhours_per_week = 1e-9\n'),
    ),
    Case("d16-plan-hours-1e308", ("plan", "fx-full", "--hours", "1e308"), 2, "must be at most 168"),
    # 17. a course that requires the final item: validate says so, plan never prints "?" dates
    Case(
        "d17-course-requires-final-validate",
        ("validate", "{cat}/cyc.toml"),
        1,
        "nothing can require it",
        files={
            "cyc.toml": program(
                tables='\n[[courses]]\ncode = "A"\nweeks = 4\nrequires = ["CAP"]\n'
                '\n[[courses]]\ncode = "CAP"\nweeks = 4\nfinal = true\n'
            )
        },
    ),
    Case(
        "d17-course-requires-final-plan",
        ("plan", "cyc"),
        2,
        "no program with ID 'cyc'",
        files={
            "cyc.toml": program(
                tables='\n[[courses]]\ncode = "A"\nweeks = 4\nrequires = ["CAP"]\n'
                '\n[[courses]]\ncode = "CAP"\nweeks = 4\nfinal = true\n'
            )
        },
    ),
    # 19. validate does not coerce
    Case(
        "d19-accredited-no",
        ("validate", "{cat}/acc.toml"),
        1,
        "accreditation.accredited: Input should be a valid boolean",
        files={
            "acc.toml": program(
                tables='\n[accreditation]\naccredited = "no"\naccreditor = "X"\n'
                'source = "https://example.org/h"\n'
            )
        },
    ),
    Case(
        "d19-foundational-1",
        ("validate", "{cat}/f.toml"),
        1,
        "courses.0.foundational",
        files={"f.toml": program(tables='\n[[courses]]\ncode = "A"\nfoundational = 1\n')},
    ),
    Case(
        "d19-month-13",
        ("validate", "{cat}/m.toml"),
        1,
        "'2024-13' is not a real date",
        files={
            "m.toml": program().replace(
                'supports = "everything"', 'supports = "everything"\nas_of = "2024-13"'
            )
        },
    ),
    Case(
        "d19-february-30",
        ("validate", "{cat}/m.toml"),
        1,
        "'2024-02-30' is not a real date",
        files={
            "m.toml": program().replace(
                'supports = "everything"', 'supports = "everything"\nas_of = "2024-02-30"'
            )
        },
    ),
    Case(
        "d19-degree-months-reversed",
        ("validate", "{cat}/d.toml"),
        1,
        "pathways.0.degree_months_min: is greater than",
        files={
            "d.toml": program(
                tables='\n[[pathways]]\ninstitution = "Other U"\nkind = "master"\n'
                "degree_months_min = 30\ndegree_months_max = 12\n"
            )
        },
    ),
    # 20. a narrow terminal still shows every name
    Case("d20-compare-columns-20", ("compare", "fx-full", "fx-mba"), 0, out="fx-mba", env={"COLUMNS": "20"}),
    Case("d20-explain-columns-20", ("explain", "fx-full"), 0, out="Accreditation", env={"COLUMNS": "20"}),
    # 23. file names are IDs
    Case(
        "d23-space-in-name",
        ("validate", "{cat}/my program.toml"),
        1,
        "is not a valid ID",
        files={"my program.toml": program()},
    ),
    Case(
        "d23-dot-in-name",
        ("validate", "{cat}/a.b.toml"),
        1,
        "is not a valid ID",
        files={"a.b.toml": program()},
    ),
    Case(
        "d23-markup-in-name",
        ("validate", "{cat}/[red]x.toml"),
        1,
        "is not a valid ID",
        files={"[red]x.toml": program()},
    ),
    Case(
        "d23-non-latin-name",
        ("validate", "{cat}/программа.toml"),
        1,
        "is not a valid ID",
        files={"программа.toml": program()},
    ),
    Case(
        "d23-uppercase-and-double-hyphen",
        ("validate", "{cat}/Bad--Id.toml"),
        1,
        "is not a valid ID",
        files={"Bad--Id.toml": program()},
    ),
    Case(
        "d23-bad-name-skipped-by-list",
        ("list",),
        0,
        "skipped {cat}/a.b.toml",
        out="fx-full",
        files={"a.b.toml": program()},
    ),
    # 24. messages that name the real problem
    Case(
        "d24-budget-nan",
        ("recommend", "--goal", "upskill", "--budget", "nan"),
        2,
        "--budget nan: must be a finite number",
    ),
    Case(
        "d24-budget-inf",
        ("recommend", "--goal", "upskill", "--budget", "inf"),
        2,
        "--budget inf: must be a finite number",
    ),
    Case(
        "d24-start-9999",
        ("plan", "fx-full", "--start", "9999-12"),
        2,
        "the year must be between 1900 and 2200",
    ),
    Case(
        "d24-validate-dev-zero",
        ("validate", "/dev/zero"),
        1,
        "/dev/zero: not a regular file (a character device)",
    ),
    Case(
        "d24-catalog-dev-null",
        ("list",),
        2,
        "catalog '/dev/null' is not a folder",
        env={"MMEVAL_CATALOG": "/dev/null"},
    ),
    Case(
        "d24-bad-catalog-env-does-not-break-validate-path",
        ("validate", str(FIXTURES / "fx-full.toml")),
        0,
        out="1 file(s)",
        env={"MMEVAL_CATALOG": "/dev/null"},
    ),
    # more hostile files and flags
    Case(
        "large-file-skipped",
        ("list",),
        0,
        "skipped {cat}/big.toml: too large",
        out="fx-full",
        files={"big.toml": BIG},
    ),
    Case(
        "large-profile",
        ("recommend", "--profile", "{tmp}/p.toml"),
        2,
        "too large",
        setup=_file("{tmp}/p.toml", BIG),
    ),
    Case("not-utf8-catalog-file", ("list",), 0, "not UTF-8", files={"latin.toml": b"name = '\xe9'\n"}),
    Case(
        "nan-in-program",
        ("validate", "{cat}/n.toml"),
        1,
        "must be a finite number, not nan",
        files={"n.toml": program(tables="\n[cost]\ntotal = nan\n")},
    ),
    Case(
        "profile-is-folder",
        ("recommend", "--profile", "{tmp}/d"),
        2,
        "is a directory",
        setup=_folder("{tmp}/d"),
    ),
    Case("profile-missing", ("recommend", "--profile", "{tmp}/none.toml"), 2, "does not exist"),
    Case("report-missing", ("report", "{tmp}/none.toml"), 2, "does not exist"),
    Case(
        "profile-binary",
        ("recommend", "--profile", "{tmp}/p.toml"),
        2,
        "not UTF-8",
        setup=_file("{tmp}/p.toml", b"\xff\xfe\x00"),
    ),
    Case(
        "months-nan",
        ("recommend", "--goal", "upskill", "--months", "nan"),
        2,
        "--months nan: must be a finite number",
    ),
    Case("max-cost-inf", ("list", "--max-cost", "inf"), 2, "--max-cost inf: must be a finite number"),
    Case(
        "min-coverage-nan",
        ("recommend", "--goal", "upskill", "--min-coverage", "nan"),
        2,
        "--min-coverage nan: must be a finite number",
    ),
    Case("parallel-huge", ("plan", "fx-full", "--parallel", "1000000"), 2, "'--parallel'"),
    Case("export-to-folder", ("compare", "fx-full", "fx-mba", "--export", "{tmp}"), 2, "is a directory"),
    Case("report-folder", ("report", "{tmp}"), 2, "not a regular file (a folder)"),
    Case(
        "min-coverage-200",
        ("recommend", "--goal", "upskill", "--min-coverage", "200"),
        2,
        "--min-coverage 200: must be between 0 and 100",
    ),
    Case(
        "long-prerequisite-chain",
        ("validate", "{cat}/chain.toml"),
        1,
        "prerequisites form a cycle",
        files={
            "chain.toml": program(
                tables="".join(
                    f'\n[[courses]]\ncode = "C{i}"\nrequires = ["C{(i + 1) % 100}"]\n' for i in range(100)
                )
            )
        },
    ),
    Case(
        "too-many-courses",
        ("validate", "{cat}/many.toml"),
        1,
        "courses: Tuple should have at most 100 items",
        files={"many.toml": program(tables=courses(101, 1, 1))},
    ),
    Case("columns-zero-in-process", ("show", "nope"), 2, "no program with ID 'nope'", env={"COLUMNS": "0"}),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    monkeypatch.setenv("MMEVAL_CATALOG", str(cat))
    monkeypatch.chdir(tmp_path)
    for name, content in case.files.items():
        (cat / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    if case.setup:
        case.setup(tmp_path, cat)
    args = [a.format(tmp=tmp_path, cat=cat) for a in case.args]
    env = {k: v.format(tmp=tmp_path, cat=cat) for k, v in case.env.items()}
    result = invoke(args, env=env, input=case.input)
    said = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in said
    assert result.exit_code == case.exit, said
    # validate's findings are its output (stdout), also a path that does not exist (exit 2); every
    # other message goes to stderr
    found = args[0] == "validate" and (case.exit == 1 or "no such file" in case.err)
    shown = result.stdout if found else result.stderr
    assert flat(case.err.format(tmp=tmp_path, cat=cat)) in flat(shown), said
    if case.out is not None:
        assert case.out in result.stdout
    if case.exit != 0 and args[0] != "validate":
        assert result.stdout == ""  # nothing half-printed (no plan with "?" dates)
    if case.exit == 2 and "Usage:" not in result.stderr:  # ours, not Typer's boxed usage errors
        assert len(result.stderr.strip().splitlines()) <= 3, result.stderr  # an error and a hint
    for text in case.forbid:
        assert text not in said
    for name in case.absent:
        assert not (tmp_path / name).exists(), name
    assert temp_files(tmp_path) == []


# --- round 2: the cache, the parallel first run, names and the empty catalog (issue 18) ---


def invoke_quickly(args: list[str], seconds: float = 5.0) -> Any:
    """CliRunner().invoke that must answer within `seconds`. SIGALRM then comes again every
    second: a blocked open() whose TimeoutError is swallowed (it is an OSError) is woken again,
    so a hang fails the test instead of stopping the suite."""
    import time

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"no answer within {seconds}s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    began = time.monotonic()
    try:
        result = CliRunner().invoke(app, args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    assert time.monotonic() - began < seconds, f"no answer within {seconds}s"
    return result


def cache_entry(cache_root: Path) -> Path:
    """The one catalog entry folder in a cache of its own (index.json, data.jsonl, .lock)."""
    (entry,) = cache_root.glob("*/*")
    return entry


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """250 copies of the shipped programs: enough for the parallel first run (200 files or more)."""
    from tests.conftest import SHIPPED

    folder = tmp_path_factory.mktemp("many")
    real = sorted(SHIPPED.glob("*.toml"))
    for i in range(250):
        shutil.copyfile(real[i % len(real)], folder / f"{real[i % len(real)].stem}-{i:05d}.toml")
    return folder


# The real entry point, with one hook: the worker that reads file 00100 kills someone there.
KILL_SCRIPT = """
import os, signal, sys
import mmeval.catalog.load as catalog
parent = os.getpid()
real = catalog.parse_file
def parse_file(path):
    if os.getpid() != parent and path.name.endswith("-00100.toml"):
        os.kill({victim}, signal.{signal})
    return real(path)
catalog.parse_file = parse_file
{patch}
from mmeval.cli import main
sys.argv = ["mmeval", *sys.argv[1:]]
main()
"""


def first_run(
    tmp_path: Path,
    many: Path,
    *,
    victim: str = "0",
    sig: str = "SIGKILL",
    patch: str = "",
    args: tuple[str, ...] = (),
) -> tuple[int, str, str, float]:
    """A first run of `list --format json` over `many` in a fresh cache: exit code, stdout, stderr
    (read until every process holding it is gone) and seconds taken. A hang fails, never waits."""
    import time

    script = KILL_SCRIPT.format(victim=victim, signal=sig, patch=patch)
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("MMEVAL_CATALOG", None)
    cmd = [sys.executable, "-c", script, "list", "--catalog", str(many), "--format", "json", *args]
    began = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("mmeval hung")
    return proc.returncode, out.decode(), err.decode(), time.monotonic() - began


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
def test_r2_d01_dead_worker_ends_the_first_run_cleanly(tmp_path: Path, many: Path, sig: str) -> None:
    """A worker killed mid-run: noticed at once, its files read by the parent, one warning."""
    import json

    code, out, err, took = first_run(tmp_path, many, victim="os.getpid()", sig=sig)
    assert code == 0, err
    assert len(json.loads(out)) == 250
    assert "Traceback" not in err
    assert err.count("Warning:") == 1 and f"stopped (killed by {sig})" in err, err
    assert took < 10


def test_r2_d01_killed_parent_leaves_no_worker_tracebacks(tmp_path: Path, many: Path) -> None:
    """The parent SIGKILLed mid-run: its workers go quietly (stderr closes: none is left)."""
    code, _, err, took = first_run(tmp_path, many, victim="os.getppid()")
    assert code == -signal.SIGKILL
    assert "Traceback" not in err and "Error" not in err, err
    assert took < 10


@pytest.mark.parametrize(
    "patch",
    [
        # /dev/shm read-only or absent: every POSIX semaphore fails as multiprocessing makes it
        "import _multiprocessing\n"
        "def no_shm(*a, **k):\n"
        "    raise OSError(30, 'Read-only file system')\n"
        "_multiprocessing.SemLock = no_shm",
        # no new process (a process limit, a sandbox)
        "def no_fork():\n"
        "    raise BlockingIOError(11, 'Resource temporarily unavailable')\n"
        "os.fork = no_fork",
    ],
    ids=["no-shm", "no-fork"],
)
def test_r2_d01_no_shared_memory_or_processes_means_a_serial_read(
    tmp_path: Path, many: Path, patch: str
) -> None:
    import json

    code, out, err, _ = first_run(
        tmp_path, many, victim="os.getpid()", sig="SIGCONT", patch=patch, args=("--no-cache",)
    )
    assert (code, err) == (0, "")
    assert len(json.loads(out)) == 250


def damage_special(entry: Path, name: str, kind: str) -> None:
    target = entry / name
    target.unlink()
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(kind)


def damage_nested_index(entry: Path) -> None:
    (entry / "index.json").write_text("[" * 100_000)


def damage_nested_data(entry: Path) -> None:
    data = entry / "data.jsonl"
    data.write_bytes(b"[" * (data.stat().st_size - 1) + b"\n")


def damage_huge_location(entry: Path) -> None:
    import hashlib
    import json

    index = entry / "index.json"
    head, _, body = index.read_bytes().partition(b"\n")
    files = json.loads(body)
    files["fx-full.toml"][4][1] = 10**18
    body = json.dumps(files).encode()
    meta = json.loads(head)
    meta["checksum"] = hashlib.blake2b(body, digest_size=16).hexdigest()
    index.write_bytes(json.dumps(meta).encode() + b"\n" + body)


D02_CASES: dict[str, Callable[[Path], None]] = {
    "index-fifo": lambda e: damage_special(e, "index.json", "fifo"),
    "data-fifo": lambda e: damage_special(e, "data.jsonl", "fifo"),
    "lock-fifo": lambda e: damage_special(e, ".lock", "fifo"),
    "index-dev-zero": lambda e: damage_special(e, "index.json", "/dev/zero"),
    "data-dev-urandom": lambda e: damage_special(e, "data.jsonl", "/dev/urandom"),
    "index-nested": damage_nested_index,
    "data-line-nested": damage_nested_data,
    "data-location-1e18": damage_huge_location,
}


@pytest.mark.parametrize("how", D02_CASES)
def test_r2_d02_hostile_cache_files_are_never_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """FIFOs, links to devices, deep nesting, absurd lengths: no hang, no traceback, the right
    answer, at most one warning; the cache is rebuilt, so the next run is quiet."""
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    args = ["show", "fx-full", "--catalog", str(cat), "--format", "json"]
    clean = invoke(args)
    D02_CASES[how](cache_entry(tmp_path / "cache"))
    with open(cat / "fx-mba.toml", "a") as fh:
        fh.write("# edited: this run writes the cache (and needs its lock)\n")
    hit = invoke_quickly(args)
    assert hit.exception is None or isinstance(hit.exception, SystemExit), repr(hit.exception)
    assert (hit.exit_code, hit.stdout) == (0, clean.stdout), hit.stderr
    assert hit.stderr.count("Warning:") <= 1, hit.stderr
    again = invoke_quickly(args)
    assert (again.exit_code, again.stdout, again.stderr) == (0, clean.stdout, "")


def test_r2_d03_an_edited_cached_value_is_never_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A total edited in the data file (800 -> 900, still valid JSON): the evidence and the
    score still come from the program file, the user is told once, the next run is quiet."""
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    args = ["explain", "fx-full", "--catalog", str(cat), "--goal", "upskill", "--budget", "1000"]
    clean = invoke([*args, "--format", "json"])
    data = cache_entry(tmp_path / "cache") / "data.jsonl"
    raw = data.read_bytes()
    assert b'"total":800.0' in raw
    with open(data, "r+b") as fh:  # in place: same file, same length
        fh.write(raw.replace(b'"total":800.0', b'"total":900.0', 1))
    edited = invoke([*args, "--format", "json"])
    assert (edited.exit_code, edited.stdout) == (0, clean.stdout)
    assert "900" not in edited.stdout
    assert edited.stderr.count("Warning:") == 1 and "damaged catalog cache" in edited.stderr
    again = invoke([*args, "--format", "json"])
    assert (again.stdout, again.stderr) == (clean.stdout, "")


@pytest.mark.parametrize("how", ["deleted", "damaged"])
def test_r2_d04_a_broken_data_file_is_rebuilt_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    args = ["recommend", "--catalog", str(cat), "--goal", "explore", "--format", "json"]
    clean = invoke(args)
    data = cache_entry(tmp_path / "cache") / "data.jsonl"
    if how == "deleted":
        data.unlink()
    else:
        data.write_bytes(b"x" * data.stat().st_size)
    first = invoke(args)
    assert (first.exit_code, first.stdout) == (0, clean.stdout)
    assert first.stderr.count("Warning:") == 1 and "damaged catalog cache" in first.stderr, first.stderr
    for _ in range(2):
        later = invoke(args)
        assert (later.exit_code, later.stdout, later.stderr) == (0, clean.stdout, "")


def test_r2_d04_a_write_killed_midway_leaves_no_temp_file_for_good(tmp_path: Path) -> None:
    """SIGKILL between writing the index's temporary file and renaming it; the next run tidies."""
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    script = (
        "import os, signal, sys\n"
        "real = os.replace\n"
        "def replace(a, b):\n"
        "    if str(b).endswith('index.json'):\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "    real(a, b)\n"
        "os.replace = replace\n"
        "from mmeval.cli import main\n"
        f"sys.argv = ['mmeval', 'list', '--catalog', {str(cat)!r}]\n"
        "main()\n"
    )
    env = {**os.environ, "MMEVAL_CACHE_DIR": str(tmp_path / "cache")}
    killed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=TIMEOUT)
    assert killed.returncode == -signal.SIGKILL
    entry = cache_entry(tmp_path / "cache")
    assert temp_files(entry)  # what the killed run left
    for _ in range(2):
        result = invoke(["list", "--catalog", str(cat)], env={"MMEVAL_CACHE_DIR": str(tmp_path / "cache")})
        assert result.exit_code == 0 and result.stderr == ""
    assert temp_files(entry) == []
    assert (entry / "index.json").is_file()


@pytest.mark.parametrize("cache", ["cache", "no-cache"])
@pytest.mark.parametrize("command", ["list", "show", "recommend"])
def test_r2_d05_names_that_are_not_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, cache: str
) -> None:
    """A catalog folder named with byte 0xE9, holding a file caf\\xe9.toml: the programs are
    listed, the file is skipped with its name shown as caf\\xe9, no traceback."""
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9"))
    shutil.copytree(FIXTURES, folder)
    shutil.copyfile(FIXTURES / "fx-full.toml", Path(os.fsdecode(bytes(folder) + b"/caf\xe9.toml")))
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    args = {"list": ["list"], "show": ["show", "fx-full"], "recommend": ["recommend", "--goal", "upskill"]}[
        command
    ]
    extra = ["--no-cache"] if cache == "no-cache" else []
    for _ in range(2):  # cold, then warm
        result = invoke([*args, "--catalog", str(folder), "--format", "json", *extra])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code == 0, result.stderr
        assert "fx-full" in result.stdout
        assert "caf\\xe9.toml: file name 'caf\\xe9' is not a valid ID" in result.stderr
        assert "\\udce9" not in result.stderr


@pytest.mark.parametrize("value", ["inf", "-inf", "1e400"])
def test_r2_d07_cache_max_mb_out_of_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("MMEVAL_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MMEVAL_CACHE_MAX_MB", value)
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    result = invoke(["list", "--catalog", str(cat)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert (result.exit_code, result.stderr) == (0, "")
    assert (cache_entry(tmp_path / "cache") / "index.json").is_file()  # the run's own entry stays


def test_r2_d07_cache_dir_with_a_tilde_is_under_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("MMEVAL_CACHE_DIR", "~/mmcache")
    monkeypatch.chdir(tmp_path)
    result = invoke(["list"])
    assert result.exit_code == 0
    assert not (tmp_path / "~").exists()
    assert (cache_entry(tmp_path / "home" / "mmcache") / "index.json").is_file()


@pytest.mark.parametrize("fmt", ["table", "json"])
@pytest.mark.parametrize("command", [["recommend", "--goal", "upskill"], ["list"]], ids=["recommend", "list"])
@pytest.mark.parametrize("holds", ["nothing", "a-readme"])
def test_r2_d08_empty_catalog_is_a_usage_error(
    tmp_path: Path, command: list[str], fmt: str, holds: str
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    if holds == "a-readme":
        (folder / "README.md").write_text("# my programs go here\n")
    result = invoke([*command, "--catalog", str(folder), "--format", fmt])
    assert (result.exit_code, result.stdout) == (2, "")
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"Error: catalog folder '{folder}' holds no program files (*.toml)"
    assert len(lines) == 2 and "--catalog" in lines[1]


# --- result files edited by hand (defects 9, 10, 18) ---------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """A real recommend and compare export, as data to damage."""
    folder = tmp_path_factory.mktemp("exports")
    env = {"MMEVAL_CATALOG": str(FIXTURES), "COLUMNS": "100", "NO_COLOR": "1"}
    for name, args in (
        ("recommend", ["recommend", "--goal", "upskill", "--robustness"]),
        ("compare", ["compare", "fx-full", "fx-mba"]),
    ):
        result = invoke([*args, "--export", str(folder / f"{name}.toml")], env=env)
        assert result.exit_code == 0, result.output
    return {n: tomllib.loads((folder / f"{n}.toml").read_text()) for n in ("recommend", "compare")}


def _row(**changes: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["ranking"]["rows"][0].update(changes)

    return edit


def _second_rank(rank: int) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["ranking"]["rows"][1]["rank"] = rank

    return edit


def _points(value: float) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["ranking"]["rows"][0]["scores"][0]["points"] = value

    return edit


def _schema(value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        if value is None:
            del data["schema_version"]
        else:
            data["schema_version"] = value

    return edit


def _short_values(data: dict[str, Any]) -> None:
    data["comparison"]["facts"][0]["values"] = data["comparison"]["facts"][0]["values"][:1]


def _extra_id(data: dict[str, Any]) -> None:
    data["comparison"]["ids"].append("fx-sparse")


def _row_not_compared(data: dict[str, Any]) -> None:
    data["comparison"]["ids"] = data["comparison"]["ids"][:1]
    for fact in data["comparison"]["facts"]:
        fact["values"], fact["best"] = fact["values"][:1], []


def _best_outside(data: dict[str, Any]) -> None:
    data["comparison"]["facts"][0]["best"] = [7]


REPORT_CASES = [
    ("d09-total-999", "recommend", _row(total=999.0), "total: 999 is outside 0-100"),
    ("d09-total-negative", "recommend", _row(total=-50.0), "total: -50 is outside 0-100"),
    ("d09-total-nan", "recommend", _row(total=float("nan")), "must be a finite number, not nan"),
    ("d09-total-inf", "recommend", _row(total=float("inf")), "must be a finite number, not inf"),
    ("d09-coverage-500-percent", "recommend", _row(coverage=5.0), "coverage: 5 is outside 0-1"),
    ("d09-rank-negative", "recommend", _row(rank=-7), "-7 is not a rank"),
    ("d09-rank-zero", "recommend", _row(rank=0), "0 is not a rank"),
    ("d09-rank-duplicated", "recommend", _second_rank(1), "rank 1 appears twice"),
    ("d09-points-200", "recommend", _points(200.0), "points: 200 is outside 0-100"),
    ("d10-compare-values-short", "compare", _short_values, "1 values for 2 programs"),
    ("d10-compare-id-without-row", "compare", _extra_id, "'fx-sparse' has no row"),
    ("d10-compare-best-outside", "compare", _best_outside, "a column outside"),
    ("d10-compare-row-dropped", "compare", _row_not_compared, "is not in comparison.ids"),
    ("d18-schema-missing", "recommend", _schema(None), "schema_version: missing"),
    ("d18-schema-true", "recommend", _schema(True), "schema_version: True is not a supported version"),
    ("d18-schema-float", "recommend", _schema(1.0), "schema_version: 1.0 is not a supported version"),
    ("d18-schema-string", "recommend", _schema("1"), "schema_version"),
    ("d18-schema-future", "recommend", _schema(99), "schema_version"),
]


@pytest.mark.parametrize(("name", "kind", "edit", "message"), REPORT_CASES, ids=[c[0] for c in REPORT_CASES])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_report_rejects_impossible_values(
    exported: dict[str, dict[str, Any]],
    tmp_path: Path,
    name: str,
    kind: str,
    edit: Callable[[dict[str, Any]], None],
    message: str,
    fmt: str,
) -> None:
    data = tomllib.loads(tomli_w.dumps(exported[kind]))  # a deep copy
    edit(data)
    target = tmp_path / "r.toml"
    target.write_text(tomli_w.dumps(data))
    result = invoke(["report", str(target), "--format", fmt])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert message in flat(result.stderr)
    assert "Traceback" not in result.stderr


def test_report_of_good_files_still_works(exported: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    for kind, data in exported.items():
        target = tmp_path / f"{kind}.toml"
        target.write_text(tomli_w.dumps(data))
        result = invoke(["report", str(target), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert "NaN" not in result.stdout and "Infinity" not in result.stdout


@pytest.mark.parametrize("kind", ["recommend", "compare"])
def test_d20_report_at_20_columns_shows_every_program(
    exported: dict[str, dict[str, Any]], tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "r.toml"
    target.write_text(tomli_w.dumps(exported[kind]))
    result = invoke(["report", str(target)], env={"COLUMNS": "20"})
    assert result.exit_code == 0, result.output
    for row in exported[kind]["ranking"]["rows"]:
        assert row["id"] in result.stdout or row["name"] in flat(result.stdout)


def test_d11_report_strips_escape_sequences(exported: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    data = tomllib.loads(tomli_w.dumps(exported["recommend"]))
    data["ranking"]["rows"][0]["name"] = f"Evil{ESC}Name\x9b31m"
    target = tmp_path / "r.toml"
    target.write_text(tomli_w.dumps(data))
    result = invoke(["report", str(target)])
    assert result.exit_code == 0, result.output
    assert "Evil" in result.stdout
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout)


# --- file modes and the order of writes (defects 13, 21) ----------------------------------------


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_d21_new_export_follows_the_umask(tmp_path: Path, mask: int) -> None:
    target, profile = tmp_path / "r.toml", tmp_path / "p.toml"
    with umask(mask):
        result = invoke(
            ["recommend", "--goal", "upskill", "--export", str(target), "--save-profile", str(profile)]
        )
    assert result.exit_code == 0, result.output
    for path in (target, profile):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_d21_overwritten_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.toml"
    target.write_text("old")
    target.chmod(0o640)
    with umask(0o077):
        result = invoke(["compare", "fx-full", "fx-mba", "--export", str(target), "--force"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text().startswith("schema_version")


def test_d13_profile_written_after_export(tmp_path: Path) -> None:
    target, profile = tmp_path / "r.toml", tmp_path / "p.toml"
    result = invoke(
        ["recommend", "--goal", "upskill", "--export", str(target), "--save-profile", str(profile)]
    )
    assert result.exit_code == 0
    assert result.stderr.index("Wrote") < result.stderr.index("Saved profile")
    assert tomllib.loads(profile.read_text())["goal"] == "upskill"


@pytest.mark.skipif(ROOT, reason="running as root: permissions do not stop reads")
def test_d02_unreadable_file_is_skipped(tmp_path: Path) -> None:
    cat = tmp_path / "cat"
    shutil.copytree(FIXTURES, cat)
    (cat / "secret.toml").write_text(program())
    (cat / "secret.toml").chmod(0)
    result = invoke(["list", "--catalog", str(cat)])
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "Permission denied" in result.stderr


# --- the installed command in a subprocess ------------------------------------------------------

needs_script = pytest.mark.skipif(not MMEVAL.exists(), reason="the mmeval console script is not installed")


def run(
    *args: str, env: dict[str, str] | None = None, shell: str | None = None, **kw: Any
) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "MMEVAL_CATALOG": str(FIXTURES), "COLUMNS": "100", "NO_COLOR": "1", **(env or {})}
    cmd: Any = ["sh", "-c", f'"{MMEVAL}" {shell}'] if shell is not None else [str(MMEVAL), *args]
    return subprocess.run(cmd, env=full, capture_output=True, timeout=TIMEOUT, check=False, **kw)


@dataclass(frozen=True)
class ProcCase:
    name: str
    shell: str  # arguments and redirections after `mmeval`
    exit: int
    err: str = ""  # expected on stderr
    out: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    ascii_out: bool = False  # stdout must be pure ASCII


PROC_CASES = [
    ProcCase("d04-stdin-closed", "recommend --goal upskill <&-", 0, out="fx-full"),
    ProcCase("d04-stdin-closed-missing-goal", "recommend <&-", 2, "missing --goal"),
    ProcCase("d05-ascii-list", "list", 0, out="fx-full", env={"PYTHONIOENCODING": "ascii"}, ascii_out=True),
    ProcCase(
        "d05-ascii-show", "show fx-full", 0, out="Fixture", env={"PYTHONIOENCODING": "ascii"}, ascii_out=True
    ),
    ProcCase(
        "d05-latin1-recommend",
        "recommend --goal upskill",
        0,
        out="fx-full",
        env={"PYTHONIOENCODING": "latin-1"},
    ),
    ProcCase(
        "d05-ascii-compare",
        "compare fx-full fx-mba",
        0,
        out="fx-mba",
        env={"PYTHONIOENCODING": "ascii"},
        ascii_out=True,
    ),
    ProcCase("d06-columns-0-error", "show nope", 2, "no program with ID 'nope'", env={"COLUMNS": "0"}),
    ProcCase("d06-columns-0-list", "list", 0, out="fx-full", env={"COLUMNS": "0"}),
    ProcCase("d06-columns-0-usage-error", "list --bogus", 2, "No such option", env={"COLUMNS": "0"}),
    ProcCase("d06-columns-negative", "list", 0, out="fx-full", env={"COLUMNS": "-3"}),
    ProcCase("d12-dev-full-table", "list > /dev/full", 1, "cannot write the output: No space left on device"),
    ProcCase("d12-dev-full-json", "list --format json > /dev/full", 1, "No space left on device"),
    ProcCase("d12-stdout-closed-json", "list --format json >&-", 1, "standard output is closed"),
    ProcCase("d12-stdout-closed-table", "show fx-full >&-", 1, "standard output is closed"),
    ProcCase("d12-stdout-closed-report-export", "compare fx-full fx-mba >&-", 1, "standard output is closed"),
]


@needs_script
@pytest.mark.parametrize("case", PROC_CASES, ids=[c.name for c in PROC_CASES])
def test_installed_command(case: ProcCase) -> None:
    result = run(shell=case.shell, env=case.env)
    out, err = result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert result.returncode == case.exit, err
    assert flat(case.err) in flat(err)
    if case.exit != 0 and "Usage:" not in err:  # ours, not Typer's boxed usage errors
        assert len(err.strip().splitlines()) <= 2, err
    if case.out is not None:
        assert case.out in out
    if case.ascii_out:
        assert result.stdout.isascii()


@needs_script
@pytest.mark.parametrize("args", [["list"], ["list", "--format", "json"], ["show", "fx-full"]])
def test_d12_reader_closing_the_pipe_is_quiet(args: list[str]) -> None:
    env = {**os.environ, "MMEVAL_CATALOG": str(FIXTURES), "COLUMNS": "100", "NO_COLOR": "1"}
    proc = subprocess.Popen([str(MMEVAL), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -0`: gone before mmeval writes a byte
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=TIMEOUT) == 0, err
    assert err == ""


@needs_script
def test_d22_sigterm_during_export_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "r.toml"
    # Run the real entry point, with the rename made slow so SIGTERM lands mid-export.
    script = (
        "import os, sys, time\n"
        "real = os.replace\n"
        "def slow(a, b):\n"
        "    sys.stderr.write('READY\\n'); sys.stderr.flush(); time.sleep(30); real(a, b)\n"
        "os.replace = slow\n"
        "from mmeval.cli import main\n"
        f"sys.argv = ['mmeval', 'compare', 'fx-full', 'fx-mba', '--export', {str(target)!r}]\n"
        "main()\n"
    )
    env = {
        **os.environ,
        "MMEVAL_CATALOG": str(FIXTURES),
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "MMEVAL_NO_CACHE": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    try:
        assert proc.stderr.readline() == b"READY\n"
        assert next(p.name for p in tmp_path.iterdir()).endswith(".tmp")  # the export is half done
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=TIMEOUT) == 128 + signal.SIGTERM
    finally:
        proc.kill()
        proc.wait()
    assert list(tmp_path.iterdir()) == []


@needs_script
def test_d22_sigterm_keeps_an_existing_file(tmp_path: Path) -> None:
    for _ in range(3):  # at random moments: the old file stays whole, no temp file remains
        target = tmp_path / "r.toml"
        target.write_text("old\n")
        env = {**os.environ, "MMEVAL_CATALOG": str(FIXTURES)}
        proc = subprocess.Popen(
            [str(MMEVAL), "recommend", "--goal", "upskill", "--export", str(target), "--force"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.4)
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=TIMEOUT)
        assert target.read_text() == "old\n" or target.read_text().startswith("schema_version")
        assert temp_files(tmp_path) == []


# --- the questionnaire through a pseudo-terminal (defects 14, 15, 16) ---------------------------

pexpect = pytest.importorskip("pexpect")


def spawn(tmp_path: Path, *args: str) -> Any:
    env = {**os.environ, "MMEVAL_CATALOG": str(FIXTURES), "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    return pexpect.spawn(
        str(MMEVAL), ["recommend", *args], cwd=str(tmp_path), env=env, encoding="utf-8", timeout=TIMEOUT
    )


def _answer_all(child: Any, hours: str = "") -> None:
    for question, answer in (
        ("What do you want", "upskill"),
        ("Which field do you", ""),
        ("Which math", ""),
        ("budget", ""),
        ("Hours a week", hours),
        ("months", ""),
    ):
        child.expect(question)
        child.sendline(answer)


@needs_script
@pytest.mark.parametrize(("key", "name"), [("\x03", "ctrl-c"), ("\x04", "ctrl-d")])
@pytest.mark.parametrize("at", ["goal", "hours", "save"])
def test_d14_ctrl_c_and_ctrl_d_at_a_prompt_exit_130(tmp_path: Path, key: str, name: str, at: str) -> None:
    child = spawn(tmp_path)
    if at == "goal":
        child.expect("What do you want")
    elif at == "hours":
        for question, answer in (
            ("What do you want", "upskill"),
            ("Which field do you", ""),
            ("Which math", ""),
            ("budget", ""),
        ):
            child.expect(question)
            child.sendline(answer)
        child.expect("Hours a week")
    else:
        _answer_all(child)
        child.expect("Save these answers")
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    said = child.before
    assert child.exitstatus == 130, said
    assert "Interrupted." in said
    assert "Traceback" not in said and "Aborted" not in said
    assert list(tmp_path.iterdir()) == []


@needs_script
def test_d15_bad_save_path_is_asked_again(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "old.toml").write_text("keep\n")
    child = spawn(tmp_path)
    _answer_all(child)
    child.expect("Save these answers")
    child.sendline("y")
    child.expect("Save as")
    child.sendline("no/such/dir/me.toml")
    child.expect("does not exist")
    child.expect("Save as")
    child.sendline("./folder")
    child.expect("is a folder")
    child.expect("Save as")
    child.sendline("old.toml")
    child.expect("Overwrite it")
    child.sendline("n")
    child.expect("Save as")
    child.sendline("me.toml")
    child.expect("Ranked for: upskill")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert tomllib.loads((tmp_path / "me.toml").read_text())["goal"] == "upskill"
    assert (tmp_path / "old.toml").read_text() == "keep\n"


@needs_script
def test_d16_questionnaire_hours_use_the_profile_bounds(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--export", "r.toml")
    for question, answer in (
        ("What do you want", "upskill"),
        ("Which field do you", ""),
        ("Which math", ""),
        ("budget", "nan"),
    ):
        child.expect(question)
        child.sendline(answer)
    child.expect("say a number such as")  # "nan" is not a number a person means
    child.expect("budget")
    child.sendline("")
    child.expect("Hours a week")
    child.sendline("200")
    child.expect("must be at most 168")
    child.expect("Hours a week")
    child.sendline("150")  # the old questionnaire refused anything above 100
    child.expect("months")
    child.sendline("")
    child.expect("Save these answers")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert tomllib.loads((tmp_path / "r.toml").read_text())["profile"]["hours_per_week"] == 150


# --- round 2: answers, program files, result files, invisible characters, currencies, paths (issue 18) ---


def _logged(child: Any) -> Any:
    """Everything the child prints, kept for the end of the test (`before` holds only the last part)."""
    import io

    log = io.StringIO()
    child.logfile_read = log
    return log


@needs_script
def test_r2_d06_superscript_and_circled_digits_are_asked_again(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--export", "r.toml")
    log = _logged(child)
    child.expect("What do you want")
    child.sendline("²")  # str.isdigit() says yes, int() says no
    child.expect("not a goal")
    child.expect("What do you want")
    child.sendline("①")
    child.expect("not a goal")
    child.expect("What do you want")
    child.sendline("upskill")
    child.expect("Which field do you")
    child.sendline("①, ²")
    child.expect("Not understood: ①, ²")
    child.expect("Which field do you")
    child.sendline("")
    child.expect("Which math")
    child.sendline("²")
    child.expect("Not understood: ²")
    child.expect("Which math")
    child.sendline("1")
    child.expect("budget")
    child.sendline("²")
    child.expect("not a digit")
    child.expect("budget")
    child.sendline("")
    child.expect("Hours a week")
    child.sendline("①")
    child.expect("not a digit")
    child.expect("Hours a week")
    child.sendline("6")
    child.expect("months")
    child.sendline("")
    child.expect("Save these answers")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, log.getvalue()
    assert "Traceback" not in log.getvalue()
    profile = tomllib.loads((tmp_path / "r.toml").read_text())["profile"]
    assert (profile["goal"], profile["math"], profile["hours_per_week"]) == ("upskill", ["algebra"], 6)


@pytest.mark.parametrize("columns", ["²", "-²", "1①"])
@needs_script
def test_r2_d06_superscript_terminal_size_is_ignored(columns: str) -> None:
    result = run(shell="show nope", env={"COLUMNS": columns, "LINES": columns})
    err = result.stderr.decode()
    assert "Traceback" not in err
    assert (result.returncode, flat(err).startswith("Error: no program with ID 'nope'")) == (2, True), err


ELECTIVES = """
[[choices]]
id = "el"
choose = 1
label = "1 of 2 electives"
default = ["E1"]

[[courses]]
code = "A"
weeks = 4
requires = ["E2"]

[[courses]]
code = "E1"
weeks = 4
group = "el"

[[courses]]
code = "E2"
weeks = 4
group = "el"
"""
TITLED_CAPSTONE = """
[[courses]]
code = "A"
weeks = 4
requires = ["CP"]

[[courses]]
code = "CP"
title = "Capstone Project"
weeks = 4
"""


def _reviewed(value: str) -> str:
    return program().replace("reviewed = 2026-01-15", f"reviewed = {value}")


D09_CASES = [
    Case(
        "core-course-requires-elective-outside-default",
        ("validate", "{cat}/el.toml"),
        1,
        "courses.0.requires.0: 'E2' is a choice of group 'el' that a learner may not take",
        files={"el.toml": program(tables=ELECTIVES)},
    ),
    Case(
        "core-course-requires-elective-no-default",
        ("validate", "{cat}/el.toml"),
        1,
        "'E2' is a choice of group 'el' that a learner may not take",
        files={"el.toml": program(tables=ELECTIVES.replace('default = ["E1"]\n', ""))},
    ),
    Case(
        "core-course-requires-elective-plan",
        ("plan", "el"),
        2,
        "no program with ID 'el'",
        files={"el.toml": program(tables=ELECTIVES)},
    ),
    Case(
        "core-course-requires-default-elective-ok",
        ("plan", "el", "--start", "2026-01"),
        0,
        out="after E2",
        files={"el.toml": program(tables=ELECTIVES.replace('default = ["E1"]', 'default = ["E2"]'))},
    ),
    Case(
        "requires-course-titled-capstone",
        ("validate", "{cat}/cp.toml"),
        1,
        "courses.0.requires.0: 'CP' is taken last, after every course, as its title names a capstone",
        files={"cp.toml": program(tables=TITLED_CAPSTONE)},
    ),
    Case(
        "requires-course-titled-capstone-plan",
        ("plan", "cp"),
        2,
        "no program with ID 'cp'",
        files={"cp.toml": program(tables=TITLED_CAPSTONE)},
    ),
    Case(
        "total-negative-zero-table",
        ("show", "nz"),
        0,
        out="total $0 ",
        forbid=("$-0",),
        files={"nz.toml": program(tables="\n[cost]\ntotal = -0.0\n")},
    ),
    Case(
        "total-negative-zero-json",
        ("show", "nz", "--format", "json"),
        0,
        out='"total": 0.0',
        forbid=("-0.0",),
        files={"nz.toml": program(tables="\n[cost]\ntotal = -0.0\n")},
    ),
    Case(
        "reviewed-in-the-future",
        ("validate", "{cat}/r.toml"),
        1,
        "reviewed: 2999-01-01 is in the future",
        files={"r.toml": _reviewed("2999-01-01")},
    ),
    Case(
        "reviewed-as-string",
        ("validate", "{cat}/r.toml"),
        1,
        "reviewed: must be a TOML date such as 2026-01-15 (no quotes, no time of day)",
        files={"r.toml": _reviewed('"2026-01-15"')},
    ),
    Case(
        "reviewed-as-integer",
        ("validate", "{cat}/r.toml"),
        1,
        "reviewed: must be a TOML date",
        files={"r.toml": _reviewed("1767225600")},  # 2026-01-01 00:00 UTC, in seconds
    ),
    Case(
        "reviewed-fractional",
        ("validate", "{cat}/r.toml"),
        1,
        "reviewed: must be a TOML date",
        forbid=("Datetimes",),
        files={"r.toml": _reviewed("1.5")},
    ),
    Case(
        "reviewed-with-time",
        ("validate", "{cat}/r.toml"),
        1,
        "reviewed: must be a TOML date",
        files={"r.toml": _reviewed("2026-01-15T10:00:00")},
    ),
    Case(
        "reviewed-future-skipped-by-list",
        ("list",),
        0,
        "skipped {cat}/r.toml: 2999-01-01 is in the future",
        out="fx-full",
        files={"r.toml": _reviewed("2999-01-01")},
    ),
]


@pytest.mark.parametrize("case", D09_CASES, ids=[c.name for c in D09_CASES])
def test_r2_d09_program_files_that_would_break_the_tools(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_hostile_input(case, tmp_path, monkeypatch)


def _edit(change: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        change(data)

    return edit


def _component(**changes: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        row = next(r for r in data["ranking"]["rows"] if r["id"] == "fx-sparse")  # it has unknowns
        part = next(c for s in row["scores"] for c in s["components"] if "low" in c)
        part.update(changes)

    return edit


def _weights(**weights: float) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["ranking"]["weights"] = weights

    return edit


def _no_rows_but_picks(data: dict[str, Any]) -> None:
    data["ranking"]["rows"] = []
    data["ranking"]["verdict"]["picks"] = ["ghost", "nobody"]
    del data["robustness"]


def _criterion_twice(data: dict[str, Any]) -> None:
    scores = data["ranking"]["rows"][0]["scores"]
    scores.append(scores[0])


D10_CASES = [
    (
        "range-upside-down",
        _row(total_low=90.0, total=50.0, total_high=10.0),
        "total_low: 90 is above total 50",
    ),
    ("range-high-below-total", _row(total_low=10.0, total_high=20.0), "total_high: 20 is below total"),
    ("range-1e300", _row(total_low=-1e300, total_high=1e300), "total_low: -1e+300 is outside 0-100"),
    ("component-range-1e308", _component(low=-1e308, high=1e308), "low: -1e+308 is outside 0-50"),
    ("component-range-upside-down", _component(low=40.0, high=10.0), "high: 10 is below points 47.5"),
    (
        "picks-over-empty-ranking",
        _no_rows_but_picks,
        "ranking.verdict.picks: names programs, but ranking.rows is empty",
    ),
    (
        "pick-not-an-id",
        _edit(lambda d: d["ranking"]["verdict"].update(picks=["../../etc/passwd"])),
        "ranking.verdict.picks.0: '../../etc/passwd' is not a program ID",
    ),
    (
        "tie-outside-picks",
        _edit(lambda d: d["ranking"]["verdict"].update(tie=["fx-full", "fx-retired"])),
        "ranking.verdict.tie: names a program that is not among the picks",
    ),
    (
        "robustness-negative-draws",
        _edit(lambda d: d["robustness"].update(draws=-5)),
        "robustness.draws: -5 is not",
    ),
    ("robustness-zero-draws", _edit(lambda d: d["robustness"].update(draws=0)), "robustness.draws: 0 is not"),
    (
        "robustness-700-percent",
        _edit(lambda d: d["robustness"].update(top_stays_share=7.0)),
        "robustness.top_stays_share: 7 is outside 0-1",
    ),
    (
        "robustness-unknowns-700-percent",
        _edit(lambda d: d["robustness"].update(unknowns_top_stays_share=7.0)),
        "robustness.unknowns_top_stays_share: 7 is outside 0-1",
    ),
    (
        "robustness-margin-1e308",
        _edit(lambda d: d["robustness"].update(margin=-1e308)),
        "robustness.margin: -1e+308 is outside 0-100",
    ),
    (
        "weights-sum-3.5",
        _weights(employer=1.0, outcomes=1.0, credit=1.0, relevance=0.5),
        "ranking.weights: sum to 3.5, not 1",
    ),
    ("weights-sum-half", _weights(employer=0.25, outcomes=0.25), "ranking.weights: sum to 0.5, not 1"),
    (
        "criterion-twice",
        _criterion_twice,
        "ranking.rows.0.scores.2.criterion: 'employer' appears twice in this row",
    ),
]


@pytest.mark.parametrize(("name", "edit", "message"), D10_CASES, ids=[c[0] for c in D10_CASES])
def test_r2_d10_report_refuses_files_no_run_could_produce(
    exported: dict[str, dict[str, Any]],
    tmp_path: Path,
    name: str,
    edit: Callable[[dict[str, Any]], None],
    message: str,
) -> None:
    data = tomllib.loads(tomli_w.dumps(exported["recommend"]))  # a deep copy
    edit(data)
    target = tmp_path / "r.toml"
    target.write_text(tomli_w.dumps(data))
    result = invoke(["report", str(target)])
    assert (result.exit_code, result.stdout) == (2, ""), result.output
    assert message in flat(result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_r2_d10_report_reads_a_real_export_of_2000_programs(tmp_path: Path) -> None:
    import json

    from tests.conftest import SHIPPED

    cat = tmp_path / "cat"
    cat.mkdir()
    real = sorted(SHIPPED.glob("*.toml"))
    for i in range(2000):  # copies of the real files, as benchmarks/bench_catalog.py builds them
        shutil.copyfile(real[i % len(real)], cat / f"{real[i % len(real)].stem}-{i:04d}.toml")
    target = tmp_path / "r.toml"
    env = {"MMEVAL_CATALOG": str(cat), "MMEVAL_NO_CACHE": "1"}
    made = invoke(["recommend", "--goal", "upskill", "--export", str(target)], env=env)
    assert made.exit_code == 0, made.output
    assert target.stat().st_size > 2 * 1024 * 1024  # over the 1 MiB that refused it
    result = invoke(["report", str(target), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    ranking = json.loads(result.stdout)["ranking"]
    assert len(ranking["rows"]) + len(ranking["excluded"]) == 2000


DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
INVISIBLE = DIRECTION_CONTROLS + ZERO_WIDTH
D11_CASES = [
    *(
        Case(
            f"validate-refuses-u{ord(ch):04x}",
            ("validate", "{cat}/x.toml"),
            1,
            ("name: direction control" if ch in DIRECTION_CONTROLS else "name: invisible character")
            + f" U+{ord(ch):04X}",
            forbid=(ch,),
            files={"x.toml": program().replace("Hostile Program", f"Hostile{ch} Program")},
        )
        for ch in INVISIBLE
    ),
    Case(
        "validate-refuses-escaped-rlo-in-a-course",
        ("validate", "{cat}/x.toml"),
        1,
        "courses.0.title: direction control U+202E (right-to-left override)",
        files={"x.toml": program(tables='\n[[courses]]\ntitle = "Intro \\u202Eyriuqne"\n')},
    ),
    Case(
        "validate-refuses-zero-width-in-a-source",
        ("validate", "{cat}/x.toml"),
        1,
        "sources.0.supports: invisible character U+200B (zero width space)",
        files={"x.toml": program().replace('supports = "everything"', 'supports = "every\u200bthing"')},
    ),
    Case(
        "list-skips-the-file-and-prints-no-raw-character",
        ("list",),
        0,
        "skipped {cat}/x.toml: direction control U+2066",
        out="fx-full",
        forbid=tuple(INVISIBLE),
        files={"x.toml": program().replace("Hostile Program", "\u2066Hostile Program")},
    ),
    Case(
        "id-argument-with-rlo",
        ("show", "fx\u202e-full"),
        2,
        "no program with ID 'fx-full'",
        forbid=("\u202e",),
    ),
]


@pytest.mark.parametrize("case", D11_CASES, ids=[c.name for c in D11_CASES])
def test_r2_d11_validate_refuses_invisible_and_direction_characters(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_hostile_input(case, tmp_path, monkeypatch)


HOSTILE_TEXT = "Evil\u202eemaN\u2066 \u200bzero\u00adwidth\ufeff\x9b31m\x85end"
RAW = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{INVISIBLE}]")


@pytest.mark.parametrize("fmt", ["table", "json", "toml"])
def test_r2_d11_every_output_escapes_or_strips_invisible_and_c1_characters(
    exported: dict[str, dict[str, Any]], tmp_path: Path, fmt: str
) -> None:
    import json

    data = tomllib.loads(tomli_w.dumps(exported["recommend"]))
    data["ranking"]["rows"][0]["name"] = HOSTILE_TEXT
    data["ranking"]["verdict"]["headline"] = f"Go: {HOSTILE_TEXT}"
    target = tmp_path / "r.toml"
    target.write_text(tomli_w.dumps(data))
    result = invoke(["report", str(target), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert not RAW.search(result.stdout), [c for c in result.stdout if RAW.match(c)]
    if fmt == "table":  # stripped: what a person reads
        assert "EvilemaN zerowidth31mend" in result.stdout
    else:  # escaped: the same data for a script
        back = json.loads(result.stdout) if fmt == "json" else tomllib.loads(result.stdout)
        assert back["ranking"]["rows"][0]["name"] == HOSTILE_TEXT
        assert "\\u202e" in result.stdout and "\\u009b" in result.stdout


PRICED = {  # id -> [cost] lines; at the 2026-02-13 rates: EUR 1.1862, INR 0.0110364, JPY 0.00652368
    "eur-650-750": 'currency = "EUR"\ntotal_min = 650\ntotal_max = 750',  # $771-$890
    "eur-900": 'currency = "EUR"\ntotal = 900',  # $1,068: over 1000, though 900 < 1000
    "inr-900": 'currency = "INR"\ntotal = 900',  # $10
    "inr-95000": 'currency = "INR"\ntotal = 95000',  # $1,048
    "jpy-150000": 'currency = "JPY"\ntotal = 150000',  # $979: within 1000, though 150,000 > 2000
    "xof-5": 'currency = "XOF"\ntotal = 5',  # no rate: unknown, whatever the number
    "usd-1200": "total = 1200",
}


@pytest.fixture
def priced(tmp_path: Path) -> Path:
    cat = tmp_path / "priced"
    cat.mkdir()
    for pid, cost in PRICED.items():
        (cat / f"{pid}.toml").write_text(program(tables=f"\n[cost]\n{cost}\n"))
    return cat


@pytest.mark.parametrize(
    ("limit", "kept", "unknown"),
    [
        (1000, ["eur-650-750", "inr-900", "jpy-150000"], ["xof-5"]),
        (2000, ["eur-650-750", "eur-900", "inr-900", "inr-95000", "jpy-150000", "usd-1200"], ["xof-5"]),
        (800, ["inr-900"], ["eur-650-750", "xof-5"]),
        (5, [], ["xof-5"]),
    ],
)
def test_r2_d12_list_max_cost_converts_currencies_as_recommend_does(
    priced: Path, limit: int, kept: list[str], unknown: list[str]
) -> None:
    import json

    env = {"MMEVAL_CATALOG": str(priced)}
    listed = invoke(["list", "--max-cost", str(limit), "--format", "json"], env=env)
    assert listed.exit_code == 0, listed.output
    assert [p["id"] for p in json.loads(listed.stdout)] == kept
    said = flat(listed.stderr)
    assert f"{len(unknown)} program(s) not shown" in said
    for pid in unknown:  # never silently dropped: each named, with why
        assert f"{pid}: " in said
    assert "xof-5: price stated in XOF (XOF 5); no exchange rate to compare" in said
    # the same rule as recommend: kept = fits, not shown = may fit, left out = does not fit
    ranked = invoke(["recommend", "--goal", "explore", "--budget", str(limit), "--format", "json"], env=env)
    fit = {r["id"]: r["fit"] for r in json.loads(ranked.stdout)["ranking"]["rows"]}
    assert sorted(p for p, f in fit.items() if f == "fits") == kept
    assert sorted(p for p, f in fit.items() if f == "may-fit") == unknown


def test_r2_d12_list_says_why_a_straddling_price_is_not_shown(priced: Path) -> None:
    result = invoke(["list", "--max-cost", "800"], env={"MMEVAL_CATALOG": str(priced)})
    assert result.exit_code == 0, result.output
    assert "JPY" not in result.stdout and "INR 900 (≈ $10)" in flat(result.stdout)
    said = flat(result.stderr)
    assert "eur-650-750: costs €650 (≈ $771" in said and "the upper end is over your $800" in said
    wide = invoke(["list", "--max-cost", "1000"], env={"MMEVAL_CATALOG": str(priced)})
    assert "JPY 150,000 (≈ $979)" in flat(wide.stdout)


LONG = "a" * 300  # one name longer than any file system allows (255 bytes)
D13_CASES = [
    Case(
        "export-name-too-long",
        ("recommend", "--goal", "upskill", "--export", f"{{tmp}}/{LONG}.toml"),
        2,
        "File name too long",
    ),
    Case(
        "compare-export-name-too-long",
        ("compare", "fx-full", "fx-mba", "--export", f"{{tmp}}/{LONG}.toml"),
        2,
        "File name too long",
    ),
    Case(
        "save-profile-name-too-long",
        ("recommend", "--goal", "upskill", "--save-profile", f"{{tmp}}/{LONG}.toml"),
        2,
        "File name too long",
    ),
    Case("catalog-name-too-long", ("list", "--catalog", f"{{tmp}}/{LONG}"), 2, "File name too long"),
    Case(
        "catalog-env-name-too-long",
        ("show", "fx-full"),
        2,
        "File name too long",
        env={"MMEVAL_CATALOG": f"{{tmp}}/{LONG}"},
    ),
    Case(
        "validate-name-too-long",
        ("validate", f"{{tmp}}/{LONG}.toml", "{cat}/fx-full.toml"),
        1,
        f"{LONG}.toml: cannot read: File name too long",
    ),
    Case(
        "profile-name-too-long", ("recommend", "--profile", f"{{tmp}}/{LONG}.toml"), 2, "File name too long"
    ),
    Case("report-name-too-long", ("report", f"{{tmp}}/{LONG}.toml"), 2, "File name too long"),
    Case(
        "export-link-loop",
        ("compare", "fx-full", "fx-mba", "--export", "{tmp}/loop.toml", "--force"),
        2,
        "Too many levels of symbolic links",
        setup=lambda tmp, cat: (tmp / "loop.toml").symlink_to(tmp / "loop.toml"),
    ),
    Case(
        "export-and-profile-through-a-link-loop",
        ("recommend", "--goal", "upskill", "--export", "{tmp}/loop.toml", "--save-profile", "{tmp}/p.toml"),
        2,
        "Too many levels of symbolic links",
        setup=lambda tmp, cat: (tmp / "loop.toml").symlink_to(tmp / "loop.toml"),
        absent=("p.toml",),
    ),
]


@pytest.mark.parametrize("case", D13_CASES, ids=[c.name for c in D13_CASES])
def test_r2_d13_long_and_looping_paths_get_a_message(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_hostile_input(case, tmp_path, monkeypatch)


def test_r2_d13_export_through_a_link_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target, link = tmp_path / "real.toml", tmp_path / "link.toml"
    target.write_text("old\n")
    link.symlink_to(target.name)
    refused = invoke(["compare", "fx-full", "fx-mba", "--export", str(link)])
    assert (refused.exit_code, target.read_text()) == (2, "old\n")
    assert "already exists" in refused.stderr
    result = invoke(["compare", "fx-full", "fx-mba", "--export", str(link), "--force"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == target.name
    assert tomllib.loads(target.read_text())["comparison"]["ids"] == ["fx-full", "fx-mba"]
    assert temp_files(tmp_path) == []


def test_r2_d13_export_through_a_link_to_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo, link = tmp_path / "fifo", tmp_path / "link.toml"
    os.mkfifo(fifo)
    link.symlink_to(fifo)
    nobody = invoke(["compare", "fx-full", "fx-mba", "--export", str(link)])  # no reader: no wait
    assert nobody.exit_code == 2 and "no program is reading from it" in nobody.stderr
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = invoke(["compare", "fx-full", "fx-mba", "--export", str(link)])
        assert result.exit_code == 0, result.output
        received = b""
        while chunk := os.read(reader, 65536):
            received += chunk
    finally:
        os.close(reader)
    assert tomllib.loads(received.decode())["comparison"]["ids"] == ["fx-full", "fx-mba"]
    assert link.is_symlink() and stat.S_ISFIFO(fifo.lstat().st_mode)


@needs_script
@pytest.mark.parametrize("into", ["file", "pipe"])
def test_r2_d13_export_to_a_link_to_stdout_writes_stdout(tmp_path: Path, into: str) -> None:
    """Like /dev/stdout, without root: a link to /proc/self/fd/1 that must stay a link."""
    link, out = tmp_path / "stdout", tmp_path / "out.txt"
    link.symlink_to("/proc/self/fd/1")
    tail = f"> {out}" if into == "file" else f"| cat > {out}"
    result = run(shell=f"compare fx-full fx-mba --export {link} --force {tail}")
    assert result.returncode == 0, result.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    written = out.read_text()
    assert "schema_version = 2" in written and "Side by side" in written  # the export and the table


@needs_script
@pytest.mark.skipif(not ROOT or not os.path.islink("/dev/stdout"), reason="only root can replace /dev/stdout")
def test_r2_d13_export_to_dev_stdout_as_root_keeps_the_link(tmp_path: Path) -> None:
    before = os.readlink("/dev/stdout")
    out = tmp_path / "out.txt"
    try:
        result = run(shell=f"compare fx-full fx-mba --export /dev/stdout --force > {out}")
        assert result.returncode == 0, result.stderr.decode()
        assert os.path.islink("/dev/stdout"), "the /dev/stdout link was replaced by a file"
        assert "schema_version = 2" in out.read_text()
    finally:
        if not os.path.islink("/dev/stdout"):  # put the machine back as it was
            os.unlink("/dev/stdout")
            os.symlink(before, "/dev/stdout")


@needs_script
def test_r2_d13_questionnaire_save_path_too_long_is_asked_again(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    log = _logged(child)
    _answer_all(child)
    child.expect("Save these answers")
    child.sendline("y")
    child.expect("Save as")
    child.sendline(f"{LONG}.toml")
    child.expect(r"File name\s+too long")  # wrapped at the terminal's width
    child.expect("Save as")
    child.sendline("me.toml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, log.getvalue()
    assert "Traceback" not in log.getvalue()
    assert tomllib.loads((tmp_path / "me.toml").read_text())["goal"] == "upskill"


def test_r2_d08_validate_of_a_folder_without_program_files_says_so(tmp_path: Path) -> None:
    """`validate` on an empty folder (or one holding only a README) is a problem of that folder,
    exit 1, not "0 file(s), 0 problem(s)"."""
    from typer.testing import CliRunner

    from mmeval.cli import app

    (tmp_path / "README.md").write_text("programs go here\n")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds no program files (*.toml)" in result.output
