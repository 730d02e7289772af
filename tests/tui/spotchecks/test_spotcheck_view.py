"""The spot-check view of the Staff area, driven as the auditor would."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from crmgov.storage.store import ProjectStore
from tests.tui.conftest import settle


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    await pilot.press("K")
    await settle(pilot)


async def test_view_shows_the_plan_and_the_done_checks(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        screen = demo_app.screen
        assert type(screen).__name__ == "SpotChecksScreen"
        planned = screen.query_one("#spot-planned", DataTable)
        assert planned.row_count == 3  # the demo's open plan (one of four is done)
        assert "overdue" in str(screen.query_one("#spot-summary").render())
        done = screen.query_one("#spot-done", DataTable)
        assert done.row_count == demo_store.count("spot_checks")
        await pilot.press("escape")
        assert demo_app.current_mode == "staff"


async def test_record_a_planned_check_from_the_form(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        screen = demo_app.screen
        plan_id = int(str(screen.query_one("#spot-planned", DataTable)
                          .coordinate_to_cell_key((0, 0)).row_key.value))
        await pilot.press("r")
        await settle(pilot)
        assert "§" in str(demo_app.screen.query_one("#spot-checklist").render())
        demo_app.screen.query_one("#field-results", Input).value = "lead 7:1:ok; lead 8:1:dev:x"
        await pilot.press("ctrl+s")
        await settle(pilot)
        fresh = ProjectStore(demo_store.path, "reader")
        fresh.load()
        plan = fresh.get("spotcheck_plans", plan_id)
        assert plan.done_check_id is not None
        check = fresh.get("spot_checks", plan.done_check_id)
        assert (check.records_checked, check.deviations) == (2, 1)
        assert screen.query_one("#spot-planned", DataTable).row_count == 2


async def test_a_bad_result_is_refused_in_the_form(demo_app) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("r")
        await settle(pilot)
        demo_app.screen.query_one("#field-results", Input).value = "lead 7:one:ok"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "step must be a number" in str(demo_app.screen.query_one("#error-general").render())
