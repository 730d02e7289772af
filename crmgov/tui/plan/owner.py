"""The internal owner's readiness: each checklist line with the owner's answer and what
they don't know yet, the consultant's view, the figure, and the gaps → plan or issue."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from crmgov.i18n import N_, _
from crmgov.tui.areas import retranslate_bindings
from crmgov.tui.dialogs.form import FormDialog, FormField
from crmgov.tui.screens.record_actions import after_save
from crmgov.tui.widgets.fit_table import Col, FitTable
from crmgov.tui.widgets.format import NONE
from crmgov.tui.widgets.keybar import KeyBar


class OwnerScreen(Screen[None]):
    """"Can you carry this alone?" — line by line, in front of the consultant."""

    CSS_PATH = "plan.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Back to the plan"), id="owner.close"),
        Binding("a", "assess", N_("Answer (owner)"), id="owner.assess"),
        Binding("v", "review", N_("Confirm/disagree"), id="owner.review"),
        Binding("P", "to_plan", N_("Gap → plan item"), id="owner.to_plan"),
        Binding("I", "to_issue", N_("Gap → issue"), id="owner.to_issue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state: Any = None

    @property
    def _app(self) -> Any:
        return self.app

    @property
    def store(self) -> Any:
        return self._app.store

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="owner-summary")
        yield FitTable(id="owner-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="owner-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Owner readiness")
        retranslate_bindings(self)
        self.query_one("#owner-table", FitTable).set_specs(
            [Col("line", _("Area to carry"), shrink=20), Col("answer", _("Owner")),
             Col("view", _("Consultant")), Col("gap", _("Gap"))])
        self.refresh_state()

    @work(thread=True, exclusive=True, group="owner-load")
    def refresh_state(self) -> None:
        from crmgov.services.plan.owner import owner_readiness

        try:
            state = owner_readiness(self.store)
        except ValueError as exc:
            self.app.call_from_thread(self._broken, str(exc))
            return
        self.app.call_from_thread(self.show, state)

    def _broken(self, message: str) -> None:
        self.query_one("#owner-summary", Static).update(message)

    def show(self, state: Any) -> None:
        from crmgov.domain.labels import label

        self.state = state
        gaps = {g.line.id: g for g in state.gaps}
        self.query_one("#owner-summary", Static).update(
            _("Owner readiness: {figure}", figure=f"{state.figure * 100:.0f}%") + " · "
            + _("{count} gap(s)", count=len(state.gaps)))
        table = self.query_one("#owner-table", FitTable)
        row = table.cursor_row
        rows = []
        for line in state.lines:
            a = state.assessments.get(line.id)
            gap = gaps.get(line.id)
            if gap is None:
                mark = "✓"
            elif gap.handled:
                mark = (_("plan #{id}", id=a.plan_item_id) if a and a.plan_item_id
                        else _("issue #{id}", id=a.issue_id if a else 0))
            else:
                mark = "✗"
            rows.append((line.id, (state.text(line),
                                   label(a.answer) if a and a.answer else NONE,
                                   label(a.view) if a and a.view else NONE, mark)))
        table.fill(rows)
        if state.lines:
            table.move_cursor(row=min(max(row, 0), len(state.lines) - 1))
            self._detail(table.cursor_row)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.state is not None and 0 <= event.cursor_row < len(self.state.lines):
            self._detail(event.cursor_row)

    def _detail(self, index: int) -> None:
        line = self.state.lines[index]
        a = self.state.assessments.get(line.id)
        parts = [f"{line.id}: {self.state.text(line)}"]
        if a and a.unknown:
            parts.append(_("I don't know yet: {text}", text=a.unknown))
        if a and a.comment:
            parts.append(_("Consultant: {text}", text=a.comment))
        self.query_one("#owner-detail", Static).update("\n".join(parts))

    def _line(self) -> Any:
        table = self.query_one("#owner-table", DataTable)
        if self.state is None or not 0 <= table.cursor_row < len(self.state.lines):
            self.app.bell()
            return None
        return self.state.lines[table.cursor_row]

    def _done(self, result: Any) -> None:
        if after_save(self.app, result):
            self.refresh_state()

    # ------------------------------------------------------------------ actions
    def action_close(self) -> None:
        self.dismiss(None)

    def action_assess(self) -> None:
        """The owner answers the highlighted line."""
        from crmgov.services.plan.owner import assess

        line = self._line()
        if line is None:
            return
        a = self.state.assessments.get(line.id)
        answers = [(_("yes"), "yes"), (_("partly"), "partly"), (_("no"), "no")]
        fields = [
            FormField("answer", _("Can you carry this alone?"), "select",
                      a.answer.value if a and a.answer else "partly", answers),
            FormField("unknown", _("What I don't know yet"), value=a.unknown if a else ""),
        ]
        now = self._app.now()

        def submit(values: dict[str, Any]) -> Any:
            assess(self.store, line.id, values["answer"], values["unknown"], now)
            return _("answer to {line} saved", line=line.id)

        self.app.push_screen(FormDialog(self.state.text(line), fields, submit), self._done)

    def action_review(self) -> None:
        """The consultant confirms or disagrees with the answer, with a comment."""
        from crmgov.services.plan.owner import review

        line = self._line()
        if line is None:
            return
        a = self.state.assessments.get(line.id)
        fields = [
            FormField("view", _("Consultant"), "select",
                      a.view.value if a and a.view else "confirmed",
                      [(_("confirmed"), "confirmed"), (_("disagrees"), "disagrees")]),
            FormField("comment", _("Comment"), value=a.comment if a else ""),
        ]
        now = self._app.now()

        def submit(values: dict[str, Any]) -> Any:
            review(self.store, line.id, values["view"], values["comment"], now)
            return _("review of {line} saved", line=line.id)

        self.app.push_screen(FormDialog(self.state.text(line), fields, submit), self._done)

    def action_to_plan(self) -> None:
        """Turn the highlighted gap into a plan item (year 1 unless chosen)."""
        from crmgov.services.plan.owner import gap_to_plan

        line = self._line()
        if line is None:
            return
        fields = [FormField("year", _("Year"), "select", 1,
                            [(_("year {year}", year=y), y) for y in (1, 2, 3)])]
        now = self._app.now()

        def submit(values: dict[str, Any]) -> Any:
            item = gap_to_plan(self.store, line.id, now, values["year"])
            return _("gap {line} is plan item #{id}", line=line.id, id=item.id)

        self.app.push_screen(FormDialog(_("Gap → plan item"), fields, submit), self._done)

    def action_to_issue(self) -> None:
        """Turn the highlighted gap into an issue."""
        line = self._line()
        if line is not None:
            self._to_issue(line.id)

    @work(thread=True, exclusive=True, group="owner-write")
    def _to_issue(self, line_id: str) -> None:
        from crmgov.services.plan.owner import gap_to_issue

        try:
            issue = gap_to_issue(self.store, line_id, self._app.now())
        except ValueError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(
            self._done, _("gap {line} is issue #{id}", line=line_id, id=issue.id))
