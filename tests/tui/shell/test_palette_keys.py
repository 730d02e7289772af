"""The palette reaches every area's actions from any screen (issue 9, item 10); help lists
every key and the key bar fits its width (11); the palette speaks Chinese and `r` says
what it did (12)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from crmgov.tui.areas import AREAS
from crmgov.tui.commands import CrmgovCommands, area_bindings
from crmgov.tui.dialogs.form import FormDialog
from crmgov.tui.dialogs.help import HelpScreen
from crmgov.tui.widgets.keybar import KeyBar
from tests.tui.conftest import settle


def palette_titles(app) -> list[str]:
    return [title for title, _help, _run in CrmgovCommands(app.screen)._commands()]


@pytest.mark.parametrize("mode", [a.mode for a in AREAS])
async def test_every_area_action_is_in_the_palette_from_every_screen(sample_app, mode) -> None:
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(next(a.key for a in AREAS if a.mode == mode))
        await settle(pilot)
        titles = palette_titles(sample_app)
        missing = [
            f"{area.title}: {b.description}"
            for area in AREAS for b in area_bindings(area)
            if f"{area.title}: {b.description}" not in titles
        ]
        assert not missing
        assert {"Issues: Export CSV/XLSX", "Issues: Write a report"} <= set(titles)


async def test_a_palette_action_switches_to_its_area_and_runs(sample_app) -> None:
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s")  # Staff: not the issue log
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Write a report")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert sample_app.current_mode == "issues"
        assert isinstance(sample_app.screen, FormDialog)
        assert sample_app.screen.form_title == "Write a report"


async def test_the_palette_prompt_is_chinese(demo_app_zh) -> None:
    async with demo_app_zh.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(demo_app_zh.screen, CommandPalette)
        placeholder = demo_app_zh.screen.query_one(Input).placeholder
        assert placeholder and not placeholder.isascii()


async def test_help_lists_every_key(sample_app) -> None:
    async with sample_app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(sample_app.screen, HelpScreen)
        from rich.console import Console

        help_screen = sample_app.screen
        console = Console(width=100, record=True)
        console.print(help_screen._everywhere())
        for area in AREAS:
            console.print(help_screen._area(area.mode, area.title, area.purpose))
        lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
        for line in ("k Edit task", "I Import CSV/XLSX", "X Export CSV/XLSX",
                     "R Write a report", "r Reload"):
            assert line in lines, line


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("mode", [a.mode for a in AREAS])
async def test_the_key_bar_fits_80_columns_without_cutting_a_key(
    demo_app, demo_app_zh, lang, mode
) -> None:
    app = demo_app if lang == "en" else demo_app_zh
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(next(a.key for a in AREAS if a.mode == mode))
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        keys = bar.keys
        assert keys[-1].x + keys[-1].width <= 80
        drawn = "".join(s.text for s in bar.render_line(0))
        for key in keys:
            label = key.shown + (" " + key.binding.description if key.binding.description
                                 else "")
            assert label in drawn
        shown_ids = {k.binding.id for k in keys}
        assert {"app.help", "app.quit"} <= shown_ids
        if mode == "issues":
            more = "more" if lang == "en" else "更多"
            assert any(k.binding.description == more for k in keys)


async def test_a_wide_key_bar_shows_import_export_and_report(sample_app) -> None:
    async with sample_app.run_test(size=(240, 30)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        shown = {k.binding.id for k in sample_app.screen.query_one(KeyBar).keys}
        assert {"issues.import", "issues.export", "issues.report"} <= shown


async def test_reload_says_what_it_did(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        messages = [n.message for n in sample_app._notifications]
        assert any("again" in m for m in messages) and any("Reloaded" in m for m in messages)


async def test_english_words_find_chinese_commands(demo_app_zh) -> None:
    async with demo_app_zh.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        provider = CrmgovCommands(demo_app_zh.screen)
        hits = [hit async for hit in provider.search("Write a report")]
        assert any("问题" in str(hit.match_display) for hit in hits)
