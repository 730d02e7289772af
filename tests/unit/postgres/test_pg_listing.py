"""`crmgov issue list --json` prints the same bytes on both backends (issue 23's overdue
listing: a database reads the rows and their JSON in one query, `matching_rows_json`).

The same issues go into a project file and a database; every filter's output on the
database must be the file's, byte for byte, with the clock frozen (crmgov.config.now).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.cli import main
from crmgov.domain.enums import IssueStatus, Urgency
from crmgov.domain.issues.model import Transition
from crmgov.services.issues.rows import (
    IssueFilter,
    filter_rows,
    matching_rows,
    matching_rows_json,
    rows_of,
)
from crmgov.services.projects import init_project, open_project
from crmgov.storage.interface import Store
from crmgov.storage.postgres import PgStore
from tests.conftest import FIXED_NOW, fixed_clock

ARGS = [
    ["--overdue"],
    [],
    ["--status", "all"],
    ["--status", "closed"],
    ["--status", "reopened"],
    ["--at-risk"],
    ["--urgency", "urgent", "--status", "all", "--recurring"],
    ["--owner", "owner3"],
    ["--mine"],
    ["--owner", "nobody-at-all"],
    ["--text", "sync"],
]


def _fill(store: Store) -> None:
    issues = synthetic_issues(200, FIXED_NOW)
    # Reopened after being resolved: a fresh window from the reopening; and an issue
    # whose remaining time is exactly 0.125 h (a tie of the rounding to 2 decimals).
    again = issues[0].model_copy(update={
        "status": IssueStatus.REOPENED,
        "transitions": [*issues[0].transitions,
                        Transition(status=IssueStatus.RESOLVED, at=FIXED_NOW - timedelta(days=3)),
                        Transition(status=IssueStatus.REOPENED, at=FIXED_NOW - timedelta(hours=2))],
    })
    tie = issues[1].model_copy(update={
        "status": IssueStatus.NEW, "transitions": [], "urgency": Urgency.URGENT,
        "created_at": FIXED_NOW - timedelta(hours=48) + timedelta(minutes=7, seconds=30),
        "owner": "tester",
    })
    with store.transaction("fill") as txn:
        txn.insert_many("issues", [again, tie, *issues[2:]])


@pytest.fixture
def both(tmp_path: Path, pg_dsn: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    monkeypatch.setattr("crmgov.config.now", lambda: FIXED_NOW)
    monkeypatch.setenv("CRMGOV_USER", "tester")
    monkeypatch.delenv("CRMGOV_DATABASE", raising=False)
    monkeypatch.delenv("CRMGOV_PROJECT", raising=False)
    path = tmp_path / "p.json"
    for location in (path, pg_dsn):
        _fill(init_project(location, "Test project", "tester", clock=fixed_clock))
    return path, pg_dsn


def _listing(location: list[str], args: list[str], capsysbinary: Any) -> bytes:
    assert main([*location, "issue", "list", *args, "--json"]) == 0
    out: bytes = capsysbinary.readouterr().out
    return out


@pytest.mark.parametrize("args", ARGS, ids=" ".join)
def test_json_listing_is_the_same_bytes_on_both_backends(
    both: tuple[Path, str], args: list[str], capsysbinary: Any
) -> None:
    path, dsn = both
    on_file = _listing(["--project", str(path)], args, capsysbinary)
    on_db = _listing(["--database", dsn], args, capsysbinary)
    assert on_db == on_file
    parsed = orjson.loads(on_file)
    if args == ["--overdue"]:
        assert len(parsed) > 10 and {i["sla"]["state"] for i in parsed} == {"overdue"}
    if args == ["--mine"]:  # the tie: 0.125 h left, rounded half to even as Python does
        assert [i["sla"]["remaining_hours"] for i in parsed if i["id"] == 2] == [0.12]


@pytest.mark.parametrize("flt", [IssueFilter(overdue=True), IssueFilter(status="all"),
                                 IssueFilter(owner="owner3")], ids=repr)
def test_rows_and_json_in_one_query_match_the_two_reads(both: tuple[Path, str],
                                                        flt: IssueFilter) -> None:
    path, dsn = both
    fresh = open_project(dsn, "tester", clock=fixed_clock)
    got = matching_rows_json(fresh, flt, FIXED_NOW)
    assert got is not None
    rows, bodies = got
    assert rows == matching_rows(fresh, flt, FIXED_NOW)
    assert bodies == fresh.stored_json_many("issues", [r.id for r in rows])
    # A file's store, or a search text: the caller takes the two reads.
    assert matching_rows_json(open_project(path, "tester", clock=fixed_clock), flt,
                              FIXED_NOW) is None
    assert matching_rows_json(fresh, IssueFilter(text="sync"), FIXED_NOW) is None


@pytest.mark.parametrize("text", ["sync", "OWNER3", "user13", " 12 ", "no such words"])
def test_text_search_on_a_database_reads_columns_not_models(both: tuple[Path, str],
                                                            text: str) -> None:
    path, dsn = both
    on_file = open_project(path, "tester", clock=fixed_clock)
    flt = IssueFilter(status="all", text=text)
    expected = filter_rows(rows_of(on_file.all("issues"), on_file, FIXED_NOW), flt, "tester")
    fresh = open_project(dsn, "tester", clock=fixed_clock)
    assert matching_rows(fresh, flt, FIXED_NOW) == expected
    assert isinstance(fresh, PgStore) and "issues" not in fresh._tables
    if text == "sync":
        assert len(expected) > 5


def test_status_on_a_database_counts_issues_from_columns(both: tuple[Path, str]) -> None:
    from crmgov.services.status.summary import project_status

    path, dsn = both
    expected = project_status(open_project(path, "tester", clock=fixed_clock), FIXED_NOW)
    fresh = open_project(dsn, "tester", clock=fixed_clock)
    got = project_status(fresh, FIXED_NOW)
    assert got.to_json() == expected.to_json()
    assert expected.issues.overdue_total and expected.issues.closed
    assert isinstance(fresh, PgStore) and "issues" not in fresh._tables


def test_the_gates_issue_inputs_from_columns_equal_those_from_the_models(
    tmp_path: Path, pg_dsn: str
) -> None:
    """On the demo (issues with tasks and without), what the gates read of each issue is
    the same from the columns as from the models: `has_tasks` included."""
    from crmgov.domain.phases.scope import gate_issues
    from crmgov.services.demo.writer import write_demo
    from crmgov.services.issues.rows import counted_from_columns

    demo = tmp_path / "demo.json"
    write_demo(demo, "tester", language="en", today=FIXED_NOW.date(), clock=fixed_clock)
    assert main(["db", "push", str(demo), pg_dsn]) == 0
    on_file = open_project(demo, "tester", clock=fixed_clock)
    expected = gate_issues(on_file.all("issues"), on_file.project.sla)
    assert {g.has_tasks for g in expected} == {True, False}
    counted = counted_from_columns(open_project(pg_dsn, "tester", clock=fixed_clock), FIXED_NOW)
    assert counted is not None and counted[1] == expected
