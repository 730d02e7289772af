"""kill -9 of a writer, on both backends (issue 23; the helper is tests/kill9.py): every
commit the writer reported survives, at most the one it had no time to report is there
too, nothing half-written, the audit chain holds, and the next writer is not kept waiting
by anything the dead one held (PostgreSQL rolls its open transaction back)."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.domain.audit import GENESIS, event_hash
from crmgov.services.audit import verify_trail
from crmgov.services.projects import init_project, open_project
from tests.conftest import FIXED_NOW, fixed_clock
from tests.kill9 import kill_mid_write, terminate_sessions

pytestmark = pytest.mark.slow


@pytest.fixture(params=["json", "pg"])
def location(request: pytest.FixtureRequest, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> str:
    """A new project on each backend; its location (a file path or a DSN)."""
    if request.param == "json":
        where = str(tmp_path / "p.json")
    else:
        where = request.getfixturevalue("pg_dsn")
        # a safety net, not a timing: a lock a dead writer kept would fail the test in a
        # minute instead of hanging it
        monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=60000")
    _close(init_project(where, "Kill 9", "tester", clock=fixed_clock))
    return where


def _close(store: Any) -> None:
    if hasattr(store, "close"):
        store.close()


def _adder(location: str, report: Callable[[int], None]) -> None:
    """Forever: one issue per transaction, plus an edit of issue 1 (two records a
    transaction, so a half-applied one would show)."""
    store = open_project(location, f"writer-{os.getpid()}", clock=fixed_clock)
    issue = synthetic_issues(1, FIXED_NOW, seed=5)[0]
    n = 0
    while True:
        with store.transaction("test.kill9") as txn:
            added = txn.insert("issues", issue.model_copy(update={"title": f"w{os.getpid()} #{n}"}))
            first = store.get("issues", 1) if added.id != 1 else added
            txn.update("issues", first.model_copy(update={"description": f"last: {added.id}"}))
        n += 1
        report(n)


def _chain_ok(location: str) -> bool:
    store = open_project(location, "checker", clock=fixed_clock)
    try:
        if store.file_backed:
            return verify_trail(Path(location)).ok
        prev = GENESIS
        for seq, line in enumerate(store.audit_lines(), start=1):  # type: ignore[attr-defined]
            event = orjson.loads(line)
            if event["seq"] != seq or event["prev_hash"] != prev or event["hash"] != event_hash(
                event
            ):
                return False
            prev = event["hash"]
        return True
    finally:
        _close(store)


def test_every_reported_commit_survives_a_kill_9(location: str) -> None:
    counts = [0]

    def check(_round: int, acked: int) -> None:
        store = open_project(location, "checker", clock=fixed_clock)
        try:
            now = store.count("issues")
            assert counts[-1] + acked <= now <= counts[-1] + acked + 1
            newest = store.get("issues", max(store.ids("issues")))
            # the edit of issue 1 came in the same transaction as the newest issue
            assert store.get("issues", 1).description == f"last: {newest.id}"
            with store.transaction("test.after-kill") as txn:  # nothing left locked
                txn.update("issues", store.get("issues", 1))
        finally:
            _close(store)
        counts.append(now)

    total = kill_mid_write(_adder, location, rounds=8, rng=random.Random(23), check=check)
    assert total >= 8  # each round committed at least once before its kill
    assert _chain_ok(location)


def test_a_connection_lost_mid_write_loses_only_that_transaction(
    pg_server: str, pg_dsn: str
) -> None:
    """The server ends the writer's session at a random moment of its commits (a lost
    connection): the transaction in flight is rolled back whole, the writer stops with an
    error (it does not hang), and the store stays consistent."""
    _close(init_project(pg_dsn, "Lost connection", "tester", clock=fixed_clock))
    dbname = pg_dsn.split("?")[0].rsplit("/", 1)[1]
    counts = [0]

    def writer(location: str, report: Callable[[int], None]) -> None:
        try:
            _adder(location, report)
        except Exception:  # the lost connection: this writer ends, as a command would
            os._exit(3)

    def check(_round: int, acked: int) -> None:
        store = open_project(pg_dsn, "checker", clock=fixed_clock)
        try:
            now = store.count("issues")
            assert counts[-1] + acked <= now <= counts[-1] + acked + 1
            newest = store.get("issues", max(store.ids("issues")))
            assert store.get("issues", 1).description == f"last: {newest.id}"
        finally:
            _close(store)
        counts.append(now)

    def lose_connection(proc: Any) -> None:
        terminate_sessions(pg_server, dbname)

    kill_mid_write(writer, pg_dsn, rounds=6, rng=random.Random(7), check=check,
                   stop=lose_connection)
    assert _chain_ok(pg_dsn)
