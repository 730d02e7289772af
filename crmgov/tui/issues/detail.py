"""One issue in full: its fields, SLA clock, history and tasks, with every action on it."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from crmgov.i18n import N_, _, join_list
from crmgov.safe_text import visible
from crmgov.tui.areas import retranslate_bindings
from crmgov.tui.issues.actions import IssueActions
from crmgov.tui.widgets.fit_table import Col, FitTable
from crmgov.tui.widgets.format import NONE, day
from crmgov.tui.widgets.keybar import KeyBar


def _when(value: Any) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else NONE


def brief(issue: Any, row: Any, late: int = 0) -> Text:
    """The highlighted issue for the pane under the table: its whole title (the table may
    have shortened it) and description, wrapped, then who asked and what is due."""
    from crmgov.domain.labels import label

    tasks_open = sum(1 for t in issue.tasks if t.status.value == "open")
    text = Text()
    text.append(visible(issue.title) + "\n", style="bold")
    if issue.description:
        text.append(visible(" ".join(issue.description.split())) + "\n")
    text.append(visible(_("Requester: {who} · demands: {what}", who=issue.requester or NONE,
                          what=issue.demands or NONE)) + "\n", style="dim")
    text.append(_("{category} · due {due} · {open} of {total} task(s) open",
                  category=label(issue.category), due=_when(row.due_at), open=tasks_open,
                  total=len(issue.tasks)), style="dim")
    if late:
        text.append(" · " + _("{count} task(s) overdue", count=late), style="bold red")
    return text


def describe(issue: Any, row: Any) -> Table:
    """Every field of an issue as a two-column grid (labels translated)."""
    from crmgov.domain.labels import label

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def add(name: str, value: str) -> None:
        # Stored text is shown, never run: escape sequences appear as \x1b (safe_text).
        grid.add_row(Text(name), Text(visible(value or NONE, multiline=True)))

    add(_("Status"), label(issue.status))
    add(_("Urgency"), label(issue.urgency))
    add(_("Category"), label(issue.category))
    add(_("Owner"), issue.owner)
    add(_("Requester"), issue.requester)
    add(_("Requester's demands"), issue.demands)
    add(_("Description"), issue.description)
    add(_("Logged"), _when(issue.created_at))
    if row is not None:
        add(_("SLA"), _("{state} · due {due}", state=label(row.sla_state),
                        due=_when(row.due_at)))
    if issue.recurring:
        related = join_list(f"#{i}" for i in issue.related_ids)
        add(_("Recurring"), _("yes, like {ids}", ids=related or NONE))
    add(_("Root cause"), issue.root_cause)
    add(_("Corrective action"), issue.corrective_action)
    add(_("Preventive action"), issue.preventive_action or issue.no_preventive_reason and
        _("none needed: {reason}", reason=issue.no_preventive_reason))
    add(_("Fed back to requester"), _("yes") if issue.preventive_fed_back else _("no"))
    if issue.self_handling:
        add(_("How the company handles this itself"), issue.self_handling)
    history = " → ".join(f"{label(t.status)} {_when(t.at)}" for t in issue.transitions)
    add(_("History"), history)
    return grid


class IssueDetailScreen(IssueActions, Screen[None]):
    """Pushed over the issue list by Enter; Escape goes back."""

    CSS_PATH = "issue_detail.tcss"
    BINDINGS = [
        Binding("escape", "back", N_("Back"), id="issue.back"),
        Binding("e", "edit_issue", N_("Edit issue"), id="issue.edit"),
        Binding("n", "add_task", N_("Add task"), id="issue.task"),
        Binding("k", "edit_task", N_("Edit task"), id="issue.edit_task"),
        Binding("c", "close_issue", N_("Close issue"), id="issue.close"),
        Binding("g", "change_status", N_("Change status"), id="issue.status"),
    ]

    def __init__(self, issue_id: int) -> None:
        super().__init__()
        self.issue_id = issue_id

    @property
    def store(self) -> Any:
        return self.app.store

    def selected_id(self) -> int | None:
        return self.issue_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="issue-body"):
            yield Static(id="issue-fields")
        yield Static(id="issue-tasks-title", classes="issue-section")
        yield FitTable(id="issue-tasks", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        retranslate_bindings(self)
        self.refresh_issue()

    def refresh_issue(self) -> None:
        """Read the issue again (after a change) and show it."""
        from crmgov.domain.issues.rules import task_overdue
        from crmgov.domain.labels import label
        from crmgov.services.issues.log import rows_of

        issue = self._current()
        if issue is None:
            return
        row = rows_of([issue], self.store, self.app.now())[0]
        self.sub_title = visible(f"#{issue.id} {issue.title}")
        self.query_one("#issue-fields", Static).update(describe(issue, row))
        self.query_one("#issue-tasks-title", Static).update(
            _("Tasks ({count}) · n adds · k or Enter edits", count=len(issue.tasks))
        )
        table = self.query_one("#issue-tasks", FitTable)
        table.set_specs([Col("n", "#"), Col("text", _("Task"), shrink=16),
                         Col("owner", _("Owner"), shrink=10), Col("due", _("Due date")),
                         Col("status", _("Status")),
                         Col("note", _("Completion note"), shrink=10, drop=1)])
        today = self.app.now().date()
        rows = []
        for n, task in enumerate(issue.tasks):
            status: Text | str = label(task.status)
            due: Text | str = day(task.due)
            if task_overdue(task, today):
                status = Text(_("{status} · overdue", status=status), style="bold red")
                due = Text(str(due), style="red")
            rows.append((str(n), (str(n + 1), task.text, task.owner, due, status,
                                  task.note or NONE)))
        table.fill(rows)

    def _saved(self, result: Any) -> None:
        super()._saved(result)
        if result is not None:
            self.refresh_issue()

    def action_back(self) -> None:
        self.dismiss()

    def action_edit_task(self) -> None:
        """Edit the task under the cursor (text, owner, due date, status, note)."""
        from crmgov.tui.issues.dialogs import task_form

        issue = self._current()
        table = self.query_one("#issue-tasks", DataTable)
        if issue is None or not issue.tasks:
            self.app.bell()
            return
        index = min(table.cursor_row, len(issue.tasks) - 1)
        form = task_form(self.store, issue, index, self.app.now().date())
        self.app.push_screen(form, self._saved)

    @on(DataTable.RowSelected, "#issue-tasks")
    def _task_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_task()
