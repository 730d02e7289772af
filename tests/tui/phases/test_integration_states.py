"""An integration point's state is shown in the language of the screen (issue 22): "开发中",
not "building", in the phase's detail pane and in the form that lists a point."""

from __future__ import annotations

import pytest

from crmgov.domain.phases.model import INTEGRATION_STATES
from crmgov.i18n import set_language
from tests.tui.conftest import settle


@pytest.fixture
def zh():
    set_language("zh")
    yield
    set_language("en")


def test_every_state_has_a_chinese_name(zh) -> None:
    from crmgov.tui.phases.text import integration_state

    names = [integration_state(s) for s in INTEGRATION_STATES]
    assert not set(names) & set(INTEGRATION_STATES), names
    assert len(set(names)) == len(names)
    assert integration_state("own-state") == "own-state"  # a hand-edited value: as is


def test_the_form_offers_the_states_by_name(zh, demo_store) -> None:
    from crmgov.tui.phases.dialogs import integration_form

    phase = demo_store.all("phases")[0]
    form = integration_form(demo_store, phase)
    state = next(f for f in form.fields if f.name == "state")
    assert [value for _text, value in state.options] == list(INTEGRATION_STATES)
    assert not {text for text, _value in state.options} & set(INTEGRATION_STATES)


async def test_the_detail_pane_names_the_state_in_chinese(demo_app_zh) -> None:
    async with demo_app_zh.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = demo_app_zh.screen
        texts = []
        for _row in range(4):
            texts.append(str(screen.query_one("#phases-detail-text").render()))
            await pilot.press("down")
            await settle(pilot)
        points = [line for text in texts for line in text.splitlines() if "ERP" in line
                  and "·" in line]
        assert points, texts
        assert all(not line.rstrip().endswith(INTEGRATION_STATES) for line in points), points
        assert any(line.rstrip().endswith("开发中") for line in points), points
