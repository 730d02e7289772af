"""A team on one project (issue 23): the CLI and the browser quiz at 100k issues, on the
JSON file or on PostgreSQL. Prints figures; never asserts on time.

.venv/bin/python -m benchmarks.bench_team --backend json
.venv/bin/python -m benchmarks.bench_team --backend pg [--dsn postgresql://…]

The project (N issues from benchmarks/fixtures.py, plus the quiz staff, bank and
invitations of benchmarks/quiz_fixture.py) is written as a JSON file; for `pg` it is moved
into a database with `crmgov db push FILE DSN`. Without --dsn a throwaway server is
started through tests/pgserver.py (fsync on, like a real one) and removed afterwards; a
--dsn names an EMPTY database the benchmark may fill.

Parts (--only to pick some), every command a real `crmgov` process, process start included:
- add:      one `crmgov issue add`, median of --runs (on pg, the JSON file's figure too)
- overdue:  `crmgov issue list --overdue --json`, median of --runs
            (on pg both through the warm process, crmgov.launch, and without it)
- writers:  --writers processes × --adds `issue add` each at once: every new issue there
            (counted by title), the longest single command, the total wall time, and on
            pg the longest wait for a lock (sampled from pg_stat_activity)
- quiz:     --takers browser quiz takers (benchmarks/bench_web.py's Taker threads against
            `crmgov serve`, each waiting --think seconds before each answer) while a PM
            process adds issues: answer p50/p95/max, requests/s, server CPU, nothing lost
Goals (issue 23, PostgreSQL): add ≤ 0.3 s, overdue ≤ 1 s, writers lose nothing and no
command waits over 1 s, quiz p95 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks.bench_web import cpu_seconds, pct, print_latencies, run_takers, serve
from benchmarks.fixtures import synthetic_issues
from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.services.web.invites import issue as issue_invitations

CRMGOV = str(Path(sys.executable).parent / "crmgov")
PARTS = ("add", "overdue", "writers", "quiz")


def load_pgserver() -> ModuleType:
    """tests/pgserver.py (tests/ is not a package), once."""
    if "pgserver" in sys.modules:
        return sys.modules["pgserver"]
    path = Path(__file__).resolve().parents[1] / "tests" / "pgserver.py"
    spec = importlib.util.spec_from_file_location("pgserver", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pgserver"] = module
    spec.loader.exec_module(module)
    return module


class Backend:
    """Where the project is: the CLI arguments that name it."""

    def __init__(self, name: str, location: str, env: dict[str, str]) -> None:
        self.name, self.location, self.env = name, location, env

    def warm(self, switch: str) -> Backend:
        """The same project with CRMGOV_WARM=`switch`: "only" (every command through the
        warm process, crmgov.launch; ready when this returns) or "0" (none)."""
        other = Backend(self.name, self.location, {**self.env, "CRMGOV_WARM": switch})
        if switch == "only":
            from crmgov.launch import socket_path

            self.run("status", check=False)  # starts the warm process
            path = socket_path()
            deadline = time.monotonic() + 120
            while other.run("status", check=False)[1].returncode == 2:
                if path is None or time.monotonic() > deadline:
                    raise RuntimeError("the warm process did not start")
                time.sleep(0.1)
        return other

    @property
    def where(self) -> list[str]:
        return ["--database", self.location] if self.name == "pg" else [
            "--project", self.location]

    def run(self, *argv: str, check: bool = True) -> tuple[float, subprocess.CompletedProcess[str]]:
        started = time.perf_counter()
        done = subprocess.run([CRMGOV, *self.where, *argv], capture_output=True, text=True,
                              env=self.env)
        wall = time.perf_counter() - started
        if check and done.returncode != 0:
            raise RuntimeError(f"crmgov {' '.join(argv[:2])} exit {done.returncode}: "
                               f"{done.stderr.strip()[-500:]}")
        return wall, done

    def add(self, title: str) -> float:
        wall, _done = self.run("issue", "add", "--title", title, "--description",
                               "raised during the team benchmark", "--urgency", "general",
                               "--category", "data", "--owner", "owner1")
        return wall

    def titles(self) -> list[str]:
        _wall, done = self.run("issue", "list", "--status", "all", "--json")
        return [row["title"] for row in json.loads(done.stdout)]


def build_project(path: Any, n_issues: int, takers: int, questions: int) -> list[str]:
    """The JSON project: the quiz fixture plus `n_issues` issues; returns the takers'
    invitation tokens (the invitations are in the file, so `db push` carries them)."""
    store = quiz_project(path, takers=takers, per_section=questions // 2,
                         time_limit_minutes=120)
    now = datetime.now().replace(microsecond=0)
    with store.transaction("bench.fill") as txn:
        txn.insert_many("issues", synthetic_issues(n_issues, now))
    people = store.all("staff")
    issued = issue_invitations(store, people, {p.id: QUIZ for p in people},
                               timedelta(days=1), datetime.now())
    return [one.token for one in issued]


def median_of(fn: Any, runs: int) -> tuple[float, list[float]]:
    samples = [fn(i) for i in range(runs)]
    return statistics.median(samples), samples


def bench_add(backend: Backend, runs: int, label: str) -> None:
    backend.add("warm-up")  # page cache, bytecode, the issue index
    med, samples = median_of(lambda i: backend.add(f"single add {label} {i}"), runs)
    print(f"issue add ({label}):{' ' * max(1, 18 - len(label))}median {med * 1000:6.0f} ms   "
          f"min {min(samples) * 1000:6.0f}   max {max(samples) * 1000:6.0f}   ({runs} runs)")


def bench_overdue(backend: Backend, runs: int, label: str = "", as_json: bool = True) -> None:
    """Into a file, as `> overdue.json` would: the figure is the command's, not that of a
    reader decoding 50 MB from a pipe on the same two cores."""
    argv = [CRMGOV, *backend.where, "issue", "list", "--overdue", *(["--json"] if as_json else [])]
    with tempfile.TemporaryFile() as out:

        def once(_i: int) -> float:
            out.seek(0)
            out.truncate()
            started = time.perf_counter()
            subprocess.run(argv, stdout=out, stderr=subprocess.DEVNULL, env=backend.env,
                           check=True)
            return time.perf_counter() - started

        wall = once(0)  # warm-up
        out.seek(0)
        count = len(json.loads(out.read())) if as_json else len(out.read().splitlines()) - 1
        med, samples = median_of(once, runs)
    pad = " " * max(1, 4 - len(label))
    form = " --json" if as_json else " (text)"
    print(f"issue list --overdue{form}{label}:{pad}median {med * 1000:6.0f} ms   "
          f"min {min(samples) * 1000:6.0f}   max {max(samples) * 1000:6.0f}   "
          f"({runs} runs, {count} overdue; first run {wall * 1000:.0f} ms)")


class LockWaits(threading.Thread):
    """The longest wait for a lock in the database, sampled every 20 ms from
    pg_stat_activity (a writer waiting for the project row: how long it has waited)."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.dsn, self.longest, self.waits = dsn, 0.0, 0
        self.done = threading.Event()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.done.wait(0.02):
                row = conn.execute(
                    "SELECT count(*), coalesce(max(extract(epoch FROM clock_timestamp() - "
                    "query_start)), 0) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()").fetchone()
                if row and row[0]:
                    self.waits += 1
                    self.longest = max(self.longest, float(row[1]))


