"""Use cases of the open-issue log, shared by the CLI and the TUI.

Every change goes through one store transaction (one atomic write plus audit events).
Expected refusals raise `IssueRuleError` (a ValueError) with a translated message and the
field concerned; an unknown id raises `IssueNotFound` (also an IssueRuleError, field "id").

Big tables should use `issue_rows` (plain tuples, ~0.2 s for 100k issues) with
`filter_rows`, and fetch full models with `store.get("issues", id)` only for what is shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ValidationError

from crmgov.domain.enums import Category, IssueStatus, Urgency
from crmgov.domain.issues.model import Issue, Task, Transition
from crmgov.domain.issues.recurrence import Earlier, find_similar
from crmgov.domain.issues.rules import (
    IssueRuleError,
    check_close,
    check_transition,
    from_validation_error,
)
from crmgov.i18n import _, join_list
from crmgov.storage.interface import Store

TABLE = "issues"

#: Fields `update_issue` may change; status, tasks, closure and history have their own use
#: cases so their rules cannot be bypassed.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "requester",
        "demands",
        "category",
        "urgency",
        "owner",
        "phase_id",
        "sop_id",
        "self_handling",
        "root_cause",
        "corrective_action",
        "preventive_action",
        "no_preventive_reason",
        "preventive_fed_back",
        "recurring",
        "related_ids",
    }
)


class IssueNotFound(IssueRuleError):
    """No issue has this id."""

    def __init__(self, issue_id: int) -> None:
        super().__init__(_("no issue {id}", id=issue_id), "id")
        self.issue_id = issue_id


def get_issue(store: Store, issue_id: int) -> Issue:
    """One issue by id; IssueNotFound if there is none."""
    try:
        issue: Issue = store.get(TABLE, issue_id)
    except KeyError:
        raise IssueNotFound(issue_id) from None
    return issue


def _save(store: Store, action: str, issue: Issue) -> Issue:
    with store.transaction(action) as txn:
        return txn.update(TABLE, issue)


def _revalidate(issue: Issue, changes: dict[str, Any]) -> Issue:
    """model_copy skips validation; rebuild so blank titles or bad enums are refused."""
    try:
        return Issue.model_validate({**issue.model_dump(), **changes})
    except ValidationError as exc:
        raise from_validation_error(exc) from None


# --------------------------------------------------------------------------- changing
def add_issue(
    store: Store,
    *,
    title: str,
    description: str,
    urgency: Urgency | str,
    category: Category | str = Category.SYSTEM,
    owner: str = "",
    requester: str = "",
    demands: str = "",
    phase_id: int | None = None,
    sop_id: int | None = None,
    self_handling: str = "",
    now: datetime,
) -> Issue:
    """Log a new issue (status new) and flag it recurring if it resembles earlier ones.

    Raises IssueRuleError for a blank title/description or an unknown urgency/category.
    """
    try:
        issue = Issue(
            title=title,
            description=description,
            urgency=urgency,  # pydantic coerces str → enum
            category=category,
            owner=owner,
            requester=requester,
            demands=demands,
            phase_id=phase_id,
            sop_id=sop_id,
            self_handling=self_handling,
            created_at=now,
            transitions=[Transition(status=IssueStatus.NEW, at=now, by=store.actor)],
        )
    except ValidationError as exc:
        raise from_validation_error(exc) from None
    related = find_similar(issue.category, issue.title, issue.description,
                           similar_candidates(store, issue.category))
    if related:
        issue = issue.model_copy(update={"recurring": True, "related_ids": related})
    with store.transaction("issue.add") as txn:
        return txn.insert(TABLE, issue)


def similar_candidates(store: Store, category: Category) -> list[Issue] | list[Earlier]:
    """The earlier issues a new one of `category` is compared with, in id order: a
    database's columns of that category (no model built), else every issue."""
    found = store.fields(TABLE, ("title", "description"), where={"category": [category.value]})
    if found is None:
        issues: list[Issue] = store.all(TABLE)
        return issues
    return [Earlier(i, category, title, description) for i, title, description in found]


