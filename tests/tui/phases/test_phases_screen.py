"""The Phases area driven by keys: the dashboard's gate blocker leads to a view with as many
rows as the figure; sign-off and waiver dialogs save through the services; the tables fit
the width."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from crmgov.domain.readiness import Blocker
from crmgov.services.phases.gate import evaluate
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from crmgov.tui.widgets.board import ReadinessBoard
from tests.conftest import FIXED_NOW
from tests.tui.conftest import build_app, settle


def gate_table(app) -> DataTable:
    return app.screen.query_one("#gate-table", DataTable)


async def _open_phases(pilot) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


async def test_the_gate_blocker_opens_exactly_its_items(demo_app, demo_store) -> None:
    status = project_status(demo_store, FIXED_NOW)
    blocker: Blocker = next(b for b in status.blockers if b.code == "gate")
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = demo_app.screen.query_one(ReadinessBoard)
        n = next(i for i, b in enumerate(status.blockers) if b.code == "gate")
        assert board.select_item(f"blocker-{n}")
        board.action_select()
        await settle(pilot)
        assert demo_app.current_mode == "phases"
        assert gate_table(demo_app).row_count == blocker.count
        # The rollout card's gate figure: every item of the current phase.
        await pilot.press("d")
        await settle(pilot)
        board = demo_app.screen.query_one(ReadinessBoard)
        assert board.select_item("gate")
        board.action_select()
        await settle(pilot)
        assert gate_table(demo_app).row_count == status.current_phase.gate_total


async def test_enter_opens_a_gate_and_escape_goes_back(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_phases(pilot)
        table = demo_app.screen.query_one("#phases-table", DataTable)
        assert table.row_count == 4
        await pilot.press("down", "enter")
        await pilot.pause()
        assert demo_app.screen.view == "phases-gate"
        detail = str(demo_app.screen.query_one("#gate-detail-text").render())
        assert "Signed, since regressed" in detail
        await pilot.press("escape")
        await pilot.pause()
        assert demo_app.screen.view == "phases-overview"


async def test_sign_off_dialog_saves_through_the_service(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_phases(pilot)
        await pilot.press("down", "down", "enter")  # Expansion
        await pilot.pause()
        table = gate_table(demo_app)
        # Item 4, master-data owner: evidence recorded, awaiting the internal owner.
        table.move_cursor(row=3)
        await pilot.press("k")
        await pilot.pause()
        field = demo_app.screen.query_one("#field-by", Input)
        assert field.value == demo_store.project.internal_owner
        field.value = "Somebody else"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(demo_app.screen.query_one("#error-by").render())
        assert "only the internal owner" in error
        demo_app.screen.query_one("#field-by", Input).value = demo_store.project.internal_owner
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen.view == "phases-gate"
    demo_store.load()
    item = demo_store.get("phases", 2).gate[3]
    assert item.signed_off_by == demo_store.project.internal_owner
    assert evaluate(demo_store, 2, FIXED_NOW).items[3].passed


async def test_waiver_dialog_saves_and_the_item_stops_blocking(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_phases(pilot)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        gate_table(demo_app).move_cursor(row=0)  # certification, failing
        await pilot.press("w")
        await pilot.pause()
        screen = demo_app.screen
        screen.query_one("#field-reason", Input).value = "Retakes booked for week 49"
        screen.query_one("#field-until", Input).value = "2026-11-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "already past" in str(demo_app.screen.query_one("#error-until").render())
        demo_app.screen.query_one("#field-until", Input).value = "2026-12-10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen.view == "phases-gate"
        await pilot.press("b")  # blockers only
        await pilot.pause()
        keys = [row.value for row in gate_table(demo_app).rows]
        assert "0" not in keys
    demo_store.load()
    result = evaluate(demo_store, 2, FIXED_NOW).items[0]
    assert result.waived and not result.blocks


async def test_a_new_project_can_add_its_first_phase(empty_store: ProjectStore) -> None:
    app = build_app(empty_store.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_phases(pilot)
        text = str(app.screen.query_one("#phases-detail-text").render())
        assert "No rollout phase planned yet" in text
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "Pilot: East sales"
        app.screen.query_one("#field-goal", Input).value = "Prove the sales process"
        app.screen.query_one("#field-departments", Input).value = "Sales"
        app.screen.query_one("#field-planned_start", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "not a date" in str(app.screen.query_one("#error-planned_start").render())
        app.screen.query_one("#field-planned_start", Input).value = "2026-12-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#phases-table", DataTable).row_count == 1
    empty_store.load()
    (phase,) = empty_store.all("phases")
    assert phase.scope.departments == ["Sales"] and phase.gate


@pytest.mark.parametrize("width", [80, 120, 160])
async def test_tables_fit_the_width_without_sideways_scrolling(demo_app, width) -> None:
    async with demo_app.run_test(size=(width, 30)) as pilot:
        await _open_phases(pilot)
        phases = demo_app.screen.query_one("#phases-table", DataTable)
        assert 0 < phases.virtual_size.width <= phases.size.width, width
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        gate = gate_table(demo_app)
        assert 0 < gate.virtual_size.width <= gate.size.width, width
        shown = [c.label.plain for c in gate_table(demo_app).columns.values()]
        assert ("Evidence" in shown) == (width >= 160)


async def test_evaluation_form_records_the_sponsors_decision(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_phases(pilot)
        await pilot.press("down", "down")  # Expansion
        await pilot.press("v")
        await pilot.pause()
        screen = demo_app.screen
        assert screen.query_one("#field-by", Input).value == demo_store.project.executive_sponsor
        screen.query_one("#field-results", Input).value = "Service cases all in the CRM"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen.query_one("#phases-table", DataTable).row_count == 4
    demo_store.load()
    phase = demo_store.get("phases", 2)
    assert phase.evaluation is not None and phase.evaluation.decision == "proceed"
    assert str(phase.status) == "evaluating"


async def test_each_phase_row_of_the_rollout_card_opens_that_gate(demo_app, demo_store) -> None:
    status = project_status(demo_store, FIXED_NOW)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for phase in status.phases:
            await pilot.press("d")
            await settle(pilot)
            board = demo_app.screen.query_one(ReadinessBoard)
            assert board.select_item(f"phase-{phase.order}")
            board.action_select()
            await settle(pilot)
            assert demo_app.current_mode == "phases"
            assert gate_table(demo_app).row_count == phase.gate_total
            title = str(demo_app.screen.query_one("#gate-title").render())
            assert phase.name in title and f"{phase.gate_met}/{phase.gate_total}" in title


async def test_enter_on_a_live_blocker_opens_its_area_filtered(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await _open_phases(pilot)
        await pilot.press("down", "down", "enter")  # Expansion's gate
        await pilot.pause()
        gate_table(demo_app).move_cursor(row=0)  # certification of the in-scope staff
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.current_mode == "staff"
        assert demo_app.screen._view == "uncertified"
