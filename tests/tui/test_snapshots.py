"""Snapshots of the dashboard (demo project, fixed clock) in English and Chinese.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the
SVGs in __snapshots__/ before accepting them.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_en(snap_compare, demo_app, size) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_dashboard_zh(snap_compare, demo_app_zh, size) -> None:
    assert snap_compare(demo_app_zh, terminal_size=size, run_before=settle)


def test_help_screen_en(snap_compare, sample_app) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=open_help)
