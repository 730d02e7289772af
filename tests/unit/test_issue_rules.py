"""Close rules, the status graph and task validation (pure domain)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crmgov.domain.enums import Category, IssueStatus, TaskStatus
from crmgov.domain.issues.model import Issue, Task
from crmgov.domain.issues.rules import (
    TRANSITIONS,
    IssueRuleError,
    check_close,
    check_transition,
    close_problems,
    make_task,
)
from crmgov.i18n import set_language

T0 = datetime(2026, 11, 2, 9, 0)


def _issue(**kw: object) -> Issue:
    base: dict[str, object] = {"title": "t", "description": "d", "created_at": T0}
    return Issue.model_validate({**base, **kw})


def _fields(issue: Issue) -> list[str]:
    return [p.field for p in close_problems(issue)]


def test_close_needs_root_cause_and_prevention() -> None:
    assert _fields(_issue()) == ["root_cause", "preventive_action"]
    assert _fields(_issue(root_cause="c", preventive_action="p")) == []
    assert _fields(_issue(root_cause="c", no_preventive_reason="one-off typo")) == []


def test_close_refused_while_a_task_is_open() -> None:
    task = Task(text="fix", owner="Li", due=date(2026, 11, 5))
    issue = _issue(root_cause="c", preventive_action="p", tasks=[task])
    assert _fields(issue) == ["tasks"]
    done = task.model_copy(update={"status": TaskStatus.DONE})
    assert _fields(issue.model_copy(update={"tasks": [done]})) == []


def test_recurring_issue_cannot_waive_prevention() -> None:
    issue = _issue(recurring=True, root_cause="c", no_preventive_reason="not needed")
    with pytest.raises(IssueRuleError) as err:
        check_close(issue)
    assert err.value.field == "preventive_action"
    assert "no waiver" in str(err.value)


def test_both_prevention_and_waiver_is_contradictory() -> None:
    issue = _issue(root_cause="c", preventive_action="p", no_preventive_reason="r")
    assert _fields(issue) == ["no_preventive_reason"]


def test_fed_back_needs_a_preventive_action() -> None:
    issue = _issue(root_cause="c", no_preventive_reason="r", preventive_fed_back=True)
    assert _fields(issue) == ["preventive_fed_back"]


@pytest.mark.parametrize("category", [Category.DEFERRED_SCOPE, Category.SPECIAL_CASE])
def test_deferred_and_special_cases_need_self_handling(category: Category) -> None:
    issue = _issue(category=category, root_cause="c", preventive_action="p")
    assert _fields(issue) == ["self_handling"]
    assert _fields(issue.model_copy(update={"self_handling": "Finance keys it by hand"})) == []


def test_every_problem_is_reported_at_once_and_translated() -> None:
    set_language("zh")
    with pytest.raises(IssueRuleError) as err:
        check_close(_issue(category=Category.SPECIAL_CASE))
    assert [p.field for p in err.value.problems] == [
        "root_cause",
        "preventive_action",
        "self_handling",
    ]
    assert "根本原因" in str(err.value)


def test_status_graph() -> None:
    check_transition(IssueStatus.NEW, IssueStatus.TRIAGED)
    check_transition(IssueStatus.CLOSED, IssueStatus.REOPENED)
    for target in IssueStatus:
        if target is not IssueStatus.REOPENED:
            with pytest.raises(IssueRuleError) as err:
                check_transition(IssueStatus.CLOSED, target)
            assert err.value.field == "status"
    # Nothing goes back to "new", nothing stays where it is, every state can be left.
    for source, targets in TRANSITIONS.items():
        assert IssueStatus.NEW not in targets
        assert source not in targets
        assert targets


def test_task_needs_owner_and_due_date() -> None:
    with pytest.raises(IssueRuleError) as err:
        make_task("call the customer", "", None)
    assert {p.field for p in err.value.problems} == {"owner", "due"}
    with pytest.raises(IssueRuleError) as bad:
        make_task("x", "Li", "next week")
    assert bad.value.field == "due"
    assert "YYYY-MM-DD" in str(bad.value)
    assert make_task("x", "Li", "2026-11-30").due == date(2026, 11, 30)
