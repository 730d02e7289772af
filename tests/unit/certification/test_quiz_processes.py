"""Eight people taking quizzes on one project file at once: every answer and every attempt
is kept (each save is its own locked read-modify-write), and the audit trail verifies."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta

import pytest

from crmgov.services.audit import verify_trail
from crmgov.storage.store import ProjectStore
from tests.conftest import fixed_clock
from tests.unit.certification.factory import seed_store

pytestmark = pytest.mark.slow

_fork = multiprocessing.get_context("fork")
START = datetime(2026, 11, 23, 9, 0)
TAKERS = 8


def _taker(path: str, staff_id: int, start: object) -> None:
    from crmgov.services.certification import quiz as Q

    start.wait()  # type: ignore[attr-defined]
    store = ProjectStore(path, f"taker-{staff_id}", clock=fixed_clock)
    view = Q.start_attempt(store, staff_id, None, START, seed=staff_id)
    for q in view.questions:
        # Change one's mind once: both saves land, the last one counts.
        Q.save_answer(store, view.attempt_id, q.position, [0], START + timedelta(minutes=1))
        Q.save_answer(store, view.attempt_id, q.position, [1], START + timedelta(minutes=2))
    Q.submit_attempt(store, view.attempt_id, START + timedelta(minutes=3))


def test_eight_processes_keep_every_answer(empty_store: ProjectStore) -> None:
    ids = seed_store(empty_store, people=TAKERS)
    start = _fork.Event()
    procs = [_fork.Process(target=_taker, args=(str(empty_store.path), sid, start))
             for sid in ids]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    store = ProjectStore(empty_store.path, "checker")
    store.load()
    attempts = store.all("quiz_attempts")
    assert sorted(a.staff_id for a in attempts) == sorted(ids)
    for a in attempts:
        assert a.submitted and len(a.items) == 8
        for item in a.items:
            assert item.answer == [item.options[1]]  # the last choice, as a bank index
    assert verify_trail(store.path).broken is None
