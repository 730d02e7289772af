"""Snapshots of the Phases area (the timeline, the phases, a gate) at 80 and 160 columns,
in English and Chinese. Regenerate with --snapshot-update and look at the SVGs."""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 40), id="160x40")]


async def _phases(pilot) -> None:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)


async def _gate(pilot) -> None:
    await _phases(pilot)
    await pilot.press("down", "down", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_timeline_en(snap_compare, demo_app, size) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=_phases)


@pytest.mark.parametrize("size", SIZES)
def test_timeline_zh(snap_compare, demo_app_zh, size) -> None:
    assert snap_compare(demo_app_zh, terminal_size=size, run_before=_phases)


@pytest.mark.parametrize("size", SIZES)
def test_gate_en(snap_compare, demo_app, size) -> None:
    assert snap_compare(demo_app, terminal_size=size, run_before=_gate)


def test_gate_zh(snap_compare, demo_app_zh) -> None:
    assert snap_compare(demo_app_zh, terminal_size=(80, 24), run_before=_gate)
