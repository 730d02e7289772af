"""One definition of "reviewed" for the plan's figure and its filter (issue 22, item 17):
the dashboard said "Reviewed 14/15" while only 13 items had a verdict, and the "reviewed
items" filter showed the 14th with "—" in its Review column (a question thread, no
verdict). Reviewed = the consultant gave a verdict; a thread alone awaits one (files from
before verdicts existed keep their thread-as-review)."""

from __future__ import annotations

from textual.widgets import DataTable

from crmgov.domain.plan.model import PlanItem
from crmgov.services.status.summary import project_status
from tests.conftest import FIXED_NOW
from tests.tui.conftest import settle


async def test_reviewed_figure_filter_and_column_agree(demo_app, demo_store) -> None:
    items = demo_store.all("plan")
    verdicts = sum(1 for i in items if i.verdict is not None)
    assert any(i.comments and i.verdict is None for i in items)  # the case of the defect
    assert project_status(demo_store, FIXED_NOW).plan.reviewed == verdicts
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        board = demo_app.screen.query_one("ReadinessBoard")
        figure = board.item("plan-reviewed")
        assert figure.value == f"{verdicts}/{len(items)}"
        assert board.select_item("plan-reviewed")
        await pilot.press("enter")
        await settle(pilot)
        screen = demo_app.area_screens["plan"]
        assert screen.quick_filter == "reviewed"
        assert screen.shown_count() == verdicts
        table = screen.query_one("#plan-table", DataTable)
        review = [str(table.get_row_at(r)[3]) for r in range(table.row_count)]
        assert "—" not in review and len(review) == verdicts
        summary = str(screen.query_one("#plan-summary").render())
        assert f"{len(items)} item(s), {verdicts} reviewed" in summary


def test_a_thread_is_a_review_only_in_files_from_before_verdicts() -> None:
    thread = [{"author": "Chen Hui", "at": "2026-12-01T15:00:00", "text": "Why 1%?"}]
    old = PlanItem.model_validate({"year": 1, "kind": "improvement", "title": "a",
                                   "comments": thread})
    new = PlanItem.model_validate({"year": 1, "kind": "improvement", "title": "a",
                                   "comments": thread, "verdict": None})
    assert old.reviewed and not new.reviewed
    # Saved and read again, the old item stays reviewed.
    assert PlanItem.model_validate(old.model_dump(mode="json")).reviewed
