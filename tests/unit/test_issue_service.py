"""Issue use cases over a real (tmp-path) project file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from crmgov.domain.enums import IssueStatus, TaskStatus
from crmgov.domain.issues.model import Task
from crmgov.domain.issues.rules import IssueRuleError, make_task
from crmgov.services.issues.log import (
    IssueFilter,
    IssueNotFound,
    add_issue,
    add_task,
    close_issue,
    filter_rows,
    issue_rows,
    list_issues,
    set_status,
    update_issue,
    update_task,
)
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def _add(store: ProjectStore, title: str = "Report totals wrong", **kw: object) -> int:
    args: dict[str, object] = {"description": "desc", "urgency": "urgent", "now": FIXED_NOW}
    return add_issue(store, title=title, **{**args, **kw}).id  # type: ignore[arg-type]


def test_add_logs_a_new_issue_with_its_first_transition(empty_store: ProjectStore) -> None:
    issue = add_issue(
        empty_store, title=" Dup contacts ", description="twice", urgency="urgent", now=FIXED_NOW
    )
    assert issue.id == 1 and issue.title == "Dup contacts"
    assert issue.status is IssueStatus.NEW
    assert [(t.status, t.at, t.by) for t in issue.transitions] == [
        (IssueStatus.NEW, FIXED_NOW, "tester")
    ]
    assert empty_store.get("issues", 1) == issue


def test_add_refuses_blank_description_naming_the_field(empty_store: ProjectStore) -> None:
    with pytest.raises(IssueRuleError) as err:
        add_issue(empty_store, title="x", description="  ", urgency="general", now=FIXED_NOW)
    assert err.value.field == "description"
    with pytest.raises(IssueRuleError) as bad:
        add_issue(empty_store, title="x", description="y", urgency="soon", now=FIXED_NOW)
    assert bad.value.field == "urgency"
    assert empty_store.count("issues") == 0


def test_similar_new_issue_is_flagged_recurring(empty_store: ProjectStore) -> None:
    first = _add(empty_store, "Duplicate customer contacts after import", category="data")
    second = add_issue(
        empty_store,
        title="Customer contacts duplicated after the import",
        description="again",
        urgency="general",
        category="data",
        now=FIXED_NOW,
    )
    assert second.recurring and second.related_ids == [first]


def test_full_life_cycle(empty_store: ProjectStore) -> None:
    store = empty_store
    issue_id = _add(store)
    add_task(store, issue_id, make_task("fix the formula", "Li", date(2026, 11, 25)))
    set_status(store, issue_id, "in_progress", FIXED_NOW + timedelta(hours=1))
    with pytest.raises(IssueRuleError) as refused:
        close_issue(store, issue_id, root_cause="", now=FIXED_NOW)
    assert {p.field for p in refused.value.problems} == {"tasks", "root_cause", "preventive_action"}
    assert store.get("issues", issue_id).status is IssueStatus.IN_PROGRESS
    update_task(store, issue_id, 0, status="done", note="fixed")
    closed = close_issue(
        store,
        issue_id,
        root_cause="formula used the wrong column",
        preventive_action="report changes are reviewed",
        fed_back=True,
        now=FIXED_NOW + timedelta(hours=2),
    )
    assert closed.status is IssueStatus.CLOSED
    assert closed.tasks[0].status is TaskStatus.DONE
    assert [t.status for t in closed.transitions] == ["new", "in_progress", "closed"]
    assert closed.closed_at == FIXED_NOW + timedelta(hours=2)
    reopened = set_status(store, issue_id, "reopened", FIXED_NOW + timedelta(days=1))
    assert reopened.status is IssueStatus.REOPENED


def test_status_graph_and_close_rules_also_guard_set_status(empty_store: ProjectStore) -> None:
    issue_id = _add(empty_store)
    with pytest.raises(IssueRuleError) as err:
        set_status(empty_store, issue_id, "closed", FIXED_NOW)
    assert err.value.field == "root_cause"
    with pytest.raises(IssueRuleError):
        set_status(empty_store, issue_id, "reopened", FIXED_NOW)
    with pytest.raises(IssueNotFound):
        set_status(empty_store, 99, "triaged", FIXED_NOW)


def test_update_validates_and_protects_rule_fields(empty_store: ProjectStore) -> None:
    issue_id = _add(empty_store)
    assert update_issue(empty_store, issue_id, FIXED_NOW, owner="Zhang").owner == "Zhang"
    with pytest.raises(IssueRuleError) as blank:
        update_issue(empty_store, issue_id, FIXED_NOW, title="")
    assert blank.value.field == "title"
    with pytest.raises(IssueRuleError) as protected:
        update_issue(empty_store, issue_id, FIXED_NOW, status="closed")
    assert protected.value.field == "status"
    with pytest.raises(IssueRuleError):
        update_task(empty_store, issue_id, 3, status="done")
    with pytest.raises(IssueRuleError) as task_err:
        add_task(empty_store, issue_id, Task(text="t", owner="Li", due=date(2026, 12, 1)))
        update_task(empty_store, issue_id, 0, owner=" ")
    assert task_err.value.field == "owner"


def test_rows_and_filters(empty_store: ProjectStore) -> None:
    store = empty_store
    late = add_issue(
        store,
        title="Old",
        description="d",
        urgency="urgent",
        owner="tester",
        now=FIXED_NOW - timedelta(hours=49),
    ).id
    _add(store, "Fresh general", urgency="general", owner="Li")
    done = _add(store, "Done one")
    close_issue(store, done, root_cause="c", no_preventive_reason="typo", now=FIXED_NOW)
    rows = issue_rows(store, FIXED_NOW)
    assert [(r.id, r.sla_state, r.age_days) for r in rows] == [
        (1, "overdue", 2),
        (2, "on_track", 0),
        (3, "met", 0),
    ]
    assert rows[0].due_at == FIXED_NOW - timedelta(hours=1)

    def ids(**kw: object) -> list[int]:
        return [r.id for r in filter_rows(rows, IssueFilter(**kw), "tester")]  # type: ignore[arg-type]

    assert ids() == [1, 2]
    assert ids(status="all") == [1, 2, 3]
    assert ids(status="closed") == [3]
    assert ids(overdue=True) == [late]
    assert ids(mine=True) == [1]
    assert ids(owner="Li") == [2]
    assert ids(urgency="general") == [2]
    assert ids(text="FRESH") == [2]
    assert ids(recurring=True) == []
    assert [i.id for i in list_issues(store, IssueFilter(status="new"), FIXED_NOW)] == [1, 2]
    with pytest.raises(IssueRuleError):
        list_issues(store, IssueFilter(status="bogus"), FIXED_NOW)
