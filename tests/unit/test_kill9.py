"""The kill -9 helper (tests/kill9.py) on the JSON backend: every reported commit survives,
at most the one unreported commit more, and the file always opens."""

from __future__ import annotations

import os
import random
from collections.abc import Callable

import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.services.audit import verify_trail
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW, fixed_clock
from tests.kill9 import kill_mid_write

pytestmark = pytest.mark.slow


def _adder(location: str, report: Callable[[int], None]) -> None:
    store = ProjectStore(location, f"writer-{os.getpid()}", clock=fixed_clock)
    issue = synthetic_issues(1, FIXED_NOW, seed=5)[0]
    n = 0
    while True:
        with store.transaction("test.kill9") as txn:
            txn.insert("issues", issue.model_copy(update={"title": f"{os.getpid()} #{n}"}))
        n += 1
        report(n)


def test_every_reported_commit_survives_a_kill_9(empty_store: ProjectStore) -> None:
    path = empty_store.path
    counts = [0]

    def check(_round: int, acked: int) -> None:
        store = ProjectStore(path, "checker", clock=fixed_clock)
        store.load()
        now = store.count("issues")
        assert counts[-1] + acked <= now <= counts[-1] + acked + 1
        counts.append(now)

    total = kill_mid_write(_adder, str(path), rounds=5, rng=random.Random(23), check=check)
    assert total >= 5  # each round committed at least once before its kill
    assert verify_trail(path).ok
