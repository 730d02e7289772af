"""Writer processes against the server: concurrent writers lose nothing; a writer killed
(-9) in the middle of its transaction leaves the database as it was, trail verified."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from crmgov.cli import main
from crmgov.services.projects import init_project, open_project
from tests.conftest import fixed_clock

_WRITER = """
import sys
from benchmarks.fixtures import synthetic_issues
from crmgov.services.projects import open_project
from tests.conftest import FIXED_NOW
dsn, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = open_project(dsn, name)
issue = synthetic_issues(1, FIXED_NOW)[0]
for n in range(count):
    with store.transaction("issue.add") as txn:
        txn.insert("issues", issue.model_copy(update={"title": f"{name} {n}"}))
"""

_STUCK = """
import sys
from benchmarks.fixtures import synthetic_issues
from crmgov.services.projects import open_project
from crmgov.storage.postgres.store import PgStore
from tests.conftest import FIXED_NOW
dsn = sys.argv[1]
store = open_project(dsn, "doomed")
real = PgStore._append
def stop_here(self, conn, events):
    print("rows written", flush=True)  # the rows are in, uncommitted; wait to be killed
    sys.stdin.read()
    return real(self, conn, events)
PgStore._append = stop_here
with store.transaction("issue.add") as txn:
    txn.insert_many("issues", synthetic_issues(50, FIXED_NOW))
"""


def _python(code: str, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], text=True, cwd=os.getcwd(), **kwargs
    )


def test_concurrent_writer_processes_lose_nothing(pg_dsn: str) -> None:
    init_project(pg_dsn, "Team", "lead", clock=fixed_clock)
    writers = [_python(_WRITER, pg_dsn, f"w{n}", "10") for n in range(4)]
    assert [w.wait(timeout=300) for w in writers] == [0, 0, 0, 0]
    store = open_project(pg_dsn, "reader")
    titles = sorted(i.title for i in store.all("issues"))
    assert titles == sorted(f"w{w} {n}" for w in range(4) for n in range(10))
    assert store.ids("issues") == list(range(1, 41))
    assert store.audit_seq == 41
    assert main(["--database", pg_dsn, "audit", "verify"]) == 0


def test_a_writer_killed_mid_transaction_leaves_the_database_consistent(pg_dsn: str) -> None:
    init_project(pg_dsn, "Team", "lead", clock=fixed_clock)
    doomed = _python(_STUCK, pg_dsn, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert doomed.stdout is not None and doomed.stdout.readline() == "rows written\n"
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=60)
    store = open_project(pg_dsn, "after")
    assert store.count("issues") == 0 and store.audit_seq == 1
    # the row lock died with it: the next writer goes on, with the next id
    writer = _python(_WRITER, pg_dsn, "next", "1")
    assert writer.wait(timeout=300) == 0
    assert open_project(pg_dsn, "x").ids("issues") == [1]
    assert main(["--database", pg_dsn, "audit", "verify"]) == 0
