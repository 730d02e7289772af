"""Plan: the three-year improvement plan by year and quarter, its review and sign-off."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.plan.actions import PlanActions
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.fit_table import Col, FitTable
from crmgov.tui.widgets.format import NONE, day

#: The quick filters the dashboard's figures lead to, and `f` cycles through.
FILTERS: dict[str, str] = {
    "all": N_("all items"),
    "reviewed": N_("reviewed items"),
    "done": N_("done items"),
}


@dataclass
class PlanData:
    """What the plan screen shows, computed in a worker."""

    items: list[Any]
    review: Any
    findings: int
    owner_figure: float | None
    signatures: list[Any] = field(default_factory=list)
    changes: int | None = None


def when(item: Any) -> str:
    """"Y1 Q2" (quarter left out while undecided)."""
    return _("Y{year}", year=item.year) + (f" Q{item.quarter}" if item.quarter else "")


class PlanScreen(PlanActions, AreaScreen):
    """Plan items by year and quarter; the highlighted item's target, notes and threads."""

    AREA = "plan"
    CSS_PATH = "plan.tcss"
    AREA_HELP = (
        N_("Up/down choose a plan item; its target, progress notes and review threads show "
           "below"),
        N_("The consultant comments (c, or C on the whole plan), the owner answers (n), either "
           "resolves (x); y accepts an item, w marks it as needing work"),
        N_("S signs: once consultant and owner have both signed, the plan is frozen as a "
           "version and D shows what changed since"),
    )
    BINDINGS = [
        Binding("a", "add_item", N_("Add item"), id="plan.add"),
        Binding("e", "edit_item", N_("Edit item"), id="plan.edit"),
        Binding("m", "move_item", N_("Move item"), show=False, id="plan.move"),
        Binding("g", "progress_item", N_("Progress note"), id="plan.progress"),
        Binding("c", "comment_item", N_("Comment"), id="plan.comment"),
        Binding("C", "comment_plan", N_("Comment on the plan"), show=False,
                id="plan.comment_plan"),
        Binding("n", "answer_thread", N_("Answer"), show=False, id="plan.answer"),
        Binding("x", "resolve_thread", N_("Resolve thread"), show=False, id="plan.resolve"),
        Binding("y", "accept_item", N_("Accept item"), show=False, id="plan.accept"),
        Binding("w", "needs_work", N_("Needs work"), show=False, id="plan.needs_work"),
        Binding("S", "sign_plan", N_("Sign the plan"), id="plan.sign"),
        Binding("D", "show_diff", N_("Changes since signed"), show=False, id="plan.diff"),
        Binding("k", "show_findings", N_("Blind spots"), id="plan.check"),
        Binding("O", "owner_readiness", N_("Owner readiness"), id="plan.owner"),
        Binding("f", "cycle_filter", N_("All/reviewed/done"), show=False, id="plan.filter"),
        Binding("R", "render_report", N_("Write the plan report"), show=False,
                id="plan.report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Any] = []
        self._shown_items: list[Any] = []
        self._data: PlanData | None = None
        self.quick_filter = "all"

    def compose_area(self) -> ComposeResult:
        yield Static(id="plan-summary", classes="area-summary")
        yield FitTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="plan-detail", classes="area-detail"):
            yield Static(id="plan-target")
            yield Static(id="plan-comments")

    def retranslate(self) -> None:
        self._set_columns()

    def _set_columns(self) -> None:
        # The objective keeps 30 cells (the pane below shows it whole, and the date); the
        # area goes first, then the date, the owner last (the pane does not name them).
        self.query_one("#plan-table", FitTable).set_specs(
            [Col("when", _("When")), Col("title", _("Objective"), shrink=30),
             Col("status", _("Status")), Col("verdict", _("Review")),
             Col("area", _("Plan area"), shrink=10, drop=3),
             Col("owner", _("Owner"), shrink=10, drop=1), Col("due", _("By"), drop=2)],
        )

    def compute(self) -> PlanData:
        from crmgov.services.plan.checks import findings
        from crmgov.services.plan.items import items
        from crmgov.services.plan.owner import owner_readiness
        from crmgov.services.plan.review import (
            changes_since_signed,
            get_review,
            valid_signatures,
        )

        today = self.app.now().date()
        try:
            figure: float | None = owner_readiness(self.store).figure
        except ValueError:
            figure = None  # a broken checklist file: the owner view says why
        changed = changes_since_signed(self.store)
        return PlanData(
            items(self.store), get_review(self.store), len(findings(self.store, today)),
            figure, valid_signatures(self.store),
            None if changed is None else len(changed[1]),
        )

    # ------------------------------------------------------------------ showing
    def show(self, data: PlanData) -> None:
        self._data = data
        self._items = data.items
        self.query_one("#plan-summary", Static).update(self._summary(data))
        self._fill()

    def _summary(self, data: PlanData) -> str:
        items = data.items
        reviewed = sum(1 for i in items if i.reviewed)
        parts = [_("{count} item(s), {reviewed} reviewed", count=len(items), reviewed=reviewed),
                 _("{count} blind spot(s)", count=data.findings)]
        latest = data.review.latest
        if latest is not None:
            parts.append(_("signed v{n}, {count} change(s) since", n=latest.number,
                           count=data.changes or 0))
        elif data.signatures:
            from crmgov.tui.plan.render import join_names

            parts.append(_("signed by {names}",
                           names=join_names(s.name for s in data.signatures)))
        else:
            parts.append(_("not signed"))
        if data.owner_figure is not None:
            parts.append(_("owner ready {pct}", pct=f"{data.owner_figure * 100:.0f}%"))
        if self.quick_filter != "all":
            parts.append(_(FILTERS[self.quick_filter]))
        return " · ".join(parts)

    def _fill(self) -> None:
        from crmgov.domain.enums import PlanStatus
        from crmgov.domain.labels import label

        def keep(item: Any) -> bool:
            if self.quick_filter == "reviewed":
                return bool(item.reviewed)
            if self.quick_filter == "done":
                return item.status is PlanStatus.DONE
            return True

        self._shown_items = [i for i in self._items if keep(i)]
        table = self.query_one("#plan-table", FitTable)
        row = table.cursor_row
        # Columns are rebuilt with the rows: a fill racing a language change (the project's
        # language is known only once it has loaded) had left them at their headers' width.
        self._set_columns()
        table.fill(
            (str(item.id), (
                when(item), item.title, label(item.status),
                label(item.verdict) if item.verdict else (
                    _("reviewed") if item.reviewed else NONE), label(item.area),
                item.owner or NONE, day(item.target)))
            for item in self._shown_items
        )
        if not self._shown_items:
            self.query_one("#plan-target", Static).update(
                _("No plan yet: before the consultant leaves, the internal owner writes the "
                  "next three years' improvements, open problems and new scope (a adds one).")
                if not self._items else _("No item matches this filter (f changes it).")
            )
            self.query_one("#plan-comments", Static).update("")
            return
        table.move_cursor(row=min(max(row, 0), len(self._shown_items) - 1))
        self._show_item(table.cursor_row)

    def apply_quick_filter(self, name: str) -> None:
        """Show only reviewed or done items (the dashboard's figures lead here)."""
        self.quick_filter = name if name in FILTERS else "all"
        if self._data is not None:
            self.show(self._data)

    def action_cycle_filter(self) -> None:
        """All items → reviewed → done → all."""
        names = list(FILTERS)
        self.apply_quick_filter(names[(names.index(self.quick_filter) + 1) % len(names)])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "plan-table" and 0 <= event.cursor_row < len(
            self._shown_items
        ):
            self._show_item(event.cursor_row)

    def _show_item(self, index: int) -> None:
        from crmgov.tui.plan.render import item_detail, threads_view

        item = self._shown_items[index]
        self.query_one("#plan-detail").border_title = f"#{item.id} {item.title}"
        self.query_one("#plan-target", Static).update(item_detail(item))
        self.query_one("#plan-comments", Static).update(threads_view(item.comments))

    def selected_id(self) -> int | None:
        """The highlighted item's id."""
        table = self.query_one("#plan-table", DataTable)
        if not self._shown_items or not 0 <= table.cursor_row < len(self._shown_items):
            return None
        return int(self._shown_items[table.cursor_row].id)

    def shown_count(self) -> int | None:
        """Rows on screen (tests compare it with the dashboard's figures)."""
        return len(self._shown_items)
