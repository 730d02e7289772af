"""`crmgov init --database`, `db push/pull/upgrade`, `audit verify` on a database, and the
bad-input errors of the PostgreSQL backend: one line, exit 2, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from crmgov.cli import main
from crmgov.services.demo.writer import write_demo
from crmgov.services.projects import open_project
from crmgov.storage.errors import DatabaseError
from crmgov.storage.postgres.schema import DB_SCHEMA_VERSION
from tests.conftest import FIXED_NOW, fixed_clock


def _crmgov(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from crmgov.cli import run; run()", *argv],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )


def _one_line_exit_2(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_init_add_and_list_on_a_database(pg_dsn: str, capsys: Any) -> None:
    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    assert main(["--database", pg_dsn, "issue", "add", "--title", "Login fails",
                 "--description", "d", "--urgency", "urgent"]) == 0
    capsys.readouterr()
    assert main(["--database", pg_dsn, "issue", "list"]) == 0
    assert "Login fails" in capsys.readouterr().out
    # init refuses a database that already holds a project
    assert main(["init", "--database", pg_dsn, "--name", "Again"]) == 2
    assert open_project(pg_dsn, "x").project.name == "Team"


def test_push_then_pull_gives_the_same_bytes_and_both_verify(
    pg_dsn: str, tmp_path: Path, capsys: Any
) -> None:
    demo = tmp_path / "demo.json"
    write_demo(demo, "tester", language="en", today=FIXED_NOW.date(), clock=fixed_clock)
    assert main(["db", "push", str(demo), pg_dsn]) == 0
    assert main(["--database", pg_dsn, "audit", "verify"]) == 0
    back = tmp_path / "back.json"
    assert main(["db", "pull", pg_dsn, str(back)]) == 0
    assert back.read_bytes() == demo.read_bytes()
    trail = demo.with_name("demo.audit.jsonl").read_bytes()
    assert back.with_name("back.audit.jsonl").read_bytes() == trail
    assert main(["--project", str(back), "audit", "verify"]) == 0
    # a change on the database lands in the next pull, still verified
    assert main(["--database", pg_dsn, "issue", "add", "--title", "New",
                 "--description", "d", "--urgency", "general"]) == 0
    again = tmp_path / "again.json"
    assert main(["db", "pull", pg_dsn, str(again)]) == 0
    assert main(["--project", str(again), "audit", "verify"]) == 0
    assert "New" in again.read_text(encoding="utf-8")
    # pushing into a database that holds a project, or pulling over a file, is refused
    assert main(["db", "push", str(demo), pg_dsn]) == 2
    assert main(["db", "pull", pg_dsn, str(back)]) == 2
    capsys.readouterr()


def test_a_wrong_dsn_is_one_line(tmp_path: Path) -> None:
    missing = f"postgresql://nobody@/none?host={tmp_path}&port=1"
    _one_line_exit_2(_crmgov("--database", missing, "status"), "cannot connect")


def test_a_refused_password_is_one_line_and_not_shown(pg_cluster: Any, pg_dsn: str) -> None:
    if pg_cluster.password_dsn is None:
        pytest.skip("the server in use has no password role")
    wrong = pg_cluster.password_dsn.replace(":crmgov-test-password@", ":wrong-secret@")
    result = _crmgov("init", "--database", wrong, "--name", "X")
    _one_line_exit_2(result, "password")
    assert "wrong-secret" not in result.stderr


def test_a_newer_schema_is_refused(pg_dsn: str) -> None:
    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("UPDATE crmgov_schema SET version = %s", (DB_SCHEMA_VERSION + 1,))
    _one_line_exit_2(_crmgov("--database", pg_dsn, "status"), "upgrade crmgov")


def test_an_older_schema_asks_for_db_upgrade(pg_dsn: str, capsys: Any) -> None:
    with psycopg.connect(pg_dsn, autocommit=True) as conn:  # before migration 001
        conn.execute("CREATE TABLE crmgov_schema (version integer NOT NULL)")
        conn.execute("INSERT INTO crmgov_schema VALUES (0)")
    _one_line_exit_2(_crmgov("--database", pg_dsn, "status"), "crmgov db upgrade")
    capsys.readouterr()
    assert main(["--database", pg_dsn, "db", "upgrade"]) == 0
    assert f"to {DB_SCHEMA_VERSION}" in capsys.readouterr().out
    assert main(["--database", pg_dsn, "db", "upgrade"]) == 0
    assert "already up to date" in capsys.readouterr().out


def test_a_lost_connection_mid_write_changes_nothing(pg_dsn: str) -> None:
    assert main(["init", "--database", pg_dsn, "--name", "Team"]) == 0
    store: Any = open_project(pg_dsn, "writer")
    pid = store._db().info.backend_pid
    issue = __import__("benchmarks.fixtures", fromlist=["x"]).synthetic_issues(1, FIXED_NOW)[0]
    with pytest.raises(DatabaseError, match="lost"):
        with store.transaction("issue.add") as txn:
            txn.insert("issues", issue)
            with psycopg.connect(pg_dsn, autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    fresh = open_project(pg_dsn, "reader")
    assert fresh.count("issues") == 0 and fresh.audit_seq == 1
    assert main(["--database", pg_dsn, "audit", "verify"]) == 0
    # the same store object connects again for its next change
    with store.transaction("issue.add") as txn:
        assert txn.insert("issues", issue).id == 1


def test_the_handover_and_the_tui_verify_a_databases_trail(pg_dsn: str, tmp_path: Path) -> None:
    """They asked verify_trail(store.path): on a database no file is there, so the
    handover checklist said the audit trail was missing."""
    from crmgov.services.audit import accept_changes, verify_store

    demo = tmp_path / "demo.json"
    write_demo(demo, "tester", language="en", today=FIXED_NOW.date(), clock=fixed_clock)
    assert main(["db", "push", str(demo), pg_dsn]) == 0
    store = open_project(pg_dsn, "auditor")
    report = verify_store(store)
    assert report.ok and report.missing is None and report.events == store.audit_seq
    accepted = accept_changes(store, "nothing to accept")
    assert not accepted.records and not accepted.lost
