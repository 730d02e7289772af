"""The store under real processes: writers killed mid-write, and eight writers at once.

Processes are forked from the test process (modules already imported), so each one starts
in milliseconds; the tests wait on messages from the writers, never on the clock.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from pathlib import Path

import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.services.audit import verify_trail
from crmgov.storage.atomic import orphan_temp_files
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW, fixed_clock

pytestmark = pytest.mark.slow

_fork = multiprocessing.get_context("fork")


def _writer(path: str, conn: object) -> None:
    """Insert and update issues forever, reporting each commit through the pipe."""
    store = ProjectStore(path, f"writer-{os.getpid()}", clock=fixed_clock)
    issue = synthetic_issues(1, FIXED_NOW, seed=7)[0]
    n = 0
    while True:
        n += 1
        with store.transaction("test.write") as txn:
            txn.insert("issues", issue)
            first = store.get("issues", 1)
            txn.update("issues", first.model_copy(update={"title": f"rewritten {n}"}))
        conn.send(n)  # type: ignore[attr-defined]


def _inserter(path: str, count: int, start: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    store = ProjectStore(path, f"inserter-{os.getpid()}", clock=fixed_clock)
    issue = synthetic_issues(1, FIXED_NOW, seed=3)[0]
    for i in range(count):
        with store.transaction("test.insert") as txn:
            txn.insert("issues", issue.model_copy(update={"title": f"{os.getpid()} #{i}"}))


def test_kill_9_mid_write_never_damages_the_file(empty_store: ProjectStore) -> None:
    """Contract: after kill -9 at any moment the file loads; the trail verifies (a torn
    last line is reported, not counted as broken); the next transaction removes orphaned
    temp files, cuts the torn line off, and records events that never reached the file."""
    with empty_store.transaction("fill") as txn:
        txn.insert_many("issues", synthetic_issues(2000, FIXED_NOW))
    path = empty_store.path
    rng = random.Random(42)
    orphans_seen = torn_seen = 0
    for _round in range(30):
        receiver, sender = _fork.Pipe(duplex=False)
        proc = _fork.Process(target=_writer, args=(str(path), sender))
        proc.start()
        sender.close()
        receiver.recv()  # the writer is up and has committed once
        # Kill at a random moment of the following commits: wait for the next commit, but
        # give up after a random few ms (a timed wait on the pipe, not a sleep).
        receiver.poll(rng.uniform(0.0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
        proc.join()
        receiver.close()

        orphans_seen += bool(orphan_temp_files(path))
        store = ProjectStore(path, "checker", clock=fixed_clock)
        store.load()  # never DamagedProject
        report = verify_trail(path)
        assert report.ok, report.broken
        torn_seen += report.torn_line is not None

        with store.transaction("test.after-kill") as txn:
            txn.update("issues", store.get("issues", 2))
        assert not orphan_temp_files(path)
        after = verify_trail(path)
        assert after.ok and after.torn_line is None
    # A store opened after the last kill sees a consistent, complete file.
    final = ProjectStore(path, "checker")
    final.load()
    assert final.count("issues") >= 2000
    print(f"kills: 30, orphaned temp files: {orphans_seen}, torn audit lines: {torn_seen}")


def test_eight_processes_fifty_inserts_each_lose_nothing(empty_store: ProjectStore) -> None:
    path = str(empty_store.path)
    start = _fork.Event()
    procs = [_fork.Process(target=_inserter, args=(path, 50, start)) for _ in range(8)]
    for proc in procs:
        proc.start()
    start.set()
    for proc in procs:
        proc.join(timeout=120)
        assert proc.exitcode == 0
    store = ProjectStore(path, "checker")
    store.load()
    issues = store.all("issues")
    assert len(issues) == 400
    assert len({i.id for i in issues}) == 400
    assert len({i.title for i in issues}) == 400
    report = verify_trail(Path(path))
    assert report.ok and report.events >= 401
