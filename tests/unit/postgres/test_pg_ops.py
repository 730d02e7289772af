"""The PostgreSQL backend as a team runs it: bad database addresses, a connection lost in
the middle of a command, the TUI's watch beside a transaction, and `crmgov serve`'s pool.

Bad input is one line, exit 2, the password never shown, nothing half-written.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest

from crmgov.cli import main
from crmgov.services.projects import open_project
from crmgov.storage.dsn import shown

SECRET = "s3cr%et"  # not valid percent-encoding: libpq refuses the DSN, quoting it


def _crmgov(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-c", "from crmgov.cli import run; run()", *argv],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def _one_line_exit_2(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def _sessions(dsn: str) -> int:
    """How many sessions other than ours are connected to `dsn`'s database."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        ).fetchone()
    assert row is not None
    return int(row[0])


# ------------------------------------------------------------------ the shown address
@pytest.mark.parametrize(("dsn", "expected"), [
    ("postgresql://pm:pw@db.example:5433/crm", "postgresql://pm@db.example:5433/crm"),
    ("postgresql://pm@db.example/crm?password=pw&sslmode=require",
     "postgresql://pm@db.example/crm?sslmode=require"),
    (f"postgresql://pm:{SECRET}@h/crm", "postgresql://pm@h/crm"),
    ("postgresql://pm:a/b@c@h/crm", "postgresql://pm@h/crm"),  # unescaped / and @
    ("postgres://pm:pw@[::1/crm", "postgres://pm@[::1/crm"),  # unclosed IPv6 bracket
    ("postgresql:///crm?host=/var/run/postgresql", "postgresql:///crm?host=/var/run/postgresql"),
])
def test_a_dsn_is_shown_without_its_password_and_keeps_its_slashes(
    dsn: str, expected: str
) -> None:
    assert shown(dsn) == expected


# ------------------------------------------------------------------ bad addresses
@pytest.mark.parametrize("argv", [
    ["--database", "{dsn}", "status"],
    ["init", "--database", "{dsn}", "--name", "X"],
    ["db", "push", "{file}", "{dsn}"],
    ["db", "pull", "{dsn}", "{out}"],
    ["--database", "{dsn}", "db", "upgrade"],
])
def test_a_malformed_dsn_is_one_line_without_the_password(argv: list[str], tmp_path: Path) -> None:
    """libpq's refusal quoted the password, through a traceback (exit 1)."""
    from crmgov.services.projects import init_project

    init_project(tmp_path / "p.json", "P", "tester")
    dsn = f"postgresql://pm:{SECRET}@127.0.0.1:1/crm"
    args = [a.format(dsn=dsn, file=tmp_path / "p.json", out=tmp_path / "out.json")
            for a in argv]
    result = _crmgov(*args)
    line = _one_line_exit_2(result, "postgresql://pm@127.0.0.1:1/crm", "not a database address")
    assert "s3cr" not in result.stderr + result.stdout, line
    assert not (tmp_path / "out.json").exists()


def test_a_database_option_that_is_not_a_dsn_is_refused_not_taken_for_a_file(
    tmp_path: Path,
) -> None:
    """`--database crm` created (and later opened) a project FILE named crm."""
    result = _crmgov("init", "--database", str(tmp_path / "crm"), "--name", "X")
    _one_line_exit_2(result, "not a database address")
    assert not (tmp_path / "crm").exists()
    result = _crmgov("status", env={"CRMGOV_DATABASE": "host=localhost dbname=crm password=pw"})
    line = _one_line_exit_2(result, "$CRMGOV_DATABASE")
    assert "pw" not in line.replace("postgresql", "")


def test_the_demo_opens_its_file_even_when_crmgov_database_is_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """`crmgov demo` with $CRMGOV_DATABASE exported wrote the demo file, then opened the
    team's database in the TUI."""
    seen: list[Any] = []
    monkeypatch.setattr("crmgov.cli.tui_cmd.open_tui",
                        lambda ctx: seen.append(ctx.settings.location) or 0)
    monkeypatch.setenv("CRMGOV_DATABASE", "postgresql://pm@db.example/crm")
    assert main(["demo", str(tmp_path / "demo.json")]) == 0
    assert seen == [tmp_path / "demo.json"]
    capsys.readouterr()


