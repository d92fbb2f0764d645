"""How long mmeval takes on catalogs of growing size, and how long it takes to start.

Usage: python benchmarks/bench_catalog.py [SIZES...]   (default: 1000 2500 5000 10000)

Each synthetic catalog copies the real program files in programs/ under new IDs, so the files
have realistic size and shape. For each size it times, as a user would run them:
  validate   `mmeval validate DIR`                      (read + parse + validate every file)
  top 20     `mmeval recommend --catalog DIR ... --top 20`  (load + validate + score + rank + table)
  all json   `mmeval recommend --catalog DIR ... -f json`   (the same, printing every program's
             scores with their evidence: ~6 KB of JSON per program)
and, in this process (with the collector off, as the CLI runs), the split of `recommend` into
load and rank. The last column is `top 20`'s time per program: flat means linear growth.
Every run here reads the files afresh (MMEVAL_NO_CACHE=1): benchmarks/bench_perf.py measures
first and second runs through the catalog cache.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MMEVAL = str(Path(sys.executable).parent / "mmeval")
ENV = {**os.environ, "MMEVAL_NO_CACHE": "1"}
PROFILE = ["--goal", "mba-path", "--math", "algebra", "--budget", "3000", "--hours", "10", "--months", "12"]


def build(folder: Path, n: int) -> None:
    real = sorted((REPO / "programs").glob("*.toml"))
    for i in range(n):
        src = real[i % len(real)]
        shutil.copyfile(src, folder / f"{src.stem}-{i:05d}.toml")


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([MMEVAL, *args], check=True, capture_output=True, env=ENV)
    return time.perf_counter() - t0


def split(folder: Path) -> tuple[float, float]:
    from mmeval.catalog.load import load_catalog
    from mmeval.decision.rank import rank_programs
    from mmeval.results.records import Profile

    gc.disable()
    try:
        t0 = time.perf_counter()
        catalog = load_catalog(folder, cache=False)
        t1 = time.perf_counter()
        profile = Profile(goal="mba-path", math=("algebra",), budget_usd=3000, hours_per_week=10, months=12)
        rank_programs(catalog, profile)
        return t1 - t0, time.perf_counter() - t1
    finally:
        gc.enable()


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 2500, 5000, 10000]
    print("seconds per command (see the docstring); programs are copies of the real catalog's files")
    head = ("programs", "validate", "top 20", "all json", "(load", "rank)", "µs/program")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (9, 9, 7, 9, 6, 6, 11), strict=True)))
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            build(folder, n)
            validate = timed(["validate", str(folder)])
            top = timed(["recommend", "--catalog", str(folder), *PROFILE, "--top", "20"])
            every = timed(["recommend", "--catalog", str(folder), *PROFILE, "--format", "json"])
            load, rank = split(folder)
        cells = (f"{validate:>9.2f}", f"{top:>7.2f}", f"{every:>9.2f}", f"{load:>6.2f}", f"{rank:>6.2f}")
        print(f"{n:>9} {' '.join(cells)} {top / n * 1e6:>11.0f}")
    best = {
        name: min(timed(args) for _ in range(5))
        for name, args in {
            "--version": ["--version"],
            "list": ["list"],
            "recommend": ["recommend", *PROFILE],
        }.items()
    }
    print(
        "start-up, best of 5 (shipped catalog): "
        + ", ".join(f"mmeval {k} {v:.2f} s" for k, v in best.items())
    )


if __name__ == "__main__":
    main()
