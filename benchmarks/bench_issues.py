"""Figures for the issue log at scale (prints; never asserts on time).

python -m benchmarks.bench_issues [N=100000]

- import of N issues from CSV via `crmgov issue import` (wall time, peak RSS of the process)
- `crmgov issue list --overdue --json` on an N-issue project, process start included,
  without and with the issue index (services.issues.index)
- `issue_rows` at N issues (in process, after load)
- report render (md and html) at 10k issues
"""

from __future__ import annotations

import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.fixtures import make_big_project, synthetic_issues
from crmgov.services.issues.transfer import COLUMNS, neutralise

CRMGOV = [str(Path(sys.executable).parent / "crmgov")]


def _write_csv(path: Path, n: int) -> None:
    now = datetime.now().replace(microsecond=0)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([en for _f, en, _zh in COLUMNS])
        for issue in synthetic_issues(n, now):
            row = []
            for field, _en, _zh in COLUMNS:
                value = getattr(issue, field, "")  # due_at, phase, sop: derived
                if field == "id":
                    value = ""
                elif field == "self_handling":
                    value = "the team handles it by hand"  # closed special cases need it
                elif isinstance(value, bool):
                    value = "yes" if value else "no"
                elif isinstance(value, datetime):
                    value = value.strftime("%Y-%m-%d %H:%M")
                elif isinstance(value, list):
                    value = ""
                row.append(neutralise("" if value is None else str(value)))
            writer.writerow(row)


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    out = subprocess.run(argv, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        print(out.stderr[-2000:], file=sys.stderr)
    return wall, out.returncode, out.stdout


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="crmgov-bench-"))
    # A private cache folder: the first listing runs without the issue index.
    env = {**os.environ, "CRMGOV_USER": "bench", "CRMGOV_CACHE_DIR": str(tmp / "cache")}
    csv_path = tmp / "issues.csv"
    _write_csv(csv_path, n)
    project = tmp / "import.json"
    subprocess.run(
        [*CRMGOV, "init", str(project), "--name", "bench"], check=True, env=env, capture_output=True
    )
    wall, code, out = _timed(
        [*CRMGOV, "--project", str(project), "issue", "import", str(csv_path)], env
    )
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"import {n:,} issues from CSV ({csv_path.stat().st_size / 1e6:.0f} MB): "
        f"{wall:.1f} s, peak RSS {rss:.0f} MiB, exit {code}: {out.strip()}"
    )

    big = make_big_project(tmp / "big.json", n)
    listing = [*CRMGOV, "--project", str(big), "issue", "list", "--overdue", "--json"]
    cache = Path(env["CRMGOV_CACHE_DIR"])
    wall, code, out = _timed(listing, env)
    print(
        f"`crmgov issue list --overdue --json` at {n:,} ({big.stat().st_size / 1e6:.0f} MB "
        f"file), no issue index: {wall:.2f} s incl. process start, "
        f"{len(out) / 1e6:.0f} MB of JSON, exit {code}"
    )
    deadline = time.monotonic() + 120
    while not list(cache.glob("issues-*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)  # the detached process that saves the index
    walls = []
    for _ in range(3):
        wall, code, again = _timed(listing, env)
        walls.append(wall)
    print(
        f"  … with the issue index: median {sorted(walls)[1]:.2f} s of 3 "
        f"(same issues: {_ids(again) == _ids(out)}), exit {code}"
    )

    from crmgov.services.issues.log import issue_rows
    from crmgov.services.projects import open_project

    t0 = time.perf_counter()
    store = open_project(big, "bench")
    t1 = time.perf_counter()
    now = datetime.now()
    best = min(_clock(lambda: issue_rows(store, now)) for _ in range(3))
    print(
        f"open_project at {n:,}: {t1 - t0:.2f} s; issue_rows at {n:,}: {best * 1000:.0f} ms "
        "(best of 3)"
    )

    from crmgov.services.issues.reports import render_report

    small = open_project(make_big_project(tmp / "10k.json", 10_000), "bench")
    for report in ("issues", "preventive"):
        for fmt in ("md", "html"):
            best = min(
                _clock(lambda r=report, f=fmt: render_report(small, r, f, now, lang="en"))
                for _ in range(3)
            )
            print(f"render {report} report as {fmt} at 10,000 issues: {best * 1000:.0f} ms")


def _ids(listing: str) -> list[int]:
    import orjson

    return [issue["id"] for issue in orjson.loads(listing)]


def _clock(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
