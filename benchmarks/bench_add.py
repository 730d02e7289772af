"""Where one `crmgov issue add` on PostgreSQL spends its time (issue 23: goal <= 0.3 s).

    .venv/bin/python -m benchmarks.bench_add --dsn postgresql://…/DB [--runs 5]

DSN: a database holding a project (e.g. /work/benchdata/team-100k.json pushed with
`crmgov db push`). Each run is a fresh process (process start included); it adds one
issue. Prints medians of wall and CPU time of:
- floor:    `python -c pass`, and `import psycopg` + connect + `select 1`
- imports:  the modules `issue add` imports (cli, services.issues.log, the pg store)
- open:     open_store (schema check, project row, bookkeeping)
- similar:  similar_candidates (the category's titles and descriptions) + find_similar
- commit:   the add's transaction (project row locked -> commit: how long writers wait)
- command:  the whole `crmgov issue add` from the shell
Quote the load (`uptime`) next to the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

PHASES = r"""
import os, sys, time
w, c = time.perf_counter, time.process_time
out = []
t = (w(), c())
def mark(name):
    global t
    now = (w(), c())
    out.append(f"{name}={now[0] - t[0]:.4f},{now[1] - t[1]:.4f}")
    t = (w(), c())
import crmgov.cli, crmgov.cli.issues, crmgov.services.issues.log
import crmgov.services.projects, crmgov.services.actor, crmgov.storage.postgres.store
mark("imports")
from crmgov.config import now
from crmgov.domain.enums import Category
from crmgov.domain.issues.model import Issue, Transition
from crmgov.domain.issues.recurrence import find_similar
from crmgov.services.issues.log import TABLE, similar_candidates
from crmgov.storage.open import open_store
store = open_store(os.environ["BENCH_DSN"], "bench")
mark("open")
at = now()
issue = Issue(title=sys.argv[1], description="one add, timed in parts", urgency="general",
              category="system", created_at=at,
              transitions=[Transition(status="new", at=at, by="bench")])
related = find_similar(issue.category, issue.title, issue.description,
                       similar_candidates(store, Category.SYSTEM))
if related:
    issue = issue.model_copy(update={"recurring": True, "related_ids": related})
mark("similar")
with store.transaction("issue.add") as txn:
    txn.insert(TABLE, issue)
mark("commit")
print(" ".join(out))
"""


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall, CPU of the child, stdout) of one process."""
    before = os.times()
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system)
    return wall, cpu, done.stdout


def line(name: str, walls: list[float], cpus: list[float]) -> None:
    print(f"{name:<28} wall median {statistics.median(walls) * 1000:6.0f} ms "
          f"(min {min(walls) * 1000:4.0f})   CPU median {statistics.median(cpus) * 1000:6.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dsn", required=True, help="a database holding a project")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "BENCH_DSN": args.dsn}
    py = sys.executable
    crmgov = os.path.join(os.path.dirname(py), "crmgov")
    print("load:", os.getloadavg())
    floors = {
        "floor: python -c pass": [py, "-c", "pass"],
        "floor: psycopg + select 1": [py, "-c", "import os, psycopg; psycopg.connect("
                                      "os.environ['BENCH_DSN']).execute('select 1')"],
    }
    for name, argv in floors.items():
        runs = [timed(argv, env) for _ in range(args.runs)]
        line(name, [r[0] for r in runs], [r[1] for r in runs])
    parts: dict[str, tuple[list[float], list[float]]] = {}
    for i in range(args.runs):
        _w, _c, out = timed([py, "-c", PHASES, f"bench_add part {i}"], env)
        for item in out.split():
            name, values = item.split("=")
            wall, cpu = values.split(",")
            parts.setdefault(name, ([], []))[0].append(float(wall))
            parts[name][1].append(float(cpu))
    for name, (walls, cpus) in parts.items():
        line(f"  {name}", walls, cpus)
    runs = [timed([crmgov, "--database", args.dsn, "issue", "add", "--title",
                   f"bench_add command {i}", "--description", "one add from the shell",
                   "--urgency", "general"], env) for i in range(args.runs)]
    line("command: crmgov issue add", [r[0] for r in runs], [r[1] for r in runs])
    print("load:", os.getloadavg())
    return 0


if __name__ == "__main__":
    sys.exit(main())
