"""Group commit: the quiz's changes that arrive together are saved in one transaction.

Why: every transaction rewrites the project file and fsyncs it (~25 ms here, nearly all of
it waiting for the disk), so fifty takers answering at once queued for over a second when
each answer had its own. One writer thread takes every change waiting (answers, starts,
submits), runs each with certification's own service functions (`save_answer`,
`start_attempt`, `submit_attempt`: the same rules, the same refusals, one audit event per
record changed, under the action each service names) inside one transaction, commits once,
then wakes each request. A request still returns only after its change is on disk.

The services open their transaction with `store.transaction(action)`; here they are handed
the store with that one method joined to the batch's open transaction (`_Joined`). They
check before they write, so a refusal changes nothing and the batch goes on; any other
error abandons the whole batch (nothing of it is written) and fails each of its requests.
Two changes to the same record never share a batch (each job names its `keys`): inside a
transaction the store still reads records as they were before it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from crmgov.services.certification.errors import CertificationError

if TYPE_CHECKING:
    from crmgov.storage.interface import Store
    from crmgov.storage.transaction import Transaction

T = TypeVar("T")
#: Most changes in one transaction (bounds one batch's time under a flood).
MAX_BATCH = 200
#: Seconds the writer thread waits for work before it ends (started again on demand), so
#: an idle server, or a test, is not left with a thread that never ends.
IDLE_SECONDS = 0.5


class _Joined:
    """The store, whose `transaction(action)` joins the batch's open transaction."""

    def __init__(self, store: Store, txn: Transaction) -> None:
        self._store, self._txn = store, txn

    @contextmanager
    def transaction(self, action: str) -> Iterator[Transaction]:
        self._txn.action = action  # the audit trail names each service's own use case
        yield self._txn

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@dataclass
class _Job:
    keys: frozenset[tuple[str, int]]
    work: Callable[[Any], Any]
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class Writer:
    """Runs changes for many request threads at once (see the module docstring)."""

    def __init__(self, store: Store, lock: threading.Lock) -> None:
        self.store = store
        self._lock = lock
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.batches = 0
        """Transactions committed so far."""
        self.jobs = 0
        """Changes committed so far."""

    def run(self, keys: set[tuple[str, int]], work: Callable[[Any], T]) -> T:
        """`work(store)` inside a batch's transaction; returns its result once the batch is
        on disk, or raises what it raised. `keys` name the records it changes, e.g.
        {("quiz_attempts", 7)}. Never call it holding the desk's lock."""
        job = _Job(frozenset(keys), work)
        with self._start_lock:  # with the idle check in _loop: no job is left unserved
            self._ensure_thread()
            self._queue.put(job)
        job.done.wait()
        if job.error is not None:
            raise job.error
        result: T = job.result
        return result

    def _ensure_thread(self) -> None:
        """Start the writer thread if it is not running (call with `_start_lock` held)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="quiz-writer",
                                            daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        pending: list[_Job] = []
        while True:
            if not pending:
                try:
                    pending.append(self._queue.get(timeout=IDLE_SECONDS))
                except queue.Empty:
                    with self._start_lock:
                        if self._queue.empty():
                            self._thread = None
                            return
                    continue
            while len(pending) < MAX_BATCH:
                try:
                    pending.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            batch: list[_Job] = []
            later: list[_Job] = []
            taken: set[tuple[str, int]] = set()
            for job in pending:
                if job.keys & taken:
                    later.append(job)
                else:
                    batch.append(job)
                    taken |= job.keys
            pending = later
            self._commit(batch)

    def _commit(self, batch: list[_Job]) -> None:
        try:
            with self._lock, self.store.transaction("quiz.batch") as txn:
                joined: Any = _Joined(self.store, txn)
                for job in batch:
                    try:
                        job.result = job.work(joined)
                    except CertificationError as exc:  # a refusal: this job only
                        job.error = exc
            self.batches += 1
            self.jobs += len(batch)
        except BaseException as exc:  # the commit failed: nothing of the batch was written
            for job in batch:
                job.result, job.error = None, exc
        finally:
            for job in batch:
                job.done.set()
