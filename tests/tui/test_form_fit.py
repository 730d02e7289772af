"""A form at 80x24 keeps its Save button and its error line inside the box: the fields
scrolled over them (the issue form's Save, and a save's error such as a lost database
connection, fell below the border, out of sight)."""

from __future__ import annotations

from textual.widgets import Button

from tests.tui.conftest import settle


def _inside(app) -> bool:
    box = app.screen.query_one("#form-box").region
    save = app.screen.query_one("#form-save", Button).region
    error = app.screen.query_one("#error-general").region
    return bool(save.height) and save.bottom <= box.bottom - 1 and error.bottom <= save.y


async def test_the_issue_form_shows_its_buttons_and_error_at_80x24(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert _inside(demo_app)
        demo_app.screen.show_problems([("", "postgresql://pm@db.example/crm: the connection "
                                            "to the database was lost (terminating "
                                            "connection due to administrator command); "
                                            "nothing was changed")])
        await pilot.pause()
        general = demo_app.screen.query_one("#error-general").region
        assert general.height >= 2 and _inside(demo_app)
