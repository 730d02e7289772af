"""The SOPs screen's Readers tab for an SOP in force that nobody on the staff list has to
read: it says so, in en and zh, not "Acknowledged v1: 0 · Not yet: 0"."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TabbedContent

from crmgov.services.projects import init_project
from crmgov.services.sops import log
from tests.conftest import FIXED_NOW, fixed_clock
from tests.tui.conftest import build_app, opened, settle


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "Nobody on the staff list has to read v1 of this SOP yet"),
    ("zh", "人员名单中还没有需要阅读此 SOP 第1版的人"),
])
async def test_the_readers_tab_says_nobody_has_to_read_it(
    tmp_path: Path, lang: str, said: str
) -> None:
    path = tmp_path / "p.json"
    store = init_project(path, "T", "Li", clock=fixed_clock)
    log.new_sop(store, code="SOP-T-01", title="Accounts", body="Why.\n\n1. Search.",
                now=FIXED_NOW, approver="Wang")
    log.submit(store, "SOP-T-01", now=FIXED_NOW)
    store.actor = "Wang"
    log.approve(store, "SOP-T-01", now=FIXED_NOW)
    async with opened(build_app(path, language=lang), "o") as pilot:
        pilot.app.screen.query_one("#sop-tabs", TabbedContent).active = "tab-readers"
        await settle(pilot)
        text = str(pilot.app.screen.query_one("#sop-readers", Static).render())
        assert text.startswith(said)
        assert "0/0" not in text and ": 0" not in text and "：0" not in text
