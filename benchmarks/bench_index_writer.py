"""Does the detached issue-index writer slow the next command? (issue 19)

python -m benchmarks.bench_index_writer [N=100000] [--rounds 5]

After every full load of a project of 5,000+ issues, `crmgov` may start a detached
process that saves the issue index. This script times a full-load command (`issue show
1`) run back to back, `rounds` times, with the index already saved for the file's bytes:
where the writer is started anyway, each next command shares the machine with it. It
also reports how many writer processes were seen running right after each command.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.fixtures import make_big_project

CRMGOV = str(Path(sys.executable).parent / "crmgov")


def _writers() -> int:
    """crmgov processes other than ours still running (the detached writers)."""
    out = subprocess.run(["pgrep", "-f", "crmgov issue show"], capture_output=True, text=True)
    return len(out.stdout.split())


def main() -> None:
    n = int(next((a for a in sys.argv[1:] if a.isdigit()), 100_000))
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CRMGOV_CACHE_DIR": str(Path(tmp) / "cache")}
        project = make_big_project(Path(tmp) / "big.json", n)
        argv = [CRMGOV, "issue", "show", "1", "--project", str(project)]
        subprocess.run(argv, capture_output=True, env=env, check=True)
        time.sleep(5)  # let the first writer save the index for these bytes
        walls, seen = [], []
        for _round in range(rounds):
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, env=env, check=True)
            walls.append(time.perf_counter() - start)
            seen.append(_writers())
        print(f"{n} issues, `issue show 1` back to back ({rounds} runs, index saved): "
              f"median {statistics.median(walls):.2f} s, runs "
              + ", ".join(f"{w:.2f}" for w in walls))
        print(f"  detached writers running right after each run: {seen}")
        time.sleep(3)


if __name__ == "__main__":
    main()
