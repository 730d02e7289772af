"""The quiz writer: changes arriving together share one transaction, lose nothing, and a
refusal stays with its own request."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.services.certification.errors import QuizRefused
from crmgov.services.certification.quiz import save_answer, start_attempt
from crmgov.services.web.invites import issue
from crmgov.storage.store import ProjectStore
from crmgov.web.batch import Writer
from crmgov.web.desk import Desk, Refused
from tests.unit.web.conftest import START


def _queued(writer: Writer, count: int) -> None:
    """Wait until `count` jobs are queued behind the one the writer holds."""
    deadline = time.monotonic() + 10
    while writer._queue.qsize() < count:
        assert time.monotonic() < deadline, "jobs were never queued"
        time.sleep(0.001)


@pytest.fixture
def store(tmp_path: Path) -> ProjectStore:
    return quiz_project(tmp_path / "p.json", takers=12, clock=lambda: START)


def test_answers_waiting_together_are_one_transaction(store: ProjectStore) -> None:
    attempts = [start_attempt(store, p.id, QUIZ, START).attempt_id for p in store.all("staff")]
    desk = Desk(store, clock=lambda: START)
    errors: list[BaseException] = []

    def answer(attempt_id: int, choice: int) -> None:
        try:
            desk.writer.run({("quiz_attempts", attempt_id)},
                            lambda s: save_answer(s, attempt_id, 0, [choice], START))
        except BaseException as exc:
            errors.append(exc)

    with desk._lock:  # the writer waits here with the first job; the rest queue up
        threads = [threading.Thread(target=answer, args=(a, 9 if a == attempts[5] else 0))
                   for a in attempts]
        threads[0].start()
        while desk.writer._queue.qsize() or desk.writer._thread is None:
            time.sleep(0.001)
        for t in threads[1:]:
            t.start()
        _queued(desk.writer, len(attempts) - 1)
    for t in threads:
        t.join(10)
    assert desk.writer.batches == 2 and desk.writer.jobs == len(attempts)
    assert len(errors) == 1 and isinstance(errors[0], QuizRefused)
    assert errors[0].code == "bad_answer"  # the refused one alone; the others landed
    fresh = ProjectStore(store.path, "check")
    fresh.load()
    saved = {a.id: a.items[0].answer is not None for a in fresh.all("quiz_attempts")}
    assert saved == {a: a != attempts[5] for a in attempts}
    events = [json.loads(line) for line in store.audit.path.read_text().splitlines()]
    assert sum(1 for e in events if e["action"] == "quiz.answer") == len(attempts) - 1


def test_two_answers_to_one_attempt_keep_their_order(store: ProjectStore) -> None:
    desk = Desk(store, clock=lambda: START)
    attempt_id = start_attempt(store, 1, QUIZ, START).attempt_id
    done: list[int] = []

    def answer(choice: int) -> None:
        desk.writer.run({("quiz_attempts", attempt_id)},
                        lambda s: save_answer(s, attempt_id, 0, [choice], START))
        done.append(choice)

    with desk._lock:
        first = threading.Thread(target=answer, args=(1,))
        first.start()
        while desk.writer._thread is None or desk.writer._queue.qsize():
            time.sleep(0.001)
        second = threading.Thread(target=answer, args=(2,))
        third = threading.Thread(target=answer, args=(3,))
        second.start()
        _queued(desk.writer, 1)
        third.start()
        _queued(desk.writer, 2)
    for t in (first, second, third):
        t.join(10)
    # 2 and 3 arrived together but touch the same attempt: two batches, in order.
    assert desk.writer.batches == 3 and done == [1, 2, 3]
    attempt = store.get("quiz_attempts", attempt_id)
    assert attempt.items[0].answer == [attempt.items[0].options[3]]


def test_a_failed_commit_fails_its_requests_and_writes_nothing(
    store: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = Desk(store, clock=lambda: START)
    [issued] = issue(store, [store.get("staff", 1)], {1: QUIZ}, timedelta(days=1), START)
    inv_id = issued.invitation.id
    before = store.path.read_bytes()

    def boom(*_a: object, **_k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("crmgov.storage.store.write_atomic", boom)
    with pytest.raises(OSError, match="disk full"):
        desk.start(store.get("invitations", inv_id), "en")
    assert store.path.read_bytes() == before
    monkeypatch.undo()
    sitting = desk.start(store.get("invitations", inv_id), "en")  # the writer goes on
    assert sitting.items and store.get("invitations", inv_id).attempt_id == sitting.attempt_id
    with pytest.raises(Refused):
        desk.answer(store.get("invitations", inv_id), 1, [7])