def bench_writers(backend: Backend, writers: int, adds: int) -> None:
    before = set(backend.titles())
    walls: list[list[float]] = [[] for _ in range(writers)]
    errors: list[str] = []
    start = threading.Event()
    waits = LockWaits(backend.location) if backend.name == "pg" else None
    if waits is not None:
        waits.start()

    def writer(w: int) -> None:
        start.wait()
        for i in range(adds):
            try:
                walls[w].append(backend.add(f"writer {w} add {i}"))
            except RuntimeError as exc:
                errors.append(str(exc))

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    started = time.perf_counter()
    start.set()
    for t in threads:
        t.join()
    total = time.perf_counter() - started
    if waits is not None:
        waits.done.set()
        waits.join()
    after = backend.titles()
    expected = {f"writer {w} add {i}" for w in range(writers) for i in range(adds)}
    new = [t for t in after if t not in before]
    kept = expected & set(new)
    every = [v for ws in walls for v in ws]
    print(f"{writers} writers x {adds} issue add: {total:6.1f} s in all; one command "
          f"p50 {pct(every, .5) * 1000:.0f} ms, p95 {pct(every, .95) * 1000:.0f} ms, "
          f"longest {max(every, default=float('nan')) * 1000:.0f} ms")
    if waits is not None:
        print(f"  lock waits (pg_stat_activity every 20 ms): longest {waits.longest * 1000:.0f} ms"
              f", seen in {waits.waits} samples")
    lost = len(expected) - len(kept)
    duplicated = len(new) - len(set(new))
    print(f"  kept {len(kept)}/{len(expected)} new issues"
          + (f"; LOST {lost}" if lost else "; nothing lost")
          + (f"; {duplicated} DUPLICATED" if duplicated else "")
          + (f"; {len(errors)} commands failed: {errors[:2]}" if errors else ""))


