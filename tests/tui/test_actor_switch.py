"""The TUI's "who am I" switch (issue 22, item 23): act as another of the project's people
without a restart; the trail records who switched to whom; the header names who acts."""

from __future__ import annotations

from crmgov.services.actor import SWITCH
from crmgov.tui.dialogs.form import FormDialog
from tests.tui.conftest import fill, opened, save, settle


async def test_switching_who_acts_is_recorded_and_shown(demo_app, demo_store) -> None:
    async with opened(demo_app) as pilot:
        assert "as tester" in demo_app.screen.sub_title
        await pilot.press("W")
        await settle(pilot)
        form = demo_app.screen
        assert isinstance(form, FormDialog)
        await fill(pilot, {"name": "Zhao Lei"})
        await save(pilot)
        assert not isinstance(demo_app.screen, FormDialog)
        assert demo_app.store.actor == "Zhao Lei"
        assert demo_app.settings.actor == "Zhao Lei"
        assert "as Zhao Lei" in demo_app.screen.sub_title
        await pilot.press("i")
        await settle(pilot)
        assert "as Zhao Lei" in demo_app.screen.sub_title
    last = list(demo_store.audit.events())[-1]
    assert last["action"] == SWITCH
    assert (last["actor"], last["before"], last["after"]) == (
        "tester", {"actor": "tester"}, {"actor": "Zhao Lei"})


async def test_the_switch_offers_the_projects_people(demo_app) -> None:
    async with opened(demo_app, "W"):
        select = demo_app.screen.query_one("#field-person")
        names = [value for _label, value in select._options]
        assert names[0] == "tester"  # who acts now: Save without a choice changes nothing
        assert "Zhao Lei" in names and "Chen Hui" in names


async def test_a_bad_name_is_refused_in_the_form(demo_app, demo_store) -> None:
    async with opened(demo_app, "W") as pilot:
        await fill(pilot, {"name": "evil\u202ename"})
        await save(pilot)
        assert isinstance(demo_app.screen, FormDialog)
        assert demo_app.store.actor == "tester"
    assert list(demo_store.audit.events())[-1]["action"] != SWITCH


async def test_the_palette_offers_the_switch(demo_app) -> None:
    from crmgov.tui.commands import CrmgovCommands

    titles = [title for title, _help, _cb in CrmgovCommands._commands_of(demo_app)]
    assert any(title.startswith("Who am I") for title in titles)
