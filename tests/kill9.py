"""Kill a writer process with SIGKILL at random moments of its commits (issue 23).

The writer runs in a forked process (modules already imported, so it starts in
milliseconds) and reports every commit through a pipe; `kill_mid_write` waits for its
first commit, then kills it at a random moment of the following ones (a timed wait on the
pipe, never a sleep), and hands the caller the number of commits the writer reported before
it died. A commit the writer made but had no time to report is possible: it is the one
commit past `acked` a check must allow, no more.

Backend-agnostic: the writer opens the store itself from a location (a project file or a
postgresql:// DSN). Killing the client mid-transaction is what the server backend must
survive (the server rolls the open transaction back); `terminate_sessions` ends a
database's sessions from the server side (a lost connection mid-write).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

_fork = multiprocessing.get_context("fork")

#: A writer: loops forever, calling report(n) after its n-th commit.
Writer = Callable[[str, Callable[[int], None]], None]


def _run_writer(writer: Writer, location: str, conn: Connection) -> None:
    writer(location, conn.send)


def kill_mid_write(
    writer: Writer,
    location: str,
    *,
    rounds: int,
    rng: random.Random,
    check: Callable[[int, int], None],
    window: float = 0.05,
    first_commit_timeout: float = 300.0,
    stop: Callable[[Any], None] | None = None,
) -> int:
    """Run `rounds` writers one after the other, each SIGKILLed at a random moment within
    `window` seconds after its first reported commit; after each, call
    `check(round, acked)` with the commits that writer reported. Returns all acked commits.

    `stop(process)` replaces the SIGKILL (e.g. `terminate_sessions`: the writer then
    meets a lost connection and must end by itself; it is killed only if it has not
    ended `first_commit_timeout` seconds later, a safety net)."""
    total = 0
    for number in range(rounds):
        receiver, sender = _fork.Pipe(duplex=False)
        proc = _fork.Process(target=_run_writer, args=(writer, location, sender))
        proc.start()
        sender.close()
        try:
            # a safety net only: the writer reports its first commit long before this
            if not receiver.poll(first_commit_timeout):
                raise AssertionError(f"round {number}: the writer never committed")
            acked = _recv(receiver, 0)
            if acked == 0:
                raise AssertionError(f"round {number}: the writer died: exit {_join(proc)}")
            receiver.poll(rng.uniform(0.0, window))
            if stop is None:
                os.kill(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
            else:
                stop(proc)
                proc.join(first_commit_timeout)
                if proc.is_alive():
                    raise AssertionError(f"round {number}: the writer outlived stop()")
            proc.join()
            while receiver.poll(0):  # reports already in the pipe when it died
                got = _recv(receiver, acked)
                if got == acked:
                    break
                acked = got
        finally:
            if proc.is_alive():
                os.kill(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
                proc.join()
            receiver.close()
        total += acked
        check(number, acked)
    return total


def _recv(receiver: Connection, default: int) -> int:
    try:
        return int(receiver.recv())
    except EOFError:
        return default


def _join(proc: Any) -> object:
    proc.join()
    return proc.exitcode


def terminate_sessions(superuser_dsn: str, dbname: str) -> int:
    """End every session connected to `dbname` (pg_terminate_backend): to the clients it
    is a connection lost mid-write. Returns how many were ended."""
    import psycopg

    with psycopg.connect(superuser_dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        ).fetchall()
    return sum(1 for (ended,) in rows if ended)
