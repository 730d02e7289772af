"""Store costs: load and single-record writes at 10k and 100k issues; prints a table.

.venv/bin/python -m benchmarks.bench_store [--sizes 10000,100000] [--dir /tmp/crmgov-bench]

Targets (issue 2): a write ≤ 30 ms at 10k and ≤ 300 ms at 100k; loading a 100k-issue
project ≤ 2.5 s. "process" = a fresh interpreter importing crmgov and loading the file
(what `crmgov status` pays); "in-process" = `ProjectStore.load()` alone. Writes are the
median of several transactions, each with one insert or one update.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from benchmarks.fixtures import make_big_project, synthetic_issues
from crmgov.storage.store import ProjectStore

_CHILD = """
import resource, sys, time
t = time.perf_counter()
from crmgov.storage.store import ProjectStore
s = ProjectStore(sys.argv[1], "bench"); s.load()
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _process_load(path: Path) -> tuple[float, float]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True
    ).stdout.split()
    return time.perf_counter() - start, float(out[1])


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench(path: Path, n: int, repeat: int) -> dict[str, float]:
    """Measure one size; the file is created once and reused between runs."""
    if not path.exists():
        make_big_project(path, n)
    process = [_process_load(path) for _ in range(2)]
    store = ProjectStore(path, "bench")
    loads = []
    for _ in range(2):
        store = ProjectStore(path, "bench")
        t = time.perf_counter()
        store.load()
        loads.append(time.perf_counter() - t)
    issue = synthetic_issues(1, datetime.now().replace(microsecond=0))[0]
    inserts, updates = [], []
    for i in range(repeat):
        t = time.perf_counter()
        with store.transaction("bench.insert") as txn:
            txn.insert("issues", issue)
        inserts.append(time.perf_counter() - t)
        target = store.get("issues", 1 + i)
        t = time.perf_counter()
        with store.transaction("bench.update") as txn:
            txn.update("issues", target.model_copy(update={"title": f"bench {i}"}))
        updates.append(time.perf_counter() - t)
    return {
        "size_mb": path.stat().st_size / 1e6,
        "process_s": min(p[0] for p in process),
        "rss_mb": max(p[1] for p in process),
        "load_s": min(loads),
        "insert_ms": _median_ms(inserts),
        "update_ms": _median_ms(updates),
    }


def main() -> None:
    """Run and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/crmgov-bench"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"{'issues':>8} {'file MB':>8} {'load proc s':>11} {'load s':>7} {'peak RSS MB':>11} "
          f"{'insert ms':>9} {'update ms':>9}")
    for n in (int(s) for s in args.sizes.split(",")):
        r = bench(args.dir / f"bench-{n}.json", n, args.repeat)
        print(f"{n:>8} {r['size_mb']:>8.1f} {r['process_s']:>11.2f} {r['load_s']:>7.2f} "
              f"{r['rss_mb']:>11.0f} {r['insert_ms']:>9.1f} {r['update_ms']:>9.1f}")


if __name__ == "__main__":
    main()