def update_issue(store: Store, issue_id: int, now: datetime, **changes: Any) -> Issue:
    """Change editable fields (see EDITABLE_FIELDS); the rest have their own use cases."""
    del now  # kept in the signature so edits can be timestamped later without API churn
    refused = sorted(set(changes) - EDITABLE_FIELDS)
    if refused:
        raise IssueRuleError(
            _("these fields cannot be edited here: {fields}", fields=join_list(refused)),
            refused[0],
        )
    issue = get_issue(store, issue_id)
    return _save(store, "issue.update", _revalidate(issue, changes))


def set_status(
    store: Store, issue_id: int, status: IssueStatus | str, now: datetime
) -> Issue:
    """Move an issue along the status graph, recording who did it and when.

    Closing this way enforces the same rules as `close_issue`.
    """
    issue = get_issue(store, issue_id)
    try:
        target = IssueStatus(status)
    except ValueError:
        raise IssueRuleError(_("unknown status {value!r}", value=status), "status") from None
    check_transition(issue.status, target)
    if target is IssueStatus.CLOSED:
        check_close(issue)
    moved = issue.model_copy(
        update={
            "status": target,
            "transitions": [*issue.transitions, Transition(status=target, at=now, by=store.actor)],
        }
    )
    return _save(store, f"issue.status.{target.value}", moved)


def add_task(store: Store, issue_id: int, task: Task) -> Issue:
    """Append a task (build it with `domain.issues.rules.make_task` to get field errors)."""
    issue = get_issue(store, issue_id)
    return _save(store, "issue.task.add", issue.model_copy(update={"tasks": [*issue.tasks, task]}))


def update_task(store: Store, issue_id: int, index: int, **changes: Any) -> Issue:
    """Change a task (text, owner, due, status, note) by its position in the issue."""
    issue = get_issue(store, issue_id)
    if not 0 <= index < len(issue.tasks):
        raise IssueRuleError(_("issue {id} has no task {n}", id=issue_id, n=index + 1), "tasks")
    try:
        task = Task.model_validate({**issue.tasks[index].model_dump(), **changes})
    except ValidationError as exc:
        raise from_validation_error(exc) from None
    tasks = [*issue.tasks]
    tasks[index] = task
    return _save(store, "issue.task.update", issue.model_copy(update={"tasks": tasks}))


def close_issue(
    store: Store,
    issue_id: int,
    *,
    root_cause: str,
    corrective_action: str = "",
    preventive_action: str = "",
    no_preventive_reason: str = "",
    fed_back: bool = False,
    self_handling: str | None = None,
    now: datetime,
) -> Issue:
    """Close with the root cause and a preventive action (or a reason none is needed).

    Refused (IssueRuleError listing every problem) while tasks are open, without a root
    cause, without prevention (recurring issues: no waiver), or — for deferred scope and
    special cases — without how the company handles this itself.
    """
    issue = get_issue(store, issue_id)
    check_transition(issue.status, IssueStatus.CLOSED)
    changes: dict[str, Any] = {
        "root_cause": root_cause,
        "corrective_action": corrective_action,
        "preventive_action": preventive_action,
        "no_preventive_reason": no_preventive_reason,
        "preventive_fed_back": fed_back,
    }
    if self_handling is not None:
        changes["self_handling"] = self_handling
    candidate = _revalidate(issue, changes)
    check_close(candidate)
    closed = candidate.model_copy(
        update={
            "status": IssueStatus.CLOSED,
            "transitions": [
                *issue.transitions,
                Transition(status=IssueStatus.CLOSED, at=now, by=store.actor),
            ],
        }
    )
    return _save(store, "issue.close", closed)


def reopen_issue(store: Store, issue_id: int, now: datetime) -> Issue:
    """Reopen a closed or resolved issue; its SLA window starts again."""
    return set_status(store, issue_id, IssueStatus.REOPENED, now)


# Big-table reading lives in issue_rows; re-exported so callers need one import.
from crmgov.services.issues.rows import (  # noqa: E402
    IssueFilter,
    IssueRow,
    filter_rows,
    issue_rows,
    list_issues,
    matching_rows,
    rows_of,
)

__all__ = [
    "EDITABLE_FIELDS",
    "IssueFilter",
    "IssueNotFound",
    "IssueRow",
    "TABLE",
    "add_issue",
    "add_task",
    "close_issue",
    "filter_rows",
    "get_issue",
    "issue_rows",
    "list_issues",
    "reopen_issue",
    "matching_rows",
    "similar_candidates",
    "rows_of",
    "set_status",
    "update_issue",
    "update_task",
]
