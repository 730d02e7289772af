"""The quiz server under concurrency: fresh links while a batch is being written."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.services.web.invites import issue
from crmgov.storage.store import ProjectStore
from crmgov.web.desk import Desk
from tests.unit.web.conftest import START

TAKERS = 16


class _WatchedLock:
    """A threading.Lock that counts the threads waiting for it (blocking acquires)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = threading.Lock()
        self.waiting = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if blocking:
            with self._count:
                self.waiting += 1
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _until(condition: Any, what: str) -> None:
    """Poll `condition` (a safety-net deadline only, never a timing assertion)."""
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.002)


def test_fresh_links_opened_at_once_all_open(tmp_path: Path) -> None:
    """16 links just issued by another process (`crmgov quiz invite`), opened at once: the
    first request's reread holds the desk's lock, so the others found it busy, skipped
    their reread and judged the tokens on stale data (3-5 of 16 refused, each counted as
    a wrong token). Here the lock is held for them (the first reread still running):
    every link opens."""
    store = quiz_project(tmp_path / "p.json", takers=TAKERS, clock=lambda: START)
    desk = Desk(store, clock=lambda: START)
    lock = _WatchedLock()
    desk._lock = desk.writer._lock = lock  # type: ignore[assignment]
    store.refresh()

    other = ProjectStore(store.path, "pm")  # the PM's `crmgov quiz invite`
    other.load()
    people = [other.get("staff", i) for i in range(1, TAKERS + 1)]
    issued = issue(other, people, {p.id: QUIZ for p in people}, timedelta(days=7), START)

    admitted: list[object] = [None] * TAKERS

    def open_link(i: int) -> None:
        admitted[i] = desk.admit(issued[i].token)

    openers = [threading.Thread(target=open_link, args=(i,)) for i in range(TAKERS)]
    assert lock.acquire()  # another request's reread (or a batch) holds the lock
    lock.waiting = 0
    try:
        for thread in openers:
            thread.start()
        # Every opener has either answered already (on stale data) or waits for the lock.
        _until(lambda: lock.waiting + sum(not t.is_alive() for t in openers) >= TAKERS,
               "the openers neither finished nor waited")
    finally:
        lock.release()
    for thread in openers:
        thread.join(30)
    refused = [issued[i].person.name for i in range(TAKERS) if admitted[i] is None]
    assert refused == []
    assert [getattr(a, "id", None) for a in admitted] == [i.invitation.id for i in issued]


def test_a_fresh_link_opens_through_the_page_while_the_lock_is_busy(tmp_path: Path) -> None:
    """The same through /i/TOKEN: no refusal page, no wrong token counted."""
    from tests.unit.web.conftest import build

    quiz = build(tmp_path / "quiz.json")
    lock = _WatchedLock()
    quiz.desk._lock = quiz.desk.writer._lock = lock  # type: ignore[assignment]
    other = ProjectStore(quiz.store.path, "pm")
    other.load()
    [one] = issue(other, [other.get("staff", 1)], {1: QUIZ}, timedelta(days=7), START)
    status: list[int] = []
    thread = threading.Thread(
        target=lambda: status.append(quiz.browser().get(f"/i/{one.token}").status_code))
    assert lock.acquire()
    lock.waiting = 0
    try:
        thread.start()
        _until(lambda: lock.waiting or not thread.is_alive(),
               "the request neither answered nor waited")
    finally:
        lock.release()
    thread.join(30)
    assert status == [200]
    assert not quiz.desk.limit._all  # nothing counted as a wrong token
