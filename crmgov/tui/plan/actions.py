"""The plan screen's actions: each opens a form (tui/plan/forms.py) or a view, or runs a
service in a worker; afterwards `app.data_changed()` refreshes every area."""

from __future__ import annotations

from typing import Any

from textual import work

from crmgov.i18n import N_, _
from crmgov.tui.screens.record_actions import RecordActions


class PlanActions(RecordActions):
    """Mixin for the plan screen (`selected_id()` is the highlighted item)."""

    TABLE = "plan"
    SAVED = N_("plan item #{id} saved")

    def _push(self, make: Any, *args: Any, needs_item: bool = True) -> None:
        if not self.store.loaded:
            return
        item = None
        if needs_item:
            item = self._current()
            if item is None:
                return
            args = (item, *args)
        self.app.push_screen(make(self.store, *args), self._saved)

    # ------------------------------------------------------------------ items
    def action_add_item(self) -> None:
        """Add a plan item."""
        from crmgov.tui.plan.forms import item_form

        self._push(item_form, needs_item=False)

    def action_edit_item(self) -> None:
        """Edit the highlighted item (status and the reason for dropping it included)."""
        from crmgov.tui.plan.forms import item_form

        self._push(item_form)

    def action_move_item(self) -> None:
        """Move the item to another year, quarter or position."""
        from crmgov.tui.plan.forms import move_form

        self._push(move_form)

    def action_progress_item(self) -> None:
        """Add a dated progress note (and a new status)."""
        from crmgov.tui.plan.forms import progress_form

        self._push(progress_form, self.app.now().date())

    # ------------------------------------------------------------------ review
    def action_comment_item(self) -> None:
        """Open a review thread on the highlighted item."""
        from crmgov.tui.plan.forms import comment_form

        self._push(comment_form, self.app.now())

    def action_comment_plan(self) -> None:
        """Open a review thread on the whole plan."""
        from crmgov.tui.plan.forms import comment_form

        if self.store.loaded:
            self.app.push_screen(comment_form(self.store, None, self.app.now()), self._saved)

    def _thread_form(self, answer: bool) -> None:
        from crmgov.tui.plan.forms import answer_form, resolve_form, thread_options

        if not self.store.loaded:
            return
        item_id = self.selected_id()
        item = self.store.get("plan", item_id) if item_id is not None else None
        options = thread_options(self.store, item, open_only=True)
        if not options:
            self.app.notify(_("no open review thread here"), severity="warning")
            return
        now = self.app.now()
        form = (answer_form(self.store, item, now, options) if answer
                else resolve_form(self.store, now, options))
        self.app.push_screen(form, self._saved)

    def action_answer_thread(self) -> None:
        """Answer an open thread on the item or on the plan."""
        self._thread_form(answer=True)

    def action_resolve_thread(self) -> None:
        """Resolve an open thread on the item or on the plan."""
        self._thread_form(answer=False)

    def action_accept_item(self) -> None:
        """The consultant accepts the highlighted item."""
        item = self._current()
        if item is not None:
            self._accept(item.id)

    @work(thread=True, exclusive=True, group="plan-write")
    def _accept(self, item_id: int) -> None:
        from crmgov.services.plan.review import judge

        try:
            judge(self.store, item_id, "accepted", self.app.now())
        except ValueError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._saved, _("#{id} accepted", id=item_id))

    def action_needs_work(self) -> None:
        """Mark the item as needing work, saying what."""
        from crmgov.tui.plan.forms import needs_work_form

        self._push(needs_work_form, self.app.now())

    def action_sign_plan(self) -> None:
        """Sign the plan as consultant or internal owner."""
        from crmgov.tui.plan.forms import sign_form

        if self.store.loaded:
            self.app.push_screen(sign_form(self.store, self.app.now()), self._saved)

    # ------------------------------------------------------------------ views
    def action_show_findings(self) -> None:
        """The blind-spot findings, each with its reason."""
        from crmgov.tui.plan.views import findings_view

        if self.store.loaded:
            self.app.push_screen(findings_view(self.store, self.app.now().date()))

    def action_show_diff(self) -> None:
        """What changed since the signed version; the plan-wide threads."""
        from crmgov.tui.plan.views import diff_view

        if self.store.loaded:
            self.app.push_screen(diff_view(self.store))

    def action_owner_readiness(self) -> None:
        """The internal owner's readiness: answers, review, gaps."""
        from crmgov.tui.plan.owner import OwnerScreen

        if self.store.loaded:
            self.app.push_screen(OwnerScreen())

    def action_render_report(self) -> None:
        """Write the plan report."""
        from crmgov.tui.plan.forms import report_form

        if self.store.loaded:
            self.app.push_screen(report_form(self.store, self.app.now()), self._saved)
