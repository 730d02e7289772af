"""Issue 9 items 3 and 4: every certification figure of the dashboard opens a Staff view
whose row count equals the figure, and the Staff area's "must (re)certify" is the
dashboard's "Not certified"."""

from __future__ import annotations

from crmgov.services.status.summary import project_status
from crmgov.tui.dashboard.screen import BLOCKER_TARGETS, CARDS
from tests.conftest import FIXED_NOW
from tests.tui.conftest import settle


async def test_each_certification_figure_opens_a_view_of_that_many_rows(demo_store, demo_app):
    figures = project_status(demo_store, FIXED_NOW).certification
    expected = {
        "certified": figures.certified,
        "uncertified": len(figures.uncertified),
        "expiring": figures.expiring_soon,
        "spot_recent": figures.spot_checks_recent,
        "spot_failed": figures.spot_check_failures_recent,
    }
    assert {q for _id, _mode, q in CARDS["cert"]} == set(expected)
    assert BLOCKER_TARGETS["certification"] == ("staff", "uncertified")
    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for view, count in expected.items():
            app.show_view("staff", view)
            await settle(pilot)
            screen = app.screen
            assert screen.AREA == "staff"
            assert len(screen.visible_rows()) == count > 0, view
            assert screen.query_one("#staff-table").row_count == count
            summary = str(screen.query_one("#staff-summary").render())
            assert f"{len(figures.uncertified)} must (re)certify" in summary
