"""Group commit: answers that arrive together are saved in one transaction.

Why: every transaction rewrites the project file and fsyncs it (~25 ms here, nearly all of
it waiting for the disk), so fifty takers answering at once queued for over a second when
each answer had its own. A writer thread takes every answer waiting, applies each with
certification's own `save_answer` (same rules, same refusals, one audit event per answer)
inside one transaction, commits once, then wakes each request. A request still returns
only after its answer is on disk.

`save_answer` opens its transaction with `store.transaction(...)`; here it is handed the
store with that one method joined to the batch's open transaction (`_Joined`). It checks
everything before it writes, so a refused answer changes nothing and the batch goes on.
Two answers to the same attempt never share a batch: the second waits for the next one,
because inside a transaction the store still reads the attempt as it was before.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from crmgov.services.certification.quiz import AnswerSaved, save_answer

if TYPE_CHECKING:
    from crmgov.storage.store import ProjectStore
    from crmgov.storage.transaction import Transaction

#: Most answers in one transaction (bounds one batch's time under a flood).
MAX_BATCH = 200


class _Joined:
    """The store, whose `transaction()` joins an already open transaction."""

    def __init__(self, store: ProjectStore, txn: Transaction) -> None:
        self._store, self._txn = store, txn

    @contextmanager
    def transaction(self, action: str) -> Iterator[Transaction]:
        yield self._txn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@dataclass
class _Job:
    attempt_id: int
    position: int
    choices: list[int]
    now: datetime
    done: threading.Event = field(default_factory=threading.Event)
    result: AnswerSaved | None = None
    error: BaseException | None = None


class AnswerWriter:
    """Saves answers for many request threads at once (see the module docstring)."""

    def __init__(self, store: ProjectStore, lock: threading.Lock) -> None:
        self.store = store
        self._lock = lock
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.batches = 0
        """Transactions committed so far (the benchmark reports answers per batch)."""

    def save(self, attempt_id: int, position: int, choices: Sequence[int], now: datetime
             ) -> AnswerSaved:
        """Like certification's `save_answer`, batched; returns once the answer is on disk
        and raises what `save_answer` raises."""
        self._ensure_thread()
        job = _Job(attempt_id, position, list(choices), now)
        self._queue.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="answer-writer",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        pending: list[_Job] = []
        while True:
            if not pending:
                pending.append(self._queue.get())
            while len(pending) < MAX_BATCH:
                try:
                    pending.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            batch: list[_Job] = []
            later: list[_Job] = []
            seen: set[int] = set()
            for job in pending:
                (later if job.attempt_id in seen else batch).append(job)
                seen.add(job.attempt_id)
            pending = later
            self._commit(batch)

    def _commit(self, batch: list[_Job]) -> None:
        try:
            with self._lock, self.store.transaction("quiz.answer") as txn:
                joined: Any = _Joined(self.store, txn)
                for job in batch:
                    try:
                        job.result = save_answer(joined, job.attempt_id, job.position,
                                                 job.choices, job.now)
                    except ValueError as exc:  # a refusal: this answer only
                        job.error = exc
            self.batches += 1
        except BaseException as exc:  # the commit failed: nothing of the batch was written
            for job in batch:
                if job.error is None:
                    job.result, job.error = None, exc
        finally:
            for job in batch:
                job.done.set()
