"""Snapshots of the plan area (demo project, fixed clock) in English and Chinese at 80×24.

Regenerate with `pytest tests/tui/plan/test_plan_snapshots.py --snapshot-update` and look
at the SVGs in __snapshots__/ before accepting them.
"""

from __future__ import annotations

from tests.tui.conftest import settle


async def _open_plan(pilot) -> None:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)


async def _open_owner(pilot) -> None:
    await _open_plan(pilot)
    await pilot.press("O")
    await settle(pilot)


def test_plan_en(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_open_plan)


def test_plan_zh(snap_compare, demo_app_zh) -> None:
    assert snap_compare(demo_app_zh, terminal_size=(80, 24), run_before=_open_plan)


def test_owner_readiness_zh(snap_compare, demo_app_zh) -> None:
    assert snap_compare(demo_app_zh, terminal_size=(80, 24), run_before=_open_owner)
