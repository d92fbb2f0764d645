"""Load, validate and rank synthetic catalogs of growing size; print seconds and µs per program.

Usage: python benchmarks/bench_catalog.py [SIZES...]   (default: 1000 2500 5000 10000)

Each synthetic program is a copy of a real program file from programs/ under a new ID, so the
files have realistic size and shape. Also times `mmeval --version` and `mmeval list` start-up.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def build(folder: Path, n: int) -> None:
    real = sorted((REPO / "programs").glob("*.toml"))
    for i in range(n):
        src = real[i % len(real)]
        shutil.copyfile(src, folder / f"{src.stem}-{i:05d}.toml")


def run(n: int) -> tuple[float, float, float]:
    from mmeval.catalog import load_catalog, validate_paths
    from mmeval.models import Profile
    from mmeval.ranking import rank_programs

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build(folder, n)
        t0 = time.perf_counter()
        catalog = load_catalog(folder)
        t1 = time.perf_counter()
        _, problems = validate_paths([folder])
        t2 = time.perf_counter()
        profile = Profile(goal="mba-path", math=("algebra",), budget_usd=3000, hours_per_week=10, months=12)
        ranking = rank_programs(catalog, profile)
        t3 = time.perf_counter()
        assert len(catalog) == n and not problems and len(ranking.rows) + len(ranking.excluded) == n
        return t1 - t0, t2 - t1, t3 - t2


def startup(args: list[str]) -> float:
    exe = Path(sys.executable).parent / "mmeval"
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run([str(exe), *args], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 2500, 5000, 10000]
    print(f"{'programs':>9} {'load s':>8} {'validate s':>11} {'rank s':>8} {'total s':>8} {'µs/program':>11}")
    for n in sizes:
        load, validate, rank = run(n)
        total = load + validate + rank
        print(f"{n:>9} {load:>8.2f} {validate:>11.2f} {rank:>8.2f} {total:>8.2f} {total / n * 1e6:>11.0f}")
    print(
        f"start-up (best of 5): mmeval --version {startup(['--version']):.2f} s, "
        f"mmeval list {startup(['list']):.2f} s"
    )


if __name__ == "__main__":
    main()
