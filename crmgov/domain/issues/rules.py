"""Rules of the issue log that go beyond one field: status graph, closing, tasks.

Pure functions over domain models; they raise `IssueRuleError`, which carries translated
messages and the field each concerns, so a form can show a message next to its field and
the CLI can print it as one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, NamedTuple

from pydantic import ValidationError

from crmgov.domain.enums import IssueStatus, TaskStatus
from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES, Issue, Task
from crmgov.domain.labels import label
from crmgov.i18n import _


class Problem(NamedTuple):
    """One broken rule: the field it concerns ("" = the issue as a whole) and why."""

    field: str
    message: str


class IssueRuleError(ValueError):
    """An expected refusal (bad input or a broken rule), already translated.

    `field` names the first field concerned; `problems` lists every broken rule, so a
    form can mark all of them at once.
    """

    def __init__(self, message: str, field: str = "", problems: Iterable[Problem] = ()) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems) or (Problem(field, message),)
        self.field = self.problems[0].field
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def message(self) -> str:
        """All messages joined, for a one-line report."""
        return str(self)

    @classmethod
    def of(cls, problems: list[Problem]) -> IssueRuleError:
        """One error carrying several problems (there must be at least one)."""
        return cls(problems[0].message, problems[0].field, problems)


#: Where each status may go next. Every open state may go straight to closed because the
#: close rules (root cause, preventive action, no open tasks) are the real guard; nothing
#: returns to "new", and a closed issue can only be reopened.
TRANSITIONS: Mapping[IssueStatus, frozenset[IssueStatus]] = {
    IssueStatus.NEW: frozenset(
        {IssueStatus.TRIAGED, IssueStatus.IN_PROGRESS, IssueStatus.RESOLVED, IssueStatus.CLOSED}
    ),
    IssueStatus.TRIAGED: frozenset(
        {IssueStatus.IN_PROGRESS, IssueStatus.RESOLVED, IssueStatus.CLOSED}
    ),
    IssueStatus.IN_PROGRESS: frozenset(
        {IssueStatus.TRIAGED, IssueStatus.RESOLVED, IssueStatus.CLOSED}
    ),
    IssueStatus.RESOLVED: frozenset(
        {IssueStatus.IN_PROGRESS, IssueStatus.REOPENED, IssueStatus.CLOSED}
    ),
    IssueStatus.CLOSED: frozenset({IssueStatus.REOPENED}),
    IssueStatus.REOPENED: frozenset(
        {IssueStatus.TRIAGED, IssueStatus.IN_PROGRESS, IssueStatus.RESOLVED, IssueStatus.CLOSED}
    ),
}


def allowed_next(status: IssueStatus) -> frozenset[IssueStatus]:
    """The statuses an issue in `status` may move to."""
    return TRANSITIONS[status]


def check_transition(current: IssueStatus, target: IssueStatus) -> None:
    """Refuse a status change the graph does not allow."""
    if target not in TRANSITIONS[current]:
        raise IssueRuleError(
            _(
                "cannot move an issue from {current} to {target}",
                current=label(current),
                target=label(target),
            ),
            "status",
        )


def close_problems(issue: Issue) -> list[Problem]:
    """Every reason `issue` (with its closure fields filled in) cannot be closed yet."""
    problems: list[Problem] = []
    open_tasks = sum(1 for t in issue.tasks if t.status is TaskStatus.OPEN)
    if open_tasks:
        message = _("{count} task(s) still open; finish or drop them first", count=open_tasks)
        problems.append(Problem("tasks", message))
    if not issue.root_cause:
        problems.append(Problem("root_cause", _("a root cause is required to close an issue")))
    if issue.recurring and not issue.preventive_action:
        # domain.md §4: when an error recurs, find the cause and prevent it; no waiver.
        problems.append(
            Problem(
                "preventive_action",
                _("this issue recurs: a preventive action is required (no waiver)"),
            )
        )
    elif not issue.preventive_action and not issue.no_preventive_reason:
        problems.append(
            Problem(
                "preventive_action",
                _("give a preventive action, or a reason why none is needed"),
            )
        )
    elif issue.preventive_action and issue.no_preventive_reason:
        problems.append(
            Problem(
                "no_preventive_reason",
                _("give either a preventive action or a reason none is needed, not both"),
            )
        )
    if issue.preventive_fed_back and not issue.preventive_action:
        problems.append(
            Problem(
                "preventive_fed_back",
                _("there is no preventive action to feed back to the requester"),
            )
        )
    if issue.category in SELF_HANDLING_CATEGORIES and not issue.self_handling:
        problems.append(
            Problem(
                "self_handling",
                _(
                    "deferred-scope and special-case issues must say how the company "
                    "handles this itself"
                ),
            )
        )
    return problems


def check_close(issue: Issue) -> None:
    """Raise an IssueRuleError listing every reason the issue cannot be closed."""
    problems = close_problems(issue)
    if problems:
        raise IssueRuleError.of(problems)


#: pydantic error types → what a person should read.
_FIELD_MESSAGES = {
    "string_too_short": "{field} must not be blank",
    "missing": "{field} is required",
    "date_from_datetime_parsing": "{field}: not a date (use YYYY-MM-DD)",
    "date_parsing": "{field}: not a date (use YYYY-MM-DD)",
    "date_type": "{field}: not a date (use YYYY-MM-DD)",
    "datetime_parsing": "{field}: not a date and time (use YYYY-MM-DD HH:MM)",
    "datetime_from_date_parsing": "{field}: not a date and time (use YYYY-MM-DD HH:MM)",
    "enum": "{field}: unknown value {value!r}; choose one of {choices}",
    "int_parsing": "{field}: not a whole number",
    "bool_parsing": "{field}: not yes or no",
    "extra_forbidden": "{field}: unknown field",
    # domain.base.SingleLine: the only pattern constraint on the models.
    "string_pattern_mismatch": "{field}: must be one line of text without control "
    "characters or bidi overrides",
}


def field_label(field: str) -> str:
    """A field's name as a person reads it ("root_cause" → "root cause"), translated."""
    return _(field.replace("_", " "))


def from_validation_error(exc: ValidationError, prefix: str = "") -> IssueRuleError:
    """Turn pydantic's errors into translated problems naming their fields."""
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        field = prefix + ".".join(loc) if loc else prefix.rstrip(".")
        name = field_label(loc[-1]) if loc else _("record")
        template = _FIELD_MESSAGES.get(err["type"])
        if template is None:
            message = f"{name}: {err['msg']}"
        else:
            choices = (err.get("ctx") or {}).get("expected", "")
            message = _(template, field=name, value=err.get("input"), choices=choices)
        problems.append(Problem(field, message))
    return IssueRuleError.of(problems)


def make_task(
    text: str, owner: str, due: date | str | None, status: str = "open", note: str = ""
) -> Task:
    """Build a task, refusing one without an owner or a due date (undated tasks slip)."""
    data: dict[str, Any] = {"text": text, "owner": owner, "status": status, "note": note}
    if due not in (None, ""):
        data["due"] = due
    try:
        return Task.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc) from None


def task_overdue(task: Task, today: date) -> bool:
    """An open task whose due date has passed (its due day itself is still on time)."""
    return task.status is TaskStatus.OPEN and task.due < today


def late_tasks(issue: Issue, today: date) -> int:
    """How many of the issue's open tasks are past their due date."""
    return sum(1 for t in issue.tasks if task_overdue(t, today))
