"""A handover checklist line that opens a list opens exactly as many rows as its figure
states short (issue 22, item 17: Enter on "✗ 37/47 Every open issue has an owner" opened
all 47 open issues instead of the 10 without an owner). The shared contract of the
dashboard's figures (tests/tui/shell/test_board_figures.py): the view has `shown_count`
rows."""

from __future__ import annotations

import re

from textual.widgets import DataTable

from crmgov.services.handover.pack import build_context
from tests.conftest import FIXED_NOW
from tests.tui.conftest import opened, settle

#: Lines whose area lists the rows behind their figure (the others open an overview).
LISTS = {"open_issues_owned", "self_handling", "recurring_prevented", "certification_coverage"}


def stated(figure: str) -> int:
    """How many rows the figure says fall short: Y-X of "X/Y …", N of "N"."""
    found = re.match(r"(\d+)/(\d+)", figure)
    return int(found[2]) - int(found[1]) if found else int(figure)


async def test_each_checklist_line_opens_as_many_rows_as_it_states(demo_app_each_lang) -> None:
    from crmgov.tui.handover.screen import checklist_view

    app = demo_app_each_lang
    async with opened(app, "h", size=(120, 40)) as pilot:
        rows = app.screen.view.context["checklist"]
        opening = [r for r in rows if checklist_view(r) is not None]
        assert {r["check"] for r in opening} == LISTS
        owned = next(r for r in rows if r["check"] == "open_issues_owned")
        assert stated(owned["figure"]) > 0  # the demo has ownerless open issues
        wrong = {}
        for row in opening:
            await pilot.press("h")
            await settle(pilot)
            table = app.screen.query_one("#checklist", DataTable)
            table.focus()
            table.move_cursor(row=rows.index(row))
            await pilot.press("enter")
            await settle(pilot)
            shown = app.screen.shown_count()
            if shown != stated(row["figure"]):
                wrong[row["check"]] = (row["figure"], shown)
        assert not wrong, f"line → (figure, rows shown): {wrong}"


async def test_the_ownerless_line_shows_only_issues_without_an_owner(demo_app, demo_store) -> None:
    context = build_context(demo_store, FIXED_NOW)
    row = next(r for r in context["checklist"] if r["check"] == "open_issues_owned")
    async with opened(demo_app, "h", size=(120, 40)) as pilot:
        table = demo_app.screen.query_one("#checklist", DataTable)
        table.focus()
        table.move_cursor(row=context["checklist"].index(row))
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.current_mode == "issues"
        shown = demo_app.screen.table.rows
        assert len(shown) == stated(row["figure"]) and all(not r.owner for r in shown)
        quick = str(demo_app.screen.query_one("#issues-quick").render())
        assert row["question"][:20] in quick
