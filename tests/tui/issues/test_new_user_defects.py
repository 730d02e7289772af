"""Defects a new user met in the issue log (issue 9): the report file follows its format (6),
overdue tasks are warned of and marked (8), an empty result says why (13), narrow
terminals drop secondary columns before the title (16)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Select, Static

from crmgov.domain.issues.rules import make_task
from crmgov.services.issues.log import add_task, update_issue
from crmgov.tui.dialogs.form import FormDialog
from crmgov.tui.issues.detail import IssueDetailScreen
from tests.conftest import FIXED_NOW
from tests.tui.conftest import error_text, settle
from tests.tui.test_issues import open_issues


async def test_report_file_name_follows_the_format(sample_app, sample_store) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await open_issues(pilot)
        await pilot.press("R")
        await settle(pilot)
        form = sample_app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-format", Select).value = "html"
        await pilot.pause()
        assert form.query_one("#field-path", Input).value == "issue-report.html"
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = sample_store.path.parent / "issue-report.html"
        assert written.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")
        assert not (sample_store.path.parent / "issue-report.md").exists()


async def test_a_task_due_in_the_past_is_warned_of_on_entry(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await open_issues(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = sample_app.screen
        form.query_one("#field-due", Input).value = "2026-11-01"
        await pilot.pause()
        assert "2026-11-01 has passed" in error_text(form, "due")
        form.query_one("#field-due", Input).value = "2026-12-01"
        await pilot.pause()
        assert error_text(form, "due") == ""


async def test_overdue_tasks_are_marked_in_the_row_and_the_task_list(
    sample_app, sample_store
) -> None:
    add_task(sample_store, 1, make_task("Merge the duplicates", "Li Na", "2026-11-20"))
    add_task(sample_store, 1, make_task("Name an owner", "Li Na", "2026-11-30"))
    async with sample_app.run_test(size=(100, 30)) as pilot:
        screen = await open_issues(pilot)
        assert screen.late_tasks == {1: 1}
        line = "".join(s.text for s in screen.table.render_line(1))
        assert "⚠ Duplicate payment terms" in line
        assert "1 task(s) overdue" in str(screen.query_one("#issues-detail", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        detail = sample_app.screen
        assert isinstance(detail, IssueDetailScreen)
        table = detail.query_one("#issue-tasks")
        statuses = [str(table.get_row_at(n)[4]) for n in range(table.row_count)]
        assert "overdue" in statuses[0] and "overdue" not in statuses[1]


async def test_an_empty_result_says_why(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        screen = await open_issues(pilot)
        await pilot.press("m")  # "tester" owns no issue
        await settle(pilot)
        assert screen.table.rows == []
        text = " ".join("".join(s.text for s in screen.table.render_line(y)).strip()
                        for y in (1, 2, 3))
        assert "No issue matches" in text and "mine (owner tester)" in text
        assert "Esc clears the filter" in text


async def test_an_empty_log_says_so(empty_store) -> None:
    from tests.tui.conftest import build_app

    app = build_app(empty_store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_issues(pilot)
        assert "No issues logged yet" in "".join(s.text for s in screen.table.render_line(1))


def title_width(screen: Any) -> int:
    table = screen.table
    return dict(zip([c.key for c in table.columns], table._widths, strict=True))["title"]


async def test_narrow_terminals_drop_secondary_columns_first(demo_app_each_lang) -> None:
    app = demo_app_each_lang
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_issues(pilot)
        shown = [c.key for c in screen.table.shown_columns]
        assert {"id", "urgency", "title", "owner", "sla"} <= set(shown)
        assert title_width(screen) >= 30
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        assert [c.key for c in screen.table.shown_columns] == [
            c.key for c in screen.table.columns
        ]


async def test_the_detail_pane_shows_the_whole_title(sample_app, sample_store) -> None:
    long = "Quote approval takes three days because the regional manager signs every quote"
    update_issue(sample_store, 1, FIXED_NOW, title=long)
    async with sample_app.run_test(size=(80, 24)) as pilot:
        screen = await open_issues(pilot)
        pane = screen.query_one("#issues-detail", Static)
        text = " ".join(str(pane.render()).split())
        assert long in text


async def test_the_filter_line_is_not_cut(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_issues(pilot)
        await pilot.press("m")
        await settle(pilot)
        quick = str(screen.query_one("#issues-quick", Static).render())
        from crmgov.textwidth import cell_len

        assert "mine (owner tester)" in quick and cell_len(quick) <= 78  # nothing cut
        await pilot.resize_terminal(140, 30)
        await settle(pilot)
        assert "w recurring" in str(screen.query_one("#issues-quick", Static).render())
