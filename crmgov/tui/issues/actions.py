"""Actions on issues shared by the issue list and the issue detail screen.

Every write goes through a dialog whose save runs the service in a worker, or through
`_write` (a worker too); afterwards `app.data_changed()` refreshes every area.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work

from crmgov.i18n import N_, _
from crmgov.tui.screens.record_actions import RecordActions


class IssueActions(RecordActions):
    """Mixin for screens that have a current issue (`selected_id()`)."""

    TABLE = "issues"
    SAVED = N_("issue #{id} saved")

    # ------------------------------------------------------------------ dialogs
    def action_add_issue(self) -> None:
        """Log a new issue."""
        from crmgov.tui.issues.dialogs import issue_form

        if self.store.loaded:
            self.app.push_screen(issue_form(self.store, self.app.now()), self._saved)

    def action_edit_issue(self) -> None:
        """Edit the current issue's fields."""
        from crmgov.tui.issues.dialogs import issue_form

        issue = self._current()
        if issue is not None:
            self.app.push_screen(issue_form(self.store, self.app.now(), issue), self._saved)

    def action_add_task(self) -> None:
        """Add a task (owner and due date required) to the current issue."""
        from crmgov.tui.issues.dialogs import task_form

        issue = self._current()
        if issue is not None:
            form = task_form(self.store, issue, today=self.app.now().date())
            self.app.push_screen(form, self._saved)

    def action_close_issue(self) -> None:
        """Close the current issue with its root cause and preventive action."""
        from crmgov.tui.issues.dialogs import close_form

        issue = self._current()
        if issue is None:
            return
        if issue.status == "closed":
            self._offer_reopen(issue)
            return
        self.app.push_screen(close_form(self.store, issue, self.app.now()), self._saved)

    def _offer_reopen(self, issue: Any) -> None:
        """`c` on a closed issue: say so at once, and offer to reopen it."""
        from crmgov.tui.dialogs.confirm import ConfirmDialog

        def answered(reopen: bool | None) -> None:
            if reopen:
                self.set_status("reopened")

        self.app.push_screen(
            ConfirmDialog(_("Issue #{id} is already closed. Reopen it?", id=issue.id),
                          _("Reopen"), _("Leave it closed"), title=_("Close issue")),
            answered,
        )

    def action_change_status(self) -> None:
        """Move the current issue along its status graph (triage, start, resolve, …)."""
        from crmgov.tui.issues.dialogs import StatusDialog

        issue = self._current()
        if issue is not None:
            self.app.push_screen(StatusDialog(issue), self._status_chosen)

    def _status_chosen(self, status: str | None) -> None:
        if status == "closed":
            self.action_close_issue()  # closing has its own form and rules
        elif status is not None:
            self.set_status(status)

    def set_status(self, status: str) -> None:
        """Move the current issue to `status` (no dialog; used by the palette too)."""
        from crmgov.services.issues.log import set_status

        issue = self._current()
        if issue is None:
            return
        if status == "closed":
            self.action_close_issue()
            return
        now, store, issue_id = self.app.now(), self.store, issue.id
        self._write(lambda: set_status(store, issue_id, status, now))

    def action_import_issues(self) -> None:
        """Import issues from a CSV/XLSX file (all rows valid, or nothing is written)."""
        from crmgov.tui.issues.files import ImportDialog

        if self.store.loaded:
            self.app.push_screen(ImportDialog(self.store, self.app.now()), self._saved)

    def action_export_issues(self) -> None:
        """Export the issues shown (the filtered table) or all of them to CSV/XLSX."""
        from crmgov.tui.issues.files import export_form

        table = getattr(self, "table", None)  # the list screen's table; the detail has none
        shown = [row[0] for row in table.rows] if table is not None else None
        if self.store.loaded:
            self.app.push_screen(export_form(self.store, shown), self._saved_file)

    def action_render_report(self) -> None:
        """Render the issue-status or preventive-measures report to a file."""
        from crmgov.tui.issues.files import report_form

        if self.store.loaded:
            self.app.push_screen(report_form(self.store, self.app.now()), self._saved_file)

    def _saved_file(self, message: str | None) -> None:
        if message:
            self.app.notify(message)  # nothing in the store changed

    # ------------------------------------------------------------------ writing
    @work(thread=True, exclusive=True, group="issue-write", description="save issue")
    def _write(self, change: Callable[[], Any]) -> None:
        try:
            result = change()
        except (ValueError, OSError) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
        else:
            self.app.call_from_thread(self._saved, result)
