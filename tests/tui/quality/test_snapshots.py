"""Snapshots of the data-quality area (demo project) in English and Chinese."""

from __future__ import annotations

from tests.tui.conftest import settle


async def _open_area(pilot) -> None:
    await settle(pilot)
    await pilot.press("D")
    await settle(pilot)


def test_quality_area_en(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_open_area)


def test_quality_area_zh(snap_compare, demo_app_zh) -> None:
    assert snap_compare(demo_app_zh, terminal_size=(80, 24), run_before=_open_area)
