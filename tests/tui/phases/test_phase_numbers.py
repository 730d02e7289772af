"""The TUI and the CLI name each phase by the same number (issue 22, item 15): the Phases
table's "#", the timeline, the gate's title and its "fixed in" hints, and the dashboard's
rollout card all show the number `crmgov phase list` prints and `crmgov gate N` takes."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable

from crmgov.cli import main
from crmgov.storage.store import ProjectStore
from crmgov.tui.widgets.board import ReadinessBoard
from tests.tui.conftest import settle


def cli(capsys: pytest.CaptureFixture[str], store: ProjectStore, *args: str) -> str:
    main(["--project", str(store.path), *args])
    return capsys.readouterr().out


async def test_tui_and_cli_show_the_same_phase_numbers(
    demo_app, demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = json.loads(cli(capsys, demo_store, "phase", "list", "--json"))
    expected = [(str(r["number"]), r["name"]) for r in rows]
    headings = {n: cli(capsys, demo_store, "gate", n).splitlines()[0] for n, _name in expected}
    integration_hint = json.loads(cli(capsys, demo_store, "gate", "4", "--json"))["items"][0][
        "fix"]["command"]
    assert integration_hint == "crmgov phase integration 4 --name NAME"
    async with demo_app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        board = demo_app.screen.query_one(ReadinessBoard)
        for number, name in expected:
            assert board.select_item(f"phase-{number}")
            assert board.cursor_item.label.endswith(f"{number}. {name}")
        # Enter on "3. …" opens the gate of phase 3.
        assert board.select_item("phase-3")
        board.action_select()
        await settle(pilot)
        screen = demo_app.screen
        assert str(screen.query_one("#gate-title").render()).startswith(
            f"Gate of 3. {expected[2][1]}:")
        await pilot.press("escape")
        await pilot.pause()
        table = screen.query_one("#phases-table", DataTable)
        shown = [(str(table.get_row_at(i)[0]).strip(), str(table.get_row_at(i)[1]).strip())
                 for i in range(table.row_count)]
        assert [n for n, _name in shown] == [n for n, _name in expected]
        assert all(name.startswith(cell.rstrip("…")) for (_n, cell), (_m, name)
                   in zip(shown, expected, strict=True))
        timeline = str(screen.query_one("#phases-timeline").render())
        for number, name in expected:
            assert f"{number}. {name[:10]}" in timeline
        for row, (number, name) in enumerate(expected):
            table.move_cursor(row=row)
            await pilot.press("enter")
            await pilot.pause()
            title = str(screen.query_one("#gate-title").render())
            assert title.startswith(f"Gate of {number}. {name}:")
            assert headings[number].startswith(f"Gate of {number}. {name} (")
            if number == "4":
                detail = str(screen.query_one("#gate-detail-text").render())
                assert "crmgov phase integration 4 --name NAME" in detail
            await pilot.press("escape")
            await pilot.pause()
