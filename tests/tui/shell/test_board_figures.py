"""Every dashboard figure that opens a list opens exactly as many rows as it states
(issue 9, item 3).

Built for every area: a figure takes part as soon as its CARDS (or BLOCKER_TARGETS) entry
names a view and its value is a count; the target screen then has to implement
`apply_view` and `shown_count` (crmgov/tui/screens/base.py). Nothing here names an area.
"""

from __future__ import annotations

from crmgov.tui.dashboard.screen import DashboardScreen
from crmgov.tui.widgets.board import ReadinessBoard
from crmgov.tui.widgets.board_layout import Item
from tests.tui.conftest import settle

#: Figures that must take part (the issue log's: its figures and blockers).
MUST_CHECK = {"open-urgent", "open-general", "overdue-urgent", "overdue-general", "at-risk",
              "recurring"}


def checked_items(board: ReadinessBoard) -> list[Item]:
    return [i for c in board.cards for i in c.items if i.view and i.count is not None]


async def open_and_count(app, pilot, item: Item) -> int | None:
    await pilot.press("d")
    await settle(pilot)
    board = app.screen.query_one(ReadinessBoard)
    assert board.select_item(item.id), item.id
    await pilot.press("enter")
    await settle(pilot)
    assert app.current_mode == item.target, item
    return app.screen.shown_count()


async def test_each_figure_opens_a_view_of_as_many_rows(demo_app_each_lang) -> None:
    app = demo_app_each_lang
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        items = checked_items(app.screen.query_one(ReadinessBoard))
        ids = {i.id for i in items}
        assert MUST_CHECK <= ids, MUST_CHECK - ids
        blockers = [i for i in items if i.id.startswith("blocker-")]
        assert {i.view for i in blockers} >= {"overdue_urgent", "recurring_no_preventive"}
        wrong = {}
        for item in items:
            shown = await open_and_count(app, pilot, item)
            if shown != item.count:
                wrong[f"{item.id} ({item.label})"] = (item.count, shown)
        assert not wrong, f"figure → (states, view shows): {wrong}"


async def test_general_figures_do_not_count_urgent_issues(demo_app) -> None:
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        board = demo_app.screen.query_one(ReadinessBoard)
        item = board.item("overdue-general")
        await open_and_count(demo_app, pilot, item)
        rows = demo_app.screen.table.rows
        assert rows and {str(r[1]) for r in rows} == {"general"}
