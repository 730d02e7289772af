"""The issue log's dialogs: add/edit an issue, add/edit a task, close, change status.

Each form's submit calls the same service function as the CLI (crmgov.services.issues.log) in
a worker thread; the service's IssueRuleError puts the message next to its field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from crmgov.i18n import N_, _
from crmgov.tui.dialogs.form import FormDialog, FormField

#: Stands for "no link" in the phase and SOP selects (record ids start at 1).
NO_LINK = 0


def _enum_options(enum: Any) -> list[tuple[str, Any]]:
    from crmgov.domain.labels import label

    return [(label(v), v.value) for v in enum]


def issue_form(store: Any, now: datetime, issue: Any = None) -> FormDialog:
    """Add an issue (issue=None) or edit one; dismisses with the saved Issue."""
    from crmgov.domain.enums import Category, Urgency
    from crmgov.services.issues import log as svc

    phases = [(_("— none —"), NO_LINK)] + [(p.name, p.id) for p in store.all("phases")]
    sops = [(_("— none —"), NO_LINK)] + [
        (f"{s.code} {s.title}", s.id) for s in store.all("sops")
    ]

    def get(name: str, default: Any = "") -> Any:
        value = getattr(issue, name, default) if issue is not None else default
        return getattr(value, "value", value)

    fields = [
        FormField("title", _("Title"), value=get("title"), required=True),
        FormField("description", _("Description"), value=get("description"), required=True,
                  placeholder=_("what happened, where, how often")),
        FormField("urgency", _("Urgency"), "select", get("urgency", Urgency.GENERAL),
                  _enum_options(Urgency)),
        FormField("category", _("Category"), "select", get("category", Category.SYSTEM),
                  _enum_options(Category)),
        FormField("owner", _("Owner"), value=get("owner")),
        FormField("requester", _("Requester"), value=get("requester")),
        FormField("demands", _("Requester's demands"), value=get("demands"),
                  placeholder=_("what they need to consider it solved")),
        FormField("phase_id", _("Phase"), "select", get("phase_id") or NO_LINK, phases),
        FormField("sop_id", _("SOP"), "select", get("sop_id") or NO_LINK, sops),
        FormField("self_handling", _("How the company handles this itself"),
                  value=get("self_handling"),
                  placeholder=_("deferred scope and special cases")),
    ]

    def submit(values: dict[str, Any]) -> Any:
        values["phase_id"] = values["phase_id"] or None
        values["sop_id"] = values["sop_id"] or None
        if issue is None:
            return svc.add_issue(store, now=now, **values)
        changed = {k: v for k, v in values.items() if v != get(k, None)}
        return svc.update_issue(store, issue.id, now, **changed)

    title = _("New issue") if issue is None else _("Edit issue #{id}", id=issue.id)
    return FormDialog(title, fields, submit)


def task_form(store: Any, issue: Any, index: int | None = None,
              today: date | None = None) -> FormDialog:
    """Add a task to `issue` or edit its task `index`; an owner and a due date are required."""
    from crmgov.domain.enums import TaskStatus
    from crmgov.domain.issues.rules import make_task
    from crmgov.services.issues import log as svc

    task = issue.tasks[index] if index is not None else None
    today = today or date.today()
    fields = [
        FormField("text", _("Task"), value=task.text if task else "", required=True),
        FormField("owner", _("Owner"), value=task.owner if task else "", required=True),
        FormField("due", _("Due date"), value=task.due.isoformat() if task else "",
                  placeholder="YYYY-MM-DD", required=True),
    ]
    if task is not None:
        fields += [
            FormField("status", _("Status"), "select", task.status.value,
                      _enum_options(TaskStatus)),
            FormField("note", _("Completion note"), value=task.note),
        ]

    def submit(values: dict[str, Any]) -> Any:
        new = make_task(values["text"].strip(), values["owner"].strip(),
                        values["due"].strip() or None, values.get("status", "open"),
                        values.get("note", ""))
        if index is None:
            return svc.add_task(store, issue.id, new)
        return svc.update_task(store, issue.id, index, **new.model_dump())

    def warn_if_past(form: FormDialog, name: str, value: Any) -> None:
        if name in ("due", "status"):
            form.note("due", _due_warning(form.values(), today))

    if task is None:
        title = _("New task for issue #{id}", id=issue.id)
    else:
        title = _("Edit task {n} of issue #{id}", n=index + 1 if index is not None else 0,
                  id=issue.id)
    return FormDialog(title, fields, submit, on_change=warn_if_past)


def _due_warning(values: dict[str, Any], today: date) -> str:
    """A note under the due date when it has passed: the task starts out overdue."""
    try:
        due = date.fromisoformat(str(values.get("due", "")).strip())
    except ValueError:
        return ""  # not a date (yet): the service says so on save
    if due < today and values.get("status", "open") == "open":
        return _("{due} has passed: the task will be listed as overdue", due=due.isoformat())
    return ""


def close_form(store: Any, issue: Any, now: datetime) -> FormDialog:
    """Close `issue`: root cause, and a preventive action or the reason none is needed."""
    from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES
    from crmgov.services.issues import log as svc

    fields = [
        FormField("root_cause", _("Root cause"), value=issue.root_cause, required=True,
                  placeholder=_("why it happened, not just what was fixed")),
        FormField("corrective_action", _("Corrective action"),
                  value=issue.corrective_action, placeholder=_("what fixed this occurrence")),
        FormField("preventive_action", _("Preventive action"),
                  value=issue.preventive_action, required=issue.recurring,
                  placeholder=_("what stops it happening again")),
        FormField("no_preventive_reason", _("Or: why no preventive action is needed"),
                  value=issue.no_preventive_reason,
                  placeholder=_("not allowed for recurring issues")),
        FormField("fed_back", _("Preventive action fed back to the requester"), "checkbox",
                  issue.preventive_fed_back),
    ]
    if issue.category in SELF_HANDLING_CATEGORIES:
        fields.append(FormField("self_handling", _("How the company handles this itself"),
                                value=issue.self_handling, required=True))

    def submit(values: dict[str, Any]) -> Any:
        return svc.close_issue(store, issue.id, now=now, **values)

    title = _("Close issue #{id}", id=issue.id)
    if issue.recurring:
        title += " · " + _("recurring: a preventive action is required")
    return FormDialog(title, fields, submit)


class StatusDialog(ModalScreen[str | None]):
    """Pick the next status among those the status graph allows."""

    CSS_PATH = FormDialog.CSS_PATH
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="status.cancel")]

    def __init__(self, issue: Any) -> None:
        super().__init__()
        self.issue = issue

    def compose(self) -> ComposeResult:
        from crmgov.domain.issues.rules import allowed_next
        from crmgov.domain.labels import label

        with Vertical(id="status-box") as box:
            box.border_title = _("Issue #{id}: {status} →", id=self.issue.id,
                                 status=label(self.issue.status))
            box.border_subtitle = _("Enter chooses · Esc cancels")
            options = [Option(label(s), id=s.value) for s in sorted(
                allowed_next(self.issue.status), key=_STATUS_ORDER.index)]
            yield OptionList(*options, id="status-options")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


_STATUS_ORDER = ["new", "triaged", "in_progress", "resolved", "closed", "reopened"]
