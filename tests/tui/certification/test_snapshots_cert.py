"""Snapshots of the Staff area (demo, fixed clock) and the quiz kiosk, in en and zh.

Regenerate with `pytest tests/tui/certification/test_snapshots_cert.py --snapshot-update`
and look at the SVGs before accepting them.
"""

from __future__ import annotations

import pytest

from crmgov.i18n import set_language
from crmgov.tui.certification.kiosk import QuestionScreen, make_kiosk
from tests.conftest import fixed_clock
from tests.tui.conftest import settle


async def staff_area(pilot) -> None:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


def test_staff_area_en(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=staff_area)


def test_staff_area_zh(snap_compare, demo_app_zh) -> None:
    assert snap_compare(demo_app_zh, terminal_size=(80, 24), run_before=staff_area)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kiosk(snap_compare, demo_store, lang) -> None:
    set_language(lang)
    # Ye Zi: a trained sales new hire, not yet tested.
    app = make_kiosk(demo_store, 39, None, fixed_clock, lang, seed=11)

    async def first_question(pilot) -> None:
        for _ in range(200):
            await pilot.pause()
            if isinstance(app.screen, QuestionScreen):
                break
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=first_question)