def start_server(backend: Backend) -> tuple[subprocess.Popen[str], int]:
    """`crmgov serve` on 127.0.0.1 and a free port, for either backend."""
    return serve(backend.where, backend.env)


def bench_quiz(backend: Backend, tokens: list[str], questions: int, timeout: float,
               think: float = 0.0) -> None:
    server, port = start_server(backend)
    pm_walls: list[float] = []
    pm_errors: list[str] = []
    done = threading.Event()

    def pm() -> None:  # the PM keeps logging issues while people take the quiz
        n = 0
        while not done.is_set():
            n += 1
            try:
                pm_walls.append(backend.add(f"PM during the quiz {n}"))
            except RuntimeError as exc:
                pm_errors.append(str(exc))

    try:
        writer = threading.Thread(target=pm)
        writer.start()
        cpu_before = cpu_seconds(server.pid)
        threads, wall = run_takers(port, tokens, think, timeout)
        cpu = cpu_seconds(server.pid) - cpu_before
        done.set()
        writer.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = [t.error for t in threads if t.error]
    requests = sum(t.requests for t in threads)
    print(f"{len(tokens)} quiz takers x {questions} answers, think {think:g} s, while a PM "
          f"adds issues: {wall:.1f} s; {requests} requests ({requests / wall:.0f}/s), server "
          f"CPU {cpu:.1f} s ({cpu / max(1, requests) * 1000:.1f} ms a request)")
    print_latencies(threads, "  ")
    answered = sum(len(t.post_ms) for t in threads)
    expected = len(tokens) * questions
    print(f"  {answered}/{expected} answers saved, {len(tokens) - len(errors)}/{len(tokens)} "
          f"attempts submitted" + (f"; errors: {errors[:3]}" if errors else "; nothing lost")
          + f"; the PM added {len(pm_walls)} issues meanwhile"
          + (f" (median {statistics.median(pm_walls) * 1000:.0f} ms)" if pm_walls else "")
          + (f", {len(pm_errors)} failed: {pm_errors[:1]}" if pm_errors else ""))


