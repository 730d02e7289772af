"""The fast paths of issue 23's speed goals, and that they answer as the slow ones do.

PgStore reads a table only when asked for it; `fields` reads columns without models
(similar-issue search, `issue list`); Transaction checks references with id sets. Every
answer is compared with the file store's (the `store` fixture runs both backends).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from benchmarks.fixtures import synthetic_issues
from crmgov.domain.enums import Category, IssueStatus, Urgency
from crmgov.domain.issues.model import Transition
from crmgov.services.issues.log import (
    IssueFilter,
    add_issue,
    matching_rows,
    rows_of,
    similar_candidates,
)
from crmgov.services.issues.rows import ROW_FIELDS, rows_of_fields
from crmgov.services.projects import init_project, open_project, upgrade_database_schema
from crmgov.storage.errors import DamagedProject
from crmgov.storage.interface import Store
from crmgov.storage.postgres import PgStore
from crmgov.storage.postgres.schema import migration_files
from crmgov.storage.postgres.store import COLUMNS
from crmgov.storage.transaction import IntegrityError
from tests.conftest import FIXED_NOW, fixed_clock

FILTERS = [
    IssueFilter(),
    IssueFilter(status="all"),
    IssueFilter(status="closed"),
    IssueFilter(status="reopened"),
    IssueFilter(overdue=True),
    IssueFilter(at_risk=True),
    IssueFilter(status="all", urgency="urgent", recurring=True),
    IssueFilter(owner="owner3"),
]


def _fill(store: Store, n: int = 300) -> None:
    issues = synthetic_issues(n, FIXED_NOW)
    # Reopened after being resolved: the clock starts again at the reopening.
    again = issues[0].model_copy(update={
        "status": IssueStatus.REOPENED,
        "transitions": [*issues[0].transitions,
                        Transition(status=IssueStatus.RESOLVED, at=FIXED_NOW - timedelta(days=3)),
                        Transition(status=IssueStatus.REOPENED, at=FIXED_NOW - timedelta(hours=2))],
    })
    with store.transaction("fill") as txn:
        txn.insert_many("issues", [again, *issues[1:]])


def _pg(dsn: str) -> PgStore:
    store = open_project(dsn, "tester", clock=fixed_clock)
    assert isinstance(store, PgStore)
    return store


# ----------------------------------------------------------------- the same answers
@pytest.mark.parametrize("flt", FILTERS, ids=repr)
def test_listing_rows_equal_those_from_the_models(store: Store, flt: IssueFilter) -> None:
    _fill(store)
    reopened = open_project(store.location, "tester", clock=fixed_clock)
    expected = [r for r in rows_of(reopened.all("issues"), reopened, FIXED_NOW, with_text=False)]
    from crmgov.services.issues.rows import filter_rows

    assert matching_rows(store, flt, FIXED_NOW) == filter_rows(expected, flt, "tester")
    if not store.file_backed:
        # And from the columns indeed: no model was built for the listing.
        fresh = _pg(store.location)
        assert matching_rows(fresh, flt, FIXED_NOW) == filter_rows(expected, flt, "tester")
        assert "issues" not in fresh._tables


def test_rows_from_fields_take_defaults_and_strip_like_the_model(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    with store.transaction("t") as txn:
        txn.insert("issues", synthetic_issues(1, FIXED_NOW)[0])
    # A document as a person may have written it in a file before `db push`: fields left
    # to their defaults, text with spaces around it.
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        doc = {"title": "  Padded  ", "description": "d", "created_at": "2026-11-20T08:00:00",
               "owner": " owner1 "}
        conn.execute("UPDATE issues SET doc = %s WHERE id = 1", (orjson.dumps(doc).decode(),))
    fresh = _pg(pg_dsn)
    (row,) = matching_rows(fresh, IssueFilter(), FIXED_NOW)
    (model,) = rows_of(fresh.all("issues"), fresh, FIXED_NOW, with_text=False)
    assert row == model and row.owner == "owner1" and row.status is IssueStatus.NEW


def test_similar_issues_are_the_same_on_both_backends(tmp_path: Path, pg_dsn: str) -> None:
    titles = ["Duplicate customer contacts", "Customer contacts duplicated", "重复的客户联系人",
              "客户联系人重复", "Invoice totals wrong", "duplicate customer contact"]

    def links(location: Any) -> list[list[int]]:
        store = init_project(location, "P", "tester", clock=fixed_clock)
        _fill(store, 200)  # earlier issues of every category, some alike
        found = []
        for n, title in enumerate(titles * 2):
            again = open_project(location, "tester", clock=fixed_clock)  # as `issue add` does
            issue = add_issue(
                again, title=title, description=f"seen in the import of batch {n % 3} today",
                urgency=Urgency.GENERAL, category=[Category.DATA, Category.SYSTEM][n % 2],
                now=FIXED_NOW)
            found.append(issue.related_ids)
        return found

    on_file = links(tmp_path / "p.json")
    assert sum(map(bool, on_file)) >= 6  # the second round resembles the first
    assert links(pg_dsn) == on_file


def test_similar_candidates_of_a_database_are_its_category_in_id_order(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 80)
    fresh = _pg(pg_dsn)
    got = similar_candidates(fresh, Category.DATA)
    models = [i for i in fresh.all("issues") if i.category == Category.DATA]
    assert [(c.id, c.title, c.description) for c in got] == [
        (i.id, i.title, i.description) for i in models]


def test_a_file_store_has_no_columns_to_offer(empty_store: Store) -> None:
    assert empty_store.fields("issues", ROW_FIELDS) is None


def test_stored_json_many_is_the_stored_text_in_the_order_asked(store: Store) -> None:
    _fill(store, 20)
    ids = [7, 3, 12]
    assert store.stored_json_many("issues", ids) == [store.stored_json("issues", i) for i in ids]
    fresh = open_project(store.location, "tester")
    assert fresh.stored_json_many("issues", ids) == [
        orjson.dumps(fresh.get("issues", i).model_dump(mode="json", exclude={"id"}))
        for i in ids]
    with pytest.raises(KeyError):
        fresh.stored_json_many("issues", [1, 999])


def test_columns_named_in_the_code_are_the_schemas(pg_dsn: str) -> None:
    init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE is_generated = 'ALWAYS' AND table_schema = 'public'").fetchall()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    assert found == {table: set(columns) for table, columns in COLUMNS.items()}


# ------------------------------------------------------------------- reading lazily
def test_opening_a_database_reads_no_table(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 30)
    fresh = _pg(pg_dsn)
    assert fresh._tables == {}
    assert fresh.project.name == "P" and fresh.count("issues") == 30
    assert fresh.get("issues", 5).id == 5 and fresh._tables == {}  # one row, not the table
    with pytest.raises(KeyError):
        fresh.get("issues", 999)
    assert len(fresh.all("issues")) == 30 and "issues" in fresh._tables


def test_an_issue_add_reads_neither_issues_nor_other_tables(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 30)
    fresh = _pg(pg_dsn)
    issue = add_issue(fresh, title="x", description="y", urgency="general", now=FIXED_NOW)
    assert issue.id == 31 and fresh._tables == {}
    assert _pg(pg_dsn).get("issues", 31).title == "x"


def test_references_are_still_checked_without_reading_tables(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 30)
    fresh = _pg(pg_dsn)
    bad = synthetic_issues(1, FIXED_NOW)[0].model_copy(update={"related_ids": [3, 999]})
    with pytest.raises(IntegrityError, match="999"), fresh.transaction("t") as txn:
        txn.insert("issues", bad)
    ok = bad.model_copy(update={"related_ids": [3, 4]})
    with fresh.transaction("t") as txn:
        txn.insert("issues", ok)
    # Many lookups read the ids once (a bulk import names thousands).
    many = [ok.model_copy(update={"related_ids": [i]}) for i in range(1, 31)] * 2
    with fresh.transaction("t") as txn:
        txn.insert_many("issues", many)
    assert fresh._tables == {} and fresh.count("issues") == 31 + len(many)
    with pytest.raises(IntegrityError, match="1000"), fresh.transaction("t") as txn:
        txn.insert_many("issues", [*many, ok.model_copy(update={"related_ids": [1000]})])


def test_a_damaged_row_is_named_when_its_table_is_read(pg_dsn: str, tmp_path: Path) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 5)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute("""UPDATE issues SET doc = '{"title": "t"}' WHERE id = 3""")
    fresh = _pg(pg_dsn)  # opening reads no issue
    with pytest.raises(DamagedProject, match="record 3"):
        fresh.all("issues")
    with pytest.raises(DamagedProject, match="record 3"):
        fresh.get("issues", 3)
    from crmgov.services.projects import pull_project

    with pytest.raises(DamagedProject, match="record 3"):
        pull_project(pg_dsn, tmp_path / "out.json", "tester")
    assert not (tmp_path / "out.json").exists()


def test_a_read_after_another_writer_starts_a_new_snapshot(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 5)
    mine, theirs = _pg(pg_dsn), _pg(pg_dsn)
    assert len(mine.all("issues")) == 5 and not mine.changed_on_disk()
    with theirs.transaction("t") as txn:
        txn.insert("issues", synthetic_issues(1, FIXED_NOW)[0])
        txn.insert("phases", _phase())
    # What was read stays as read (one snapshot) until a table not read yet is asked for.
    assert len(mine.all("issues")) == 5
    assert mine.changed_on_disk()
    assert mine.count("phases") == 1  # a new snapshot: the other writer's commit
    assert mine.count("issues") == 6
    assert mine.changed_on_disk()  # still reported, so that a screen redraws
    assert mine.refresh() and not mine.changed_on_disk() and not mine.refresh()


def test_own_writes_are_seen_without_reading_again(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 5)
    fresh = _pg(pg_dsn)
    assert fresh.get("issues", 2).title
    with fresh.transaction("t") as txn:
        changed = txn.update("issues", fresh.get("issues", 2).model_copy(update={"title": "new"}))
        txn.delete("issues", 4)
    assert fresh.get("issues", 2) == changed and not fresh.changed_on_disk()
    assert fresh.ids("issues") == [1, 2, 3, 5]
    with pytest.raises(KeyError):
        fresh.get("issues", 4)


def _phase() -> Any:
    from crmgov.domain.phases.model import Phase

    return Phase(order=1, name="Pilot", goal="pilot")


# ---------------------------------------------------------------------- migration 2
def test_db_upgrade_adds_the_issue_columns_to_a_version_1_database(
    pg_dsn: str, tmp_path: Path
) -> None:
    (one, first), *_rest = migration_files()
    assert one == 1
    project = init_project(tmp_path / "p.json", "P", "tester", clock=fixed_clock).project
    issue = synthetic_issues(1, FIXED_NOW)[0].model_copy(update={"category": Category.DATA})
    doc = issue.model_dump(mode="json", exclude={"id"})
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        conn.execute(first.read_text(encoding="utf-8").encode())
        conn.execute("UPDATE crmgov_schema SET version = 1")
        conn.execute("""INSERT INTO project VALUES (1, %s)""",
                     (orjson.dumps(project.model_dump(mode="json")).decode(),))
        conn.execute("""INSERT INTO file_meta VALUES (1, %s)""",
                     (orjson.dumps({"schema_version": 1, "audit_seq": 0}).decode(),))
        conn.execute("INSERT INTO issues (id, doc) VALUES (1, %s)", (orjson.dumps(doc).decode(),))
    assert upgrade_database_schema(pg_dsn) == (1, migration_files()[-1][0])
    store = _pg(pg_dsn)
    got = store.fields("issues", ("category", "title", "clock_steps"), where={"category": ["data"]})
    assert got == [(1, "data", issue.title, None if issue.status is IssueStatus.NEW else got[0][3])]
    assert rows_of_fields(store.fields("issues", ROW_FIELDS), store.project.sla, FIXED_NOW) == (
        rows_of(store.all("issues"), store, FIXED_NOW, with_text=False))


def test_a_new_snapshot_rereads_only_the_tables_that_changed(pg_dsn: str) -> None:
    store = init_project(pg_dsn, "P", "tester", clock=fixed_clock)
    _fill(store, 5)
    with store.transaction("t") as txn:
        txn.insert("phases", _phase())
    mine, theirs = _pg(pg_dsn), _pg(pg_dsn)
    issues, phases = mine.all("issues"), mine.all("phases")
    with theirs.transaction("t") as txn:
        txn.update("phases", theirs.get("phases", 1).model_copy(update={"name": "Renamed"}))
    assert mine.refresh()
    assert mine.all("issues") == issues and mine._tables["issues"] is not None
    assert "phases" not in mine._tables and mine.all("phases") != phases
    assert mine.get("phases", 1).name == "Renamed"
    with theirs.transaction("t") as txn:
        txn.insert("issues", synthetic_issues(1, FIXED_NOW)[0])
    assert mine.count("issues") == 5  # read already: the snapshot holds until a refresh
    assert mine.changed_on_disk() and mine.refresh()
    assert mine.count("issues") == 6 and mine.get("phases", 1).name == "Renamed"


def test_read_all_reads_every_table_once(store: Store) -> None:
    _fill(store, 5)
    fresh = open_project(store.location, "tester")
    fresh.read_all()
    if not store.file_backed:
        assert isinstance(fresh, PgStore) and set(fresh._tables) == set(fresh._models)
    assert fresh.count("issues") == 5
