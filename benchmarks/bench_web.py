"""The browser quiz under load: N concurrent takers each answer Q questions and submit.

.venv/bin/python -m benchmarks.bench_web [--takers 50] [--questions 20] [--think 0]

Starts `crmgov serve` on 127.0.0.1 (a port of its own; no traffic leaves the machine),
then runs one thread per taker, each a browser's round trips over a kept-alive
connection: open the invitation link, start, then per question POST the answer (saved
durably before the reply) and GET the next page it is sent to, then submit and read the
result. Bounded: at most --takers × (questions + 6) requests, and --timeout seconds.

Prints p50/p95/max of one answer (the POST alone, and the POST + the next page, which is
what a taker waits for), the server's peak RSS (VmHWM), and checks that nothing was lost:
every attempt submitted, every answer in the project file, one certificate per pass.
Goals (issue 12): nothing lost, p95 ≤ 300 ms, one process ≤ 100 MiB.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.services.web.invites import issue
from crmgov.storage.store import ProjectStore

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
OPTION = re.compile(r'name="choice" value="(\d+)"')


class Taker(threading.Thread):
    """One person's browser: a kept-alive connection and a session cookie."""

    def __init__(self, port: int, token: str, think: float, deadline: float) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.think, self.deadline = port, token, think, deadline
        self.cookie = ""
        self.post_ms: list[float] = []
        self.round_ms: list[float] = []
        self.error = ""
        self.requests = 0
        self._pace = random.Random(token)  # the same pauses on every run

    def _request(self, method: str, path: str, body: dict[str, str | list[str]] | None = None
                 ) -> tuple[int, str, str]:
        if time.monotonic() > self.deadline:
            raise TimeoutError("benchmark time limit reached")
        self.requests += 1
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode("utf-8")
        cookie = response.getheader("set-cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("location") or "", text

    def _follow(self, method: str, path: str, body: dict[str, str | list[str]] | None = None
                ) -> str:
        status, location, text = self._request(method, path, body)
        if status == 303:
            status, location, text = self._request("GET", location)
        if status != 200:
            raise RuntimeError(f"{method} {path}: HTTP {status}")
        return text

    def run(self) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            page = self._follow("GET", f"/i/{self.token}")
            csrf = CSRF.search(page).group(1)  # type: ignore[union-attr]
            page = self._follow("POST", "/quiz/start", {"csrf": csrf})
            number = 1
            while "/quiz/submit" not in page:
                choice = OPTION.search(page).group(1)  # type: ignore[union-attr]
                if self.think:  # ±50 %: fixed pauses would keep all takers in step
                    time.sleep(self.think * self._pace.uniform(0.5, 1.5))
                started = time.perf_counter()
                status, location, _text = self._request(
                    "POST", f"/quiz/q/{number}", {"csrf": csrf, "choice": choice, "go": "next"})
                self.post_ms.append((time.perf_counter() - started) * 1000)
                if status != 303:
                    raise RuntimeError(f"answer {number}: HTTP {status}")
                status, _loc, page = self._request("GET", location)
                self.round_ms.append((time.perf_counter() - started) * 1000)
                number += 1
            result = self._follow("POST", "/quiz/submit", {"csrf": csrf})
            if "Your result" not in result:
                raise RuntimeError("no result page after submitting")
        except Exception as exc:  # reported, counted as lost
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.conn.close()


def run_takers(port: int, tokens: list[str], think: float, timeout: float
               ) -> tuple[list[Taker], float]:
    """One Taker thread per invitation token against the server on `port`, all at once,
    each waiting `think` seconds before each answer; returns them once all are done (or
    `timeout` seconds have passed) with the wall time they took."""
    deadline = time.monotonic() + timeout
    threads = [Taker(port, token, think, deadline) for token in tokens]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, deadline - time.monotonic()))
    return threads, time.perf_counter() - started


def start_server(project: Path) -> tuple[subprocess.Popen[str], int]:
    """`crmgov serve` on 127.0.0.1 and a free port, in a child process; its port."""
    return serve(["--project", str(project)], dict(os.environ))


def serve(where: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    """`crmgov [where…] serve` on 127.0.0.1 and a free port (`where` names the project or
    the database), in a child process with `env`; its port."""
    crmgov = Path(sys.executable).parent / "crmgov"
    server = subprocess.Popen(
        [str(crmgov), *where, "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**env, "PYTHONUNBUFFERED": "1"},
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    match = re.search(r"127\.0\.0\.1:(\d+)/", line)
    if not match:
        server.kill()
        raise RuntimeError(f"crmgov serve did not start: {line!r}")
    return server, int(match.group(1))


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set (Linux VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def print_latencies(threads: list[Taker], indent: str = "") -> None:
    """p50/p95/max of the takers' answer POSTs, and of POST + next page."""
    posts = [v for t in threads for v in t.post_ms]
    rounds = [v for t in threads for v in t.round_ms]
    if posts:
        print(f"{indent}answer POST (saved durably):  p50 {pct(posts, .5):6.0f} ms   "
              f"p95 {pct(posts, .95):6.0f} ms   max {max(posts):6.0f} ms")
        print(f"{indent}answer + next page:           p50 {pct(rounds, .5):6.0f} ms   "
              f"p95 {pct(rounds, .95):6.0f} ms   max {max(rounds):6.0f} ms   "
              f"(mean {statistics.mean(rounds):.0f} ms)")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--takers", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20, help="per taker (even)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each taker waits before each answer, on average "
                        "(each pause drawn in ±50 %%; 0: none)")
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    takers = min(args.takers, 200)
    folder = Path(tempfile.mkdtemp(prefix="crmgov-bench-web-"))
    store = quiz_project(folder / "quiz.json", takers=takers, per_section=args.questions // 2,
                         time_limit_minutes=120)
    people = store.all("staff")
    issued = issue(store, people, {p.id: QUIZ for p in people}, timedelta(days=1),
                   datetime.now())
    server, port = start_server(store.path)
    try:
        threads, wall = run_takers(port, [one.token for one in issued], args.think,
                                   args.timeout)
        rss = peak_rss_mib(server.pid)
        cpu = cpu_seconds(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)
    check = ProjectStore(store.path, "bench")
    check.load()
    attempts = check.all("quiz_attempts")
    submitted = [a for a in attempts if a.submitted]
    answers = sum(1 for a in attempts for i in a.items if i.answer)
    errors = [t.error for t in threads if t.error]
    requests = sum(t.requests for t in threads)
    print(f"{takers} takers x {args.questions} answers + submit, think {args.think:g} s, "
          f"{os.cpu_count()} cores; {requests} requests in {wall:.1f} s "
          f"({requests / wall:.0f}/s)")
    print_latencies(threads)
    print(f"server peak RSS: {rss:.1f} MiB; server CPU {cpu:.1f} s "
          f"({cpu / max(1, requests) * 1000:.1f} ms a request)")
    expected = takers * args.questions
    lost = (takers - len(submitted)) + (expected - answers)
    print(f"kept: {len(submitted)}/{takers} attempts submitted, {answers}/{expected} answers, "
          f"{len(check.all('certifications'))} certificates; "
          + ("nothing lost" if not lost and not errors else f"LOST {lost}; errors: {errors[:3]}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