# ------------------------------------------------------------------ lost connection
def test_a_connection_lost_mid_command_is_one_line_and_changes_nothing(
    pg_dsn: str, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`crmgov issue add`, its backend terminated (pg_terminate_backend) inside the
    transaction, before the rows are written: one line, exit 2, nothing written."""
    from crmgov.storage.transaction import Transaction

    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    check = Transaction.check_references

    def terminated_first(txn: Transaction) -> None:
        pid = txn._store._db().info.backend_pid  # type: ignore[attr-defined]
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        check(txn)

    monkeypatch.setattr(Transaction, "check_references", terminated_first)
    capsys.readouterr()
    code = main(["--database", pg_dsn, "issue", "add", "--title", "Lost", "--description",
                 "d", "--urgency", "urgent"])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "lost" in lines[0] and "nothing was changed" in lines[0], err
    assert shown(pg_dsn) in lines[0] and not out
    monkeypatch.setattr(Transaction, "check_references", check)
    fresh = open_project(pg_dsn, "reader")
    assert fresh.count("issues") == 0 and fresh.audit_seq == 1
    assert main(["--database", pg_dsn, "audit", "verify"]) == 0
    # and the next command works (the id was not used up either)
    assert main(["--database", pg_dsn, "issue", "add", "--title", "Again", "--description",
                 "d", "--urgency", "urgent"]) == 0
    assert capsys.readouterr().out.split()[-1] == "1"


# ------------------------------------------------------------------ the TUI's watch
def test_the_watch_asks_on_its_own_connection_not_behind_a_transaction(pg_dsn: str) -> None:
    """The TUI asks `changed_on_disk` every 2 s while a worker's use case may hold a
    transaction on the store's one connection: the question waited for that
    transaction (the screen froze), and ran inside it. Here the transaction waits on a
    lock another session holds; the watch must answer meanwhile."""
    from crmgov.services.projects import init_project

    store: Any = init_project(pg_dsn, "Team", "writer")
    blocker = psycopg.connect(pg_dsn)  # holds the project row until released
    blocker.execute("SELECT 1 FROM project WHERE id = 1 FOR UPDATE")
    writing = threading.Thread(target=_one_change, args=(store,), daemon=True)
    writing.start()
    try:
        _wait_until_blocked(pg_dsn)
        answered = threading.Event()
        answers: list[bool] = []

        def watch() -> None:
            answers.append(store.changed_on_disk())
            answered.set()

        threading.Thread(target=watch, daemon=True).start()
        assert answered.wait(timeout=120), "the watch waited for the transaction"
        assert answers == [False]
    finally:
        blocker.rollback()
        blocker.close()
        writing.join(timeout=120)
    assert store.count("issues") == 1
    store.close()
    assert _sessions(pg_dsn) == 0  # close() ends the watch connection too


def _one_change(store: Any) -> None:
    from benchmarks.fixtures import synthetic_issues
    from tests.conftest import FIXED_NOW

    with store.transaction("issue.add") as txn:
        txn.insert("issues", synthetic_issues(1, FIXED_NOW)[0])


def _wait_until_blocked(dsn: str) -> None:
    """Until a session of the database waits on a lock (the writer's FOR UPDATE)."""
    import time

    deadline = time.monotonic() + 120  # a safety net only
    with psycopg.connect(dsn, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock'"
            ).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the writer never waited on the lock")


# ------------------------------------------------------------------ crmgov serve
def test_serve_closes_its_connection_pool_when_it_stops(
    pg_dsn: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """The pool stayed open after the server stopped (sessions left on the server)."""
    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    served: list[int] = []
    kept: list[Any] = []  # the store outlives the command here: only close() ends the pool

    def stopped_at_once(store: Any, sock: Any, trusted_proxies: Any = ()) -> None:
        served.append(_sessions(pg_dsn))  # the pool's connection while serving
        kept.append(store)
        sock.close()

    monkeypatch.setattr("crmgov.web.server.run_server", stopped_at_once)
    assert main(["--database", pg_dsn, "serve", "--port", "0"]) == 0
    assert served and served[0] >= 1
    assert _sessions(pg_dsn) == 0
    assert kept[0]._pool.closed
    assert "stopped serving" in capsys.readouterr().out


def test_serve_closes_its_pool_when_the_port_is_taken(
    pg_dsn: str, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    from crmgov.storage.postgres import PgStore

    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    opened: list[Any] = []
    monkeypatch.setattr(PgStore, "load", _recorded(PgStore.load, opened))
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = taken.getsockname()[1]
        assert main(["--database", pg_dsn, "serve", "--port", str(port)]) == 2
    finally:
        taken.close()
    assert "cannot listen" in capsys.readouterr().err
    assert _sessions(pg_dsn) == 0
    assert opened and opened[0]._pool.closed


def _recorded(load: Any, opened: list[Any]) -> Any:
    def recording(store: Any) -> None:
        opened.append(store)  # kept alive: only close() ends its connections
        load(store)

    return recording


# ------------------------------------------------------------------ db upgrade
def test_db_upgrade_of_an_empty_database_is_refused_and_leaves_it_empty(
    pg_dsn: str, capsys: Any
) -> None:
    """It made the tables without a project: `init` and `db push` then refused the
    database as holding a project, and every command said its project row was missing."""
    assert main(["--database", pg_dsn, "db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothing to upgrade" in err[0] and "crmgov init" in err[0]
    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    assert main(["--database", pg_dsn, "db", "upgrade"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_db_upgrade_without_a_database_asks_for_one(
    capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CRMGOV_DATABASE", raising=False)
    assert main(["db", "upgrade"]) == 2
    assert "--database DSN" in capsys.readouterr().err


def test_a_change_after_the_server_ended_an_idle_session_is_saved(pg_dsn: str) -> None:
    """The server ended the store's session while it sat idle (a restart, an idle
    timeout): the next change connects again instead of failing with "the connection to
    the database was lost" (the TUI's first save after a pause failed that way)."""
    from crmgov.services.issues.log import add_issue
    from crmgov.services.projects import init_project

    init_project(pg_dsn, "Team", "tester").close()  # type: ignore[attr-defined]
    store: Any = open_project(pg_dsn, "pm")
    store.IDLE_CHECK = 0.0  # every use counts as after a pause
    first = add_issue(store, title="First", description="d", urgency="general",
                      now=store.clock())
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        ended = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
            "datname = current_database() AND pid <> pg_backend_pid()").fetchall()
    assert ended, "the store's session was not found"
    second = add_issue(store, title="Second", description="d", urgency="general",
                       now=store.clock())
    assert second.id == first.id + 1
    store.close()
    reader: Any = open_project(pg_dsn, "reader")
    assert [i.title for i in reader.all("issues")] == ["First", "Second"]
    reader.close()
