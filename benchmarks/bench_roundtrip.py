"""Export → import round trips of a big issue log (issue 19): times and overdue counts.

python -m benchmarks.bench_roundtrip [N=100000] [--xlsx]

Every step runs the real `crmgov` command (process start included):
1. a project of N synthetic issues (benchmarks.fixtures); `issue list --overdue --json`;
2. `issue export all.csv`, then `issue import all.csv` into the same project: the file's
   bytes and the listing must not change, the overdue count neither;
3. the move into another, empty project: `issue import all.csv --as-new` (where the
   crmgov under test has no --as-new, the ids are blanked in a copy of the sheet, which
   is what a user had to do), and its overdue count.
Prints figures; asserts nothing. Run it with PYTHONPATH pointing at another checkout to
measure that one (the "before" figures).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.fixtures import make_big_project

CRMGOV = [str(Path(sys.executable).parent / "crmgov")]


def _run(*argv: str, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    out = subprocess.run([*CRMGOV, *argv], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        print(f"  ! exit {out.returncode}: {out.stderr.strip()[-600:]}", file=sys.stderr)
    return wall, out


def _overdue(project: Path, env: dict[str, str]) -> int:
    _wall, out = _run("issue", "list", "--overdue", "--json", "--project", str(project),
                      env=env)
    return len(json.loads(out.stdout or "[]"))


def _listing_digest(project: Path, env: dict[str, str]) -> str:
    _wall, out = _run("issue", "list", "--status", "all", "--json", "--project",
                      str(project), env=env)
    # remaining_hours moves with the clock between two runs; the rest must not.
    rows = json.loads(out.stdout or "[]")
    for row in rows:
        row["sla"].pop("remaining_hours", None)
    return hashlib.sha1(json.dumps(rows, sort_keys=True).encode()).hexdigest()[:12]


def _blank_ids(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        row[0] = ""
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), 100_000))
    suffixes = [".csv", ".xlsx"] if "--xlsx" in sys.argv else [".csv"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "CRMGOV_CACHE_DIR": str(folder / "cache"), "CRMGOV_USER": "bench"}
        source = make_big_project(folder / "a.json", n)
        wall, out = _run("audit", "verify", "--project", str(source), env=env)
        print(f"audit verify (links and replay against the file) at {n}: {wall:.2f} s, "
              f"exit {out.returncode}")
        before = _overdue(source, env)
        digest = _listing_digest(source, env)
        print(f"{n} issues, overdue before the round trip: {before}")
        for suffix in suffixes:
            sheet = folder / f"all{suffix}"
            raw = source.read_bytes()
            wall, _out = _run("issue", "export", str(sheet), "--project", str(source), env=env)
            print(f"  export {suffix}: {wall:.2f} s")
            wall, out = _run("issue", "import", str(sheet), "--project", str(source), env=env)
            print(f"  import {suffix} into the same project: {wall:.2f} s ({out.stdout.strip()})")
            same = source.read_bytes() == raw
            print(f"    file bytes identical: {same}; listing identical: "
                  f"{_listing_digest(source, env) == digest}; overdue after: "
                  f"{_overdue(source, env)}")
        target = folder / "b.json"
        _run("init", str(target), "--name", "Target", env=env)
        _wall, help_out = _run("issue", "import", "--help", env=env)
        sheet = folder / "all.csv"
        if "--as-new" in help_out.stdout:
            argv = ["issue", "import", str(sheet), "--as-new"]
        else:
            _blank_ids(sheet, folder / "blank.csv")
            argv = ["issue", "import", str(folder / "blank.csv")]
        wall, out = _run(*argv, "--project", str(target), env=env)
        how = "--as-new" if "--as-new" in argv else "ids blanked"
        print(f"  move into an empty project ({how}): {wall:.2f} s ({out.stdout.strip()})")
        print(f"    overdue after the move: {_overdue(target, env)} (before: {before})")


if __name__ == "__main__":
    main()