def main() -> int:
    from benchmarks.bench_startup import _compile_crmgov
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("json", "pg"), default="json")
    parser.add_argument("--dsn", help="an empty PostgreSQL database to use (pg; default: a "
                        "throwaway server through tests/pgserver.py)")
    parser.add_argument("--issues", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="runs per median")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--adds", type=int, default=25, help="issue adds per writer")
    parser.add_argument("--takers", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20, help="per taker (even)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each quiz taker waits before each answer, on average "
                        "(±50 %%; 0: none, the server's saturation; a person reading a "
                        "question: a few seconds)")
    parser.add_argument("--timeout", type=float, default=600.0, help="the quiz part's limit")
    parser.add_argument("--only", action="append", choices=PARTS,
                        help="run only this part (repeatable)")
    args = parser.parse_args()
    parts = args.only or list(PARTS)
    # crmgov's .pyc files, as installing a wheel writes them (bench_startup explains why)
    _compile_crmgov()

    tmp = Path(tempfile.mkdtemp(prefix="crmgov-bench-team-"))
    env = {k: v for k, v in os.environ.items() if k not in ("CRMGOV_DATABASE", "CRMGOV_PROJECT")}
    env.update(CRMGOV_USER="bench", CRMGOV_CACHE_DIR=str(tmp / "cache"),
               CRMGOV_WARM_DIR=str(tmp / "warm"))
    (tmp / "warm").mkdir(mode=0o700)
    os.environ["CRMGOV_WARM_DIR"] = env["CRMGOV_WARM_DIR"]  # Backend.warm's socket_path
    project = tmp / "team.json"
    as_file = Backend("json", str(project), env)
    has_push = args.backend == "pg" and subprocess.run(
        [CRMGOV, "db", "push", "--help"], capture_output=True, env=env).returncode == 0
    print(f"{args.issues} issues, {args.takers} quiz takers; {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}")
    server = None
    try:
        dsn = args.dsn
        if args.backend == "pg" and dsn is None:
            pgserver = load_pgserver()
            server = pgserver.start(durable=True)
            dsn = server.dsn_for(server.create_database(prefix="bench"))
        started = time.perf_counter()
        if args.backend == "json" or has_push:
            tokens = build_project(project, args.issues, args.takers, args.questions)
            print(f"JSON project built in {time.perf_counter() - started:.1f} s "
                  f"({project.stat().st_size / 2**20:.0f} MB)")
        if args.backend == "pg":
            assert dsn is not None
            if has_push:
                wall, _done = as_file.run("db", "push", str(project), dsn)
                print(f"crmgov db push: {wall:.1f} s")
            else:  # until `crmgov db push` exists: the same project, written in directly
                tokens = build_project(dsn, args.issues, args.takers, args.questions)
                print(f"no `crmgov db push` yet: project built in the database directly in "
                      f"{time.perf_counter() - started:.1f} s")
            backend = Backend("pg", dsn, env)
        else:
            backend = as_file
        print(f"backend: {backend.name}")
        # On pg a command goes to the warm process (crmgov.launch) once one runs: both
        # figures, each made sure of (CRMGOV_WARM=only / =0).
        if "add" in parts:
            if backend.name == "pg":
                bench_add(backend.warm("only"), args.runs, "pg, warm")
                bench_add(backend.warm("0"), args.runs, "pg, no warm")
            else:
                bench_add(backend, args.runs, backend.name)
            if backend.name == "pg" and project.exists():
                bench_add(as_file, args.runs, "json")
        if "overdue" in parts:
            if backend.name == "pg":
                for as_json in (True, False):
                    bench_overdue(backend.warm("only"), args.runs, " (warm)", as_json)
                    bench_overdue(backend.warm("0"), args.runs, " (no warm)", as_json)
            else:
                bench_overdue(backend, args.runs)
                bench_overdue(backend, args.runs, as_json=False)
        if "writers" in parts:
            bench_writers(backend, args.writers, args.adds)
        if "quiz" in parts:
            bench_quiz(backend, tokens, args.questions, args.timeout, args.think)
    finally:
        for lock in (tmp / "warm").glob("*.lock"):  # the warm process ends with the bench
            try:
                os.kill(int(lock.read_text().strip()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
