"""The open-issue log (问题记录): a filterable table of every issue, 100,000 included.

Rows are the service's plain IssueRow tuples (no pydantic on the hot path); the table
renders only what is on screen. Filtering runs on the event loop while it is cheap and in
a thread worker when it is not, never more than one at a time: keys typed meanwhile are
coalesced into one follow-up run, so typing never queues up work.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from crmgov.i18n import N_, _
from crmgov.tui.issues.actions import IssueActions
from crmgov.tui.issues.commands import IssueCommands
from crmgov.tui.issues.filter import (
    NARROW_SYNC_LIMIT,
    QUICK_LABELS,
    STATUS_CHOICES,
    STATUS_LABELS,
    SYNC_LIMIT,
    FilterSpec,
    apply_filter,
    issue_columns,
    narrow,
    view_spec,
)
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.virtual_table import VirtualTable


class IssuesScreen(IssueActions, AreaScreen):
    """Every logged issue, its SLA state, and every action the CLI offers on issues."""

    AREA = "issues"
    AUTO_FOCUS = "#issues-table"
    CSS_PATH = "issues.tcss"
    COMMANDS = {IssueCommands}
    BINDINGS = [
        # priority: see AreaScreen.focus_now
        Binding("slash", "focus_filter", N_("Filter"), key_display="/", id="issues.filter",
                priority=True),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="issues.clear"),
        Binding("a", "add_issue", N_("Add issue"), id="issues.add"),
        Binding("e", "edit_issue", N_("Edit issue"), id="issues.edit"),
        Binding("n", "add_task", N_("Add task"), id="issues.task"),
        Binding("c", "close_issue", N_("Close issue"), id="issues.close"),
        Binding("g", "change_status", N_("Change status"), id="issues.status"),
        Binding("f", "cycle_status", N_("Open/closed/all"), id="issues.status_filter"),
        Binding("u", "toggle_quick('urgent')", N_("Urgent only"), show=False,
                id="issues.urgent"),
        Binding("v", "toggle_quick('overdue')", N_("Overdue only"), show=False,
                id="issues.overdue"),
        Binding("m", "toggle_quick('mine')", N_("Mine only"), show=False, id="issues.mine"),
        Binding("w", "toggle_quick('recurring')", N_("Recurring only"), show=False,
                id="issues.recurring"),
        # In the key bar when there is room (it drops the last keys first at 80 columns).
        Binding("I", "import_issues", N_("Import CSV/XLSX"), id="issues.import"),
        Binding("X", "export_issues", N_("Export CSV/XLSX"), id="issues.export"),
        Binding("R", "render_report", N_("Write a report"), id="issues.report"),
    ]
    HELP_SCREENS = (
        (N_("One issue (Enter on a row)"), "crmgov.tui.issues.detail:IssueDetailScreen"),
    )
    AREA_HELP = (
        N_("Type after / to filter by id, title, owner, requester or description"),
        N_("Enter opens the issue with its tasks; 1-8 sort by a column, again to reverse"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._all: list[Any] = []
        """Every IssueRow, in the table's sort order."""
        self._generation = 0
        """Bumped whenever `_all` is replaced, so stale filter results are dropped."""
        self._spec = FilterSpec()
        self._last: tuple[int, FilterSpec, list[Any]] | None = None
        """(generation, spec, result) of the last filter shown: the base for narrowing."""
        self._recent: dict[FilterSpec, list[Any]] = {}
        """Results of this generation by spec, so backspace and toggling back are free."""
        self._filtering = False
        self._loaded = False
        self.late_tasks: dict[int, int] = {}
        """Issue id → open tasks past due, for the ⚠ mark and the pane under the table."""

    def compose_area(self) -> ComposeResult:
        yield Input(id="issues-filter", classes="area-filter")
        yield Static(id="issues-quick", classes="issues-quick")
        yield VirtualTable(id="issues-table", sort_shown=False)
        yield Static(id="issues-detail", classes="area-detail")
        yield Static(id="issues-summary", classes="area-summary")

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#issues-table", VirtualTable)

    # ------------------------------------------------------------------ loading
    def retranslate(self) -> None:
        from crmgov.tui.areas import retranslate_bindings

        retranslate_bindings(self.table)  # the table's keys show in the key bar too
        self.query_one("#issues-filter", Input).placeholder = _(
            "/ filter: id, title, owner, requester, description"
        )
        self._show_quick()

    def compute(self) -> tuple[list[Any], int, dict[int, int]]:
        from rich.cells import cell_len

        from crmgov.services.issues.log import issue_rows
        from crmgov.services.issues.rows import late_task_counts

        app: Any = self.app
        rows: list[Any] = issue_rows(self.store, app.now())
        owners = {r.owner for r in rows}
        owner_width = min(max((cell_len(o) for o in owners), default=8), 16)
        return self.table.sort_rows(rows), owner_width, late_task_counts(self.store, app.now())

    def show(self, data: tuple[list[Any], int, dict[int, int]]) -> None:
        rows, owner_width, late = data
        self.late_tasks = late
        self.table.set_columns(issue_columns(owner_width, late))
        self._replace_all(rows)
        # The highlighted issue may have changed (an edit): the table only announces
        # moves to another row, so show it again here.
        self.call_after_refresh(self._show_detail)

    def _replace_all(self, rows: list[Any]) -> None:
        self._all = rows
        self._generation += 1
        self._last = None
        self._recent.clear()
        self._loaded = True
        self._request_filter()

    # ------------------------------------------------------------------ filtering
    def _request_filter(self) -> None:
        if not self._filtering:
            self._start_filter()
        # else: the running filter starts another when it finishes (see _filter_done).

    def _start_filter(self) -> None:
        spec, generation = self._spec, self._generation
        cached = self._recent.get(spec)
        if cached is not None:
            self._filter_done(generation, spec, cached)
            return
        source, only_text = self._all, False
        if self._last is not None and self._last[0] == generation and spec.narrows(
            self._last[1]
        ):
            source, only_text = self._last[2], True
        else:
            # Widening (backspace) or a coalesced jump: any remembered result this spec
            # narrows (same quick filters, a shorter needle) beats scanning all 100k rows.
            bases = [rows for seen, rows in self._recent.items() if spec.narrows(seen)]
            if bases:
                source, only_text = min(bases, key=len), True
        app: Any = self.app
        actor = app.settings.actor
        if len(source) <= (NARROW_SYNC_LIMIT if only_text else SYNC_LIMIT):
            result = narrow(source, spec) if only_text else apply_filter(source, spec, actor)
            self._filter_done(generation, spec, result)
            return
        self._filtering = True
        self._filter_in_thread(generation, spec, source, actor, only_text)

    # description= skips Textual's repr() of the arguments: 1 s for a 100k-row list.
    @work(thread=True, exclusive=True, group="issues-filter", description="filter issues")
    def _filter_in_thread(
        self, generation: int, spec: FilterSpec, source: list[Any], actor: str, only_text: bool
    ) -> None:
        result = narrow(source, spec) if only_text else apply_filter(source, spec, actor)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._filter_done, generation, spec, result)

    def _filter_done(self, generation: int, spec: FilterSpec, result: list[Any]) -> None:
        self._filtering = False
        if generation == self._generation:
            self._last = (generation, spec, result)
            if len(self._recent) >= 16:  # bounded: each entry may hold 100k references
                self._recent.pop(next(iter(self._recent)))
            self._recent[spec] = result
            self.table.empty_text = "" if result else self._empty_reason(spec)
            self.table.set_rows(result)
            self._show_summary(len(result))
        if (generation, spec) != (self._generation, self._spec):
            self._start_filter()  # keys typed (or data loaded) while this one ran

    def _set_spec(self, spec: FilterSpec) -> None:
        self._spec = spec
        self._show_quick()
        if self._loaded:
            self._request_filter()

    @on(Input.Changed, "#issues-filter")
    def _text_changed(self, event: Input.Changed) -> None:
        self._set_spec(replace(self._spec, text=event.value))

    @on(Input.Submitted, "#issues-filter")
    def _text_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def apply_quick_filter(self, name: str) -> None:
        """Show one of the dashboard's views (open, urgent, overdue, at_risk, mine, …)."""
        self.query_one("#issues-filter", Input).value = ""
        self._set_spec(view_spec(name))
        self.table.focus()

    def apply_view(self, view: str) -> None:
        """A dashboard figure's view is one of the quick-filter views."""
        self.apply_quick_filter(view)

    def shown_count(self) -> int | None:
        """Rows shown for the current filter (None while a filter is still running)."""
        if not self._loaded or self._filtering or self._last is None:
            return None
        return len(self.table.rows) if self._last[1] == self._spec else None

    def action_toggle_quick(self, name: str) -> None:
        """Switch one quick filter on or off."""
        flip: dict[str, Any] = {name: not getattr(self._spec, name)}
        if name == "urgent":
            flip["general"] = False  # the dashboard's "general only" view gives way
        self._set_spec(replace(self._spec, **flip))

    def action_cycle_status(self) -> None:
        """Open → closed → all → open."""
        now = STATUS_CHOICES.index(self._spec.status)
        self._set_spec(replace(self._spec, status=STATUS_CHOICES[(now + 1) % 3]))

    def action_focus_filter(self) -> None:
        self.focus_now(self.query_one("#issues-filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#issues-filter", Input).value = ""
        self._set_spec(FilterSpec())
        self.table.focus()

    # ------------------------------------------------------------------ sorting
    @on(VirtualTable.Sorted, "#issues-table")
    def _sorted(self, event: VirtualTable.Sorted) -> None:
        # The full list is sorted (off the event loop) and filtered again: the filtered
        # rows come out in the new order, and so does every later keystroke.
        self._sort_all(self._all)

    @work(thread=True, exclusive=True, group="issues-sort", description="sort issues")
    def _sort_all(self, rows: list[Any]) -> None:
        ordered = self.table.sort_rows(list(rows))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._replace_all, ordered)

    # ------------------------------------------------------------------ showing
    def _show_quick(self) -> None:
        from crmgov.textwidth import cell_len

        spec = replace(self._spec, text="")
        filters = self._filter_words(spec)
        keys = _("f status · u urgent · v overdue · m mine · w recurring")
        line = _("Showing {filters}   ({keys})", filters=filters, keys=keys)
        if cell_len(line) + 2 > (self.size.width or self.app.size.width):
            # The key hint gives way to the filter itself (help lists the keys).
            line = _("Showing {filters}", filters=filters)
        # Fixed height: layout=False spares a full-screen layout per keystroke.
        self.query_one("#issues-quick", Static).update(line, layout=False)

    def on_resize(self) -> None:
        self._show_quick()  # the key hint shows when it fits

    def _filter_words(self, spec: FilterSpec) -> str:
        """The filter in words, as the quick-filter line says it ("mine" names who)."""
        app: Any = self.app
        parts = [_("status: {status}", status=_(STATUS_LABELS[spec.status]))]
        for name in spec.active():
            if name == "mine":
                parts.append(_("mine (owner {who})", who=app.settings.actor))
            else:
                parts.append(_(QUICK_LABELS[name]))
        if spec.ids is not None:
            parts.append(spec.ids_label or _("{count} issues named", count=len(spec.ids)))
        if spec.needle:
            parts.append(_("text “{text}”", text=spec.text.strip()))
        return " · ".join(parts)

    def _empty_reason(self, spec: FilterSpec) -> str:
        """Why the table is empty: nothing logged, or nothing matches (and which filter)."""
        if not self._all:
            return _("No issues logged yet: a adds one.")
        return _("No issue matches {filters}. Esc clears the filter, f shows closed or all.",
                 filters=self._filter_words(spec))

    def _show_summary(self, shown: int) -> None:
        self.query_one("#issues-summary", Static).update(
            _("{shown} of {total} issues", shown=shown, total=len(self._all)), layout=False
        )

    @on(VirtualTable.RowHighlighted, "#issues-table")
    def _highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        from crmgov.tui.issues.detail import brief

        detail = self.query_one("#issues-detail", Static)
        table = self.table
        row = table.rows[table.cursor_row] if table.cursor_row < len(table.rows) else None
        issue = self._issue(row[0]) if row is not None else None
        late = self.late_tasks.get(issue.id, 0) if issue is not None else 0
        detail.update(brief(issue, row, late) if issue is not None else "", layout=False)
        # The whole title is in the pane; the border names the issue only.
        detail.border_title = f"#{issue.id}" if issue is not None else ""

    @on(VirtualTable.RowSelected, "#issues-table")
    def _selected(self, event: VirtualTable.RowSelected) -> None:
        from crmgov.tui.issues.detail import IssueDetailScreen

        self.app.push_screen(IssueDetailScreen(event.row[0]))

    def _issue(self, issue_id: int) -> Any:
        try:
            return self.store.get("issues", issue_id)
        except KeyError:
            return None

    def selected_id(self) -> int | None:
        """The id of the highlighted issue, if any."""
        key = self.table.cursor_key
        return int(key) if key is not None else None
