"""The shell: areas by key and palette, figures leading to areas, help, theme."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import DataTable, Static

from crmgov.tui.areas import AREAS
from crmgov.tui.dialogs.help import HelpScreen
from crmgov.tui.widgets.board import ReadinessBoard
from tests.tui.conftest import settle


async def test_every_area_is_reached_by_its_key(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for area in [*AREAS[1:], AREAS[0]]:
            await pilot.press(area.key)
            await settle(pilot)
            assert demo_app.current_mode == area.mode
            assert demo_app.area_screens[area.mode] is demo_app.screen
        # The read-only areas show the project's records.
        screens = demo_app.area_screens
        phases = screens["phases"].query_one("#phases-table", DataTable)
        assert phases.row_count == demo_store.count("phases")
        staff = screens["staff"].query_one("#staff-table", DataTable)
        assert staff.row_count == demo_store.count("staff")
        sops = screens["sops"].query_one("#sops-table", DataTable)
        assert sops.row_count == demo_store.count("sops")
        plan = screens["plan"].query_one("#plan-table", DataTable)
        assert plan.row_count == demo_store.count("plan")
        checks = str(screens["handover"].query_one("#handover-verdict", Static).render())
        assert "closing questions" in checks


@pytest.mark.parametrize("area", [a.mode for a in AREAS[1:]])
async def test_an_area_key_typed_right_after_q_does_not_crash_the_exit(demo_app, area) -> None:
    # Found by hand in tmux: `q` then `o` in one burst built the SOPs screen while the app
    # shut down; it was never composed and its mount raised NoMatches (a traceback).
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await demo_app.action_quit()
        demo_app.action_switch_area(area)
        await pilot.pause()
    assert demo_app.return_code == 0


async def test_staff_filter_narrows_the_table(sample_app) -> None:
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        table = sample_app.screen.query_one("#staff-table", DataTable)
        assert table.row_count == 5
        await pilot.press("slash", *"veteran")
        assert table.row_count == 1
        assert sample_app.current_mode == "staff"  # typing did not switch areas
        await pilot.press("escape")
        assert table.row_count == 5


@pytest.mark.parametrize(
    ("fid", "mode"),
    [("overdue-urgent", "issues"), ("recurring", "issues"), ("certified", "staff"),
     ("sops-approved", "sops"), ("plan-reviewed", "plan"), ("phase-current", "phases")],
)
async def test_a_figure_leads_to_its_area(sample_app, fid: str, mode: str) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sample_app.screen.query_one(ReadinessBoard).select_item(fid)
        await pilot.press("enter")
        await settle(pilot)
        assert sample_app.current_mode == mode


async def test_issue_figures_apply_their_quick_filter(sample_app, monkeypatch) -> None:
    applied: list[str] = []
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = sample_app.screen.query_one(ReadinessBoard)
        await pilot.click(ReadinessBoard, offset=board.offset_of("at-risk"))
        await settle(pilot)
        assert sample_app.current_mode == "issues"
        screen = sample_app.area_screens["issues"]
        monkeypatch.setattr(screen, "apply_view", applied.append, raising=False)
        await pilot.press("d")
        await settle(pilot)
        assert sample_app.screen.query_one(ReadinessBoard).select_item("overdue-urgent")
        await pilot.press("enter")
        await settle(pilot)
        assert applied == ["overdue_urgent"]


async def test_data_quality_figure_opens_the_measurements(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sample_app.screen.query_one(ReadinessBoard).select_item("quality-failing")
        await pilot.press("enter")
        await pilot.pause()
        table = sample_app.screen.query_one("#quality-table", DataTable)
        assert table.row_count == 1  # the figure "Over threshold 1": only that table
        await pilot.press("escape")
        assert sample_app.current_mode == "dashboard"


async def test_help_screen_opens_and_closes(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(sample_app.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        for static in sample_app.screen.query(Static):
            console.print(static.content)
        text = console.export_text()
        for area in AREAS:
            assert area.title in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(sample_app.screen, HelpScreen)


async def test_theme_toggles_between_light_and_dark(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sample_app.theme == "textual-dark"
        await pilot.press("t")
        assert sample_app.theme == "textual-light"
        await pilot.press("t")
        assert sample_app.theme == "textual-dark"


async def test_command_palette_reaches_an_area(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to handover")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert sample_app.current_mode == "handover"


async def test_command_palette_lists_every_area_and_filter(sample_app) -> None:
    from crmgov.tui.commands import CrmgovCommands

    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = CrmgovCommands(sample_app.screen)
        titles = [hit.display for hit in [h async for h in provider.discover()]]
        for area in AREAS:
            assert f"Go to {area.title}" in titles
        assert "Issues: overdue issues" in titles
        assert "Toggle light/dark theme" in titles


async def test_the_key_bar_shows_the_screens_keys_and_a_click_presses_one(sample_app) -> None:
    from crmgov.tui.widgets.keybar import KeyBar

    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = sample_app.screen.query_one(KeyBar)
        assert bar.render_line(0).text.startswith("d Dashboard p Phases i Issues s Staff")
        # With eight areas the dashboard's bar may drop a key; the help key then says "more".
        assert [k.binding.description for k in bar.keys][-1] == "Quit"
        assert [k.binding.description for k in bar.keys][-2] in ("Help", "more")
        issues = next(k for k in bar.keys if k.binding.description == "Issues")
        await pilot.click(KeyBar, offset=(issues.x + issues.width - 1, 0))
        await settle(pilot)
        assert sample_app.current_mode == "issues"
        # The issues area's own keys come first; at 80 columns the area keys give way to
        # them, and the help key says "more" (help lists every key).
        bar = sample_app.screen.query_one(KeyBar)
        shown = [k.binding.description for k in bar.keys]
        assert shown[0] == "Filter" and shown[-2:] == ["more", "Quit"]
        await pilot.click(KeyBar, offset=(79, 0))  # past the last key: nothing
        await settle(pilot)
        assert sample_app.current_mode == "issues"
