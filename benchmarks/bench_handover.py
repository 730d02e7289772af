"""The handover pack for a project with 10,000 issues: each format, in process and as a
whole `crmgov handover` command (goal: <= 2 s each).

python -m benchmarks.bench_handover [N_ISSUES]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.fixtures import synthetic_issues
from crmgov.services.demo.writer import write_demo
from crmgov.services.handover.pack import build_context, handover_record, render_pack

NOW = datetime(2026, 11, 23, 9, 30)


def _median(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="crmgov-bench-handover-"))
    path = folder / "demo.json"
    store = write_demo(path, "bench", today=NOW.date(), clock=lambda: NOW)
    with store.transaction("bench.issues") as txn:
        txn.insert_many("issues", synthetic_issues(n, NOW))
    print(f"project: demo + {n:,} issues ({path.stat().st_size / 1e6:.1f} MB)")
    context: dict = {}

    def build() -> None:
        context.update(build_context(store, NOW))

    print(f"  build_context          {_median(build):6.3f} s")
    record = handover_record(store)
    for fmt in ("md", "html", "docx"):
        seconds = _median(lambda f=fmt: render_pack(context, record, f))
        size = len(render_pack(context, record, fmt))
        print(f"  render {fmt:<5}           {seconds:6.3f} s  ({size / 1e6:.1f} MB)")
    crmgov = str(Path(sys.executable).with_name("crmgov"))
    for fmt in ("md", "html", "docx", "all"):
        out = folder / f"out-{fmt}"
        seconds = _median(lambda f=fmt, o=out: subprocess.run(
            [crmgov, "--project", str(path), "handover", "--format", f, "--out", str(o)],
            check=True, capture_output=True))
        print(f"  crmgov handover --format {fmt:<4} {seconds:6.3f} s (whole process)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
