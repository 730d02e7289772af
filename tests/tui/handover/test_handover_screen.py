"""The Handover area driven as the consultant would: checklist, review, sign, write."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select

from crmgov.config import Settings
from crmgov.domain.handover.review import SECTIONS
from crmgov.services.handover.pack import handover_record
from crmgov.storage.store import ProjectStore
from crmgov.tui.app import make_app
from tests.conftest import fixed_clock
from tests.tui.conftest import settle


def _app_as(store: ProjectStore, who: str):
    settings = Settings(store.path, who, language=None, theme="textual-dark", clock=fixed_clock)
    return make_app(ProjectStore(store.path, who, clock=fixed_clock), settings)


async def test_checklist_shows_every_line_and_enter_opens_its_area(demo_store) -> None:
    app = _app_as(demo_store, "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        table = app.screen.query_one("#checklist", DataTable)
        assert table.row_count == 10
        assert "2/10 closing questions yes" in str(
            app.screen.query_one("#handover-verdict").render()
        )
        table.focus()
        await pilot.press("enter")  # the first line: SOPs not all in force
        await settle(pilot)
        assert app.current_mode == "sops"


async def test_consultant_reviews_then_signs_and_the_pack_freezes(demo_store, tmp_path) -> None:
    consultant = demo_store.project.consultant
    app = _app_as(demo_store, consultant)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        for code in SECTIONS:
            await pilot.press("v")
            await settle(pilot)
            app.screen.query_one("#field-section", Select).value = code
            await pilot.press("ctrl+s")
            await settle(pilot)
        fresh = ProjectStore(demo_store.path, "reader")
        fresh.load()
        assert all(s.verdict == "accepted" for s in handover_record(fresh).sections)
        assert len(handover_record(fresh).sections) == 10
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        fresh.refresh()
        signed = handover_record(fresh)
        assert signed.frozen is not None and signed.signoffs[0].name == consultant
        assert "signed 1/3" in str(app.screen.query_one("#handover-verdict").render())


async def test_needs_work_without_a_comment_is_refused_in_the_form(demo_store) -> None:
    app = _app_as(demo_store, demo_store.project.consultant)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        app.screen.query_one("#field-verdict", Select).value = "needs_work"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "comment is required" in str(app.screen.query_one("#error-general").render())
        app.screen.query_one("#field-comment", Input).value = "Deferred scope incomplete"
        await pilot.press("ctrl+s")
        await settle(pilot)
        fresh = ProjectStore(demo_store.path, "reader")
        fresh.load()
        review = handover_record(fresh).section("summary")
        assert review.verdict == "needs_work" and review.thread[0].text.startswith("Deferred")


async def test_write_pack_from_the_tui(demo_store) -> None:
    app = _app_as(demo_store, "tester")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        folder = Path(demo_store.path).parent / "handover"
        assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".html", ".md"]


async def test_handover_in_chinese_at_80_columns(demo_store_zh) -> None:
    app = _app_as(demo_store_zh, "tester")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        verdict = str(app.screen.query_one("#handover-verdict").render())
        assert "收尾检查" in verdict and "已签署 0/3" in verdict
        detail = str(app.screen.query_one("#checklist-detail").render())
        assert "、" in detail or "：" in detail
