"""Every dialog focuses its first field, typed text lands in the focused field, and Esc on a
changed form asks first (issue 9, item 5); `c` on a closed issue offers to reopen it (7)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, Select

from crmgov.domain.enums import IssueStatus
from crmgov.tui.dialogs.confirm import ConfirmDialog
from crmgov.tui.dialogs.form import FormDialog
from tests.tui.conftest import settle
from tests.tui.test_issues import open_issues


async def open_form(pilot: Any, key: str) -> FormDialog:
    await open_issues(pilot)
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormDialog), key
    return form


@pytest.mark.parametrize("key", ["a", "e", "n", "c", "I", "X", "R"])
async def test_typing_goes_into_the_first_field(sample_app, key: str) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, key)
        first = form.query_one(f"#field-{form.fields[0].name}")
        assert sample_app.focused is first
        if isinstance(first, Input):
            before = first.value
            await pilot.press("end", "x", "y")
            assert first.value == before + "xy"


async def test_text_typed_on_a_select_does_not_choose_an_option(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "a")
        category = form.query_one("#field-category", Select)
        before = category.value
        category.focus()
        await pilot.press(*"Li Wei")
        await pilot.pause()
        assert category.value == before and not category.expanded
        assert "Enter" in str(form.query_one("#error-category").render())


async def test_escape_on_an_unchanged_form_closes_it(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot, "a")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(sample_app.screen, FormDialog | ConfirmDialog)


async def test_escape_on_a_changed_form_asks_first(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "a")
        await pilot.press(*"Quote PDF")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(sample_app.screen, ConfirmDialog)
        await pilot.press("n")  # keep editing: the text is still there
        await settle(pilot)
        assert sample_app.screen is form
        assert form.query_one("#field-title", Input).value == "Quote PDF"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(sample_app.screen, FormDialog | ConfirmDialog)


async def test_close_on_a_closed_issue_offers_to_reopen(sample_app, sample_store) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        screen = await open_issues(pilot)
        await pilot.press("f")  # closed issues
        await settle(pilot)
        assert [r[0] for r in screen.table.rows] == [3]
        await pilot.press("c")
        await settle(pilot)
        dialog = sample_app.screen
        assert isinstance(dialog, ConfirmDialog) and "closed" in dialog.question
        await pilot.press("y")
        await settle(pilot)
        sample_store.load()
        assert sample_store.get("issues", 3).status is IssueStatus.REOPENED


async def test_the_first_label_stays_in_view(sample_app) -> None:
    async with sample_app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, "a")
        await pilot.press(*"abc")
        await settle(pilot)
        assert form.query_one("#form-fields").scroll_y == 0
