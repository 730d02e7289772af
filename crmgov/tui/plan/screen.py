"""Plan: the three-year improvement plan and the consultant's review of it."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.format import NONE, day, mark, set_columns


class PlanScreen(AreaScreen):
    """Plan items by year; the highlighted item's description and review comments."""

    AREA = "plan"
    CSS_PATH = "plan.tcss"
    AREA_HELP = (
        N_("Up/down choose a plan item; its description and review comments show below"),
        N_("The summary checks the usual blind spots: analysis use and prospect development"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Any] = []

    def compose_area(self) -> ComposeResult:
        yield Static(id="plan-summary", classes="area-summary")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="plan-detail", classes="area-detail"):
            yield Static(id="plan-description")
            yield Static(id="plan-comments")

    def retranslate(self) -> None:
        set_columns(
            self.query_one("#plan-table", DataTable),
            [("year", _("Year")), ("title", _("Title")), ("status", _("Status")),
             ("reviewed", _("Reviewed")), ("kind", _("Kind")), ("owner", _("Owner")),
             ("target", _("Target"))],
        )

    def compute(self) -> list[Any]:
        return sorted(self.store.all("plan"), key=lambda i: (i.year, str(i.kind), i.id))

    def show(self, data: list[Any]) -> None:
        from crmgov.domain.enums import PlanKind
        from crmgov.domain.labels import label

        self._items = data
        kinds = {i.kind for i in data}
        years = sorted({i.year for i in data})
        per_year = " · ".join(
            _("year {year}: {count}", year=y, count=sum(1 for i in data if i.year == y))
            for y in years
        )
        reviewed = sum(1 for i in data if i.reviewed)
        self.query_one("#plan-summary", Static).update(
            _("{count} item(s), {reviewed} reviewed", count=len(data), reviewed=reviewed)
            + (f" · {per_year}" if per_year else "")
            + " · "
            + _("analysis use {a} · prospect development {p}",
                a=mark(PlanKind.ANALYSIS in kinds), p=mark(PlanKind.PROSPECTING in kinds))
        )
        table = self.query_one("#plan-table", DataTable)
        table.clear()
        for item in data:
            table.add_row(
                str(item.year), item.title, label(item.status), mark(item.reviewed),
                label(item.kind), item.owner or NONE, day(item.target), key=str(item.id),
            )
        if not data:
            self.query_one("#plan-description", Static).update(
                _("No plan yet: before the consultant leaves, the internal owner writes the "
                  "next three years' improvements, open problems and new scope.")
            )
            self.query_one("#plan-comments", Static).update("")
            return
        self._show_item(min(table.cursor_row, len(data) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "plan-table" and 0 <= event.cursor_row < len(self._items):
            self._show_item(event.cursor_row)

    def _show_item(self, index: int) -> None:
        item = self._items[index]
        self.query_one("#plan-detail").border_title = item.title
        self.query_one("#plan-description", Static).update(item.description or NONE)
        comments = self.query_one("#plan-comments", Static)
        if not item.comments:
            comments.update(Text(_("Not reviewed yet."), style="italic"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for c in item.comments:
            text = Text(c.text)
            if c.blind_spot:
                text.append("\n" + _("Blind spot: {spot}", spot=c.blind_spot), style="bold")
            grid.add_row(f"{c.author} {day(c.at)}", text)
        comments.update(grid)
