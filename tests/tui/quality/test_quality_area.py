"""Pilot tests of the data-quality area: the table view, a check run with progress, the
duplicate review, the dashboard's figures opening exactly their rows."""

from __future__ import annotations

from textual.widgets import DataTable

from crmgov.services.quality.check import runs
from crmgov.storage.store import ProjectStore
from crmgov.tui.widgets.board import ReadinessBoard
from tests.tui.conftest import build_app, settle


async def test_area_lists_the_latest_check(demo_app) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert demo_app.current_mode == "quality"
        table = demo_app.screen.query_one("#qa-table", DataTable)
        assert table.row_count == 6
        row = table.get_row("payment_terms")
        assert str(row[0]) == "✗" and row[0].style == "bold red"
        assert str(table.get_row("cases")[0]) == "✓"


async def test_a_check_runs_from_the_tui(demo_store: ProjectStore) -> None:
    app = build_app(demo_store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        folder = app.screen.query_one("#field-folder")
        assert folder.value == "crmgov-demo-exports-en"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.current_mode == "quality" and app.screen.id != "form"
        assert len(runs(ProjectStore(demo_store.path, "tester"))) == 4
        summary = str(app.screen.query_one("#qa-summary").render())
        assert "4 run(s) saved" in summary


async def test_a_damaged_folder_is_reported_in_the_dialog(demo_store: ProjectStore,
                                                          tmp_path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "accounts.csv").write_bytes("id,name\n1,上海\n".encode("gbk"))
    app = build_app(demo_store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        app.screen.query_one("#field-folder").value = str(bad)
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(app.screen.query_one("#error-general").render())
        assert "accounts.csv:2: not UTF-8 text" in error
    assert len(runs(ProjectStore(demo_store.path, "tester"))) == 3


async def test_duplicate_review_remembers_decisions(demo_store: ProjectStore) -> None:
    app = build_app(demo_store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        position = str(app.screen.query_one("#review-position").render())
        assert position.startswith("Pair 1 of")
        first = app.screen.pairs[0]
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("space")  # skip: nothing stored
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
    decisions = ProjectStore(demo_store.path, "tester").all("quality_decisions")
    assert len(decisions) == 2
    assert any(d.decision == "different" and {d.a, d.b} == {first.pair.a, first.pair.b}
               for d in decisions)


async def test_dashboard_figures_open_exactly_their_rows(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = demo_app.screen.query_one(ReadinessBoard)
        for item, expected in (("quality-failing", 3), ("quality-ok", 3), ("blocker-4", 3)):
            assert board.select_item(item)
            await pilot.press("enter")
            await pilot.pause()
            table = demo_app.screen.query_one("#quality-table", DataTable)
            assert table.row_count == expected, item
            if item != "quality-ok":
                assert all("over" in str(table.get_row_at(n)[-1]) for n in range(expected))
            await pilot.press("escape")
            await pilot.pause()
