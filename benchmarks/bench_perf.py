"""Start-up and large-catalog performance against references measured in the same run.

Usage: python benchmarks/bench_perf.py [--programs N] [--runs R] [--big-runs B] [--write]

Prints one table (what | now | reference | ratio), the limits from issue #12 beside it:
  compare      `mmeval compare A B` on the shipped catalog, warm cache  vs `python -c "import typer"`
  --version    `mmeval --version`                                       vs the same
  first run    `mmeval recommend ... --top 10 --format json` over N programs, empty cache
               vs a bare stdlib `tomllib` parse of the same N files (no validation at all)
  second run   the same command again over the unchanged folder (warm cache)
  scaling      first run over N programs / first run over N/10 programs
  memory       peak memory of a first and a second run: the whole process tree's proportional
               set size (PSS; shared pages counted once), sampled every 10 ms in extra runs
               that are not timed (sampling takes CPU from the run it measures)
Each time is the median of R runs (B for the N-program commands), all in this one run of the
script, on this machine. The N programs are copies of the shipped program files under new IDs.
--write puts the table, the machine and the date into docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MMEVAL = str(BIN / "mmeval")
PROFILE = ["--goal", "mba-path", "--math", "algebra", "--budget", "3000", "--hours", "10", "--months", "12"]
START = "<!-- performance:start -->"
END = "<!-- performance:end -->"
BARE_PARSE = (
    "import sys, tomllib\n"
    "from pathlib import Path\n"
    "for p in sorted(Path(sys.argv[1]).glob('*.toml')):\n"
    "    tomllib.loads(p.read_text(encoding='utf-8'))\n"
)


def build(folder: Path, n: int) -> None:
    real = sorted((REPO / "programs").glob("*.toml"))
    for i in range(n):
        src = real[i % len(real)]
        shutil.copyfile(src, folder / f"{src.stem}-{i:05d}.toml")


def _tree(pid: int) -> list[int]:
    """The process and its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(args: list[str], env: dict[str, str] | None = None, memory: bool = False) -> tuple[float, float]:
    """(seconds, peak MB of the process tree or 0) of one command; it must succeed."""
    peak = 0
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if memory and Path("/proc").is_dir():
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, sum(_pss_kb(p) for p in _tree(proc.pid)))
                stop.wait(0.01)

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, err = proc.communicate()
        stop.set()
        sampler.join()
    else:
        _, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-500:]}")
    return seconds, peak / 1024


def median_time(args: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    return statistics.median(run(args, env)[0] for _ in range(runs))


def first_and_second(folder: Path, runs: int) -> tuple[float, float, float, float]:
    """Median (first-run s, second-run s) over `runs` fresh caches, then the peak MB of one more
    first and second run (sampling memory costs CPU, so those runs are not timed)."""
    cmd = [MMEVAL, "recommend", "--catalog", str(folder), *PROFILE, "--top", "10", "--format", "json"]
    firsts: list[float] = []
    seconds: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "MMEVAL_CACHE_DIR": cache}
            env.pop("MMEVAL_NO_CACHE", None)
            firsts.append(run(cmd, env)[0])
            seconds.append(run(cmd, env)[0])
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MMEVAL_CACHE_DIR": cache}
        env.pop("MMEVAL_NO_CACHE", None)
        mem1 = run(cmd, env, memory=True)[1]
        mem2 = run(cmd, env, memory=True)[1]
    return statistics.median(firsts), statistics.median(seconds), mem1, mem2


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        from importlib.metadata import version

        typer = version("typer")
    except Exception:  # pragma: no cover - typer is a dependency
        typer = "?"
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}, Typer {typer}"
    )


def measure(n: int, runs: int, big_runs: int) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as warm:
        env = {**os.environ, "MMEVAL_CACHE_DIR": warm}
        env.pop("MMEVAL_NO_CACHE", None)
        env.pop("MMEVAL_CATALOG", None)
        compare_cmd = [MMEVAL, "compare", "mitx-scm", "mitx-sds"]
        run(compare_cmd, env)  # fills the cache: the runs below are warm
        typer_ms = median_time([sys.executable, "-c", "import typer"], runs) * 1000
        compare_ms = median_time(compare_cmd, runs, env) * 1000
        version_ms = median_time([MMEVAL, "--version"], runs, env) * 1000
    rows.append(
        (
            "`mmeval compare A B` (shipped catalog, warm cache)",
            f"{compare_ms:.0f} ms",
            f'`python -c "import typer"` {typer_ms:.0f} ms',
            f"{compare_ms / typer_ms:.2f}x",
            "≤ 2.5x",
        )
    )
    ratio = f"{version_ms / typer_ms:.2f}x"
    rows.append(("`mmeval --version`", f"{version_ms:.0f} ms", "same", ratio, "≤ 1.15x"))
    with tempfile.TemporaryDirectory() as big, tempfile.TemporaryDirectory() as small:
        build(Path(big), n)
        build(Path(small), max(1, n // 10))
        bare = median_time([sys.executable, "-c", BARE_PARSE, big], big_runs)
        first, second, mem1, mem2 = first_and_second(Path(big), big_runs)
        first_small, _, _, _ = first_and_second(Path(small), big_runs)
    what = f"`recommend --top 10 --format json`, {n:,} programs"
    bare_text = f"bare stdlib `tomllib` parse of the same files {bare:.2f} s"
    rows.append((f"{what}: first run", f"{first:.2f} s", bare_text, f"{first / bare:.2f}x", "≤ 0.6x"))
    rows.append((f"{what}: second run", f"{second:.2f} s", "same", f"{second / bare:.2f}x", "≤ 0.15x"))
    rows.append(
        (
            f"first run, {n:,} vs {max(1, n // 10):,} programs",
            f"{first:.2f} s",
            f"{first_small:.2f} s",
            f"{first / first_small:.1f}x",
            "≤ 11x",
        )
    )
    rows.append((f"peak memory, {n:,} programs, first run", f"{mem1:.0f} MB", "", "", "≤ 350 MB"))
    rows.append((f"peak memory, {n:,} programs, second run", f"{mem2:.0f} MB", "", "", "≤ 200 MB"))
    return rows


def table(rows: list[tuple[str, str, str, str, str]]) -> str:
    lines = ["| what | now | reference | ratio | limit |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def write(text: str) -> None:
    doc = REPO / "docs" / "performance.md"
    body = doc.read_text(encoding="utf-8")
    start, end = body.index(START) + len(START), body.index(END)
    doc.write_text(body[:start] + "\n" + text + "\n" + body[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000, help="catalog size for the large runs")
    parser.add_argument("--runs", type=int, default=10, help="runs per start-up figure (median)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs per large-catalog figure (median)")
    parser.add_argument("--write", action="store_true", help="write the table to docs/performance.md")
    args = parser.parse_args()
    rows = measure(args.programs, args.runs, args.big_runs)
    when = dt.date.today().isoformat()
    text = (
        f"{table(rows)}\n\nMeasured {when} on {machine()}; medians of {args.runs} runs"
        f" (start-up) and {args.big_runs} runs ({args.programs:,} programs), by"
        " `python benchmarks/bench_perf.py --write`."
    )
    print(text)
    if args.write:
        write(text)


if __name__ == "__main__":
    main()
