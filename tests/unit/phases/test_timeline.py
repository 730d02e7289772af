"""The timeline's text layout: every line exactly the width asked, in either language."""

from __future__ import annotations

from datetime import date

import pytest

from crmgov.i18n import set_language
from crmgov.textwidth import cell_len
from crmgov.tui.phases.columns import GATE_COLUMNS, PHASE_COLUMNS, layout
from crmgov.tui.phases.timeline import timeline_lines

TODAY = date(2026, 11, 23)
ROWS = [
    {"order": 1, "number": 1, "name": "Pilot: East region sales", "planned_start": "2025-10-19",
     "planned_end": "2026-03-08", "actual_start": "2025-10-24", "actual_end": "2026-03-18"},
    {"order": 2, "number": 2, "name": "推广：客服中心（华东、华南、华北）",
     "planned_start": "2026-04-07", "planned_end": "2026-12-23", "actual_start": "2026-04-12",
     "actual_end": None},
    {"order": 3, "number": 3, "name": "Integration", "planned_start": "2027-01-22",
     "planned_end": "2027-07-21", "actual_start": None, "actual_end": None},
    {"order": 4, "number": 4, "name": "Unplanned", "planned_start": None, "planned_end": None,
     "actual_start": None, "actual_end": None},
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [40, 80, 120, 160])
def test_every_line_fits_the_width(width: int, lang: str) -> None:
    set_language(lang)
    lines = timeline_lines(ROWS, width, TODAY)
    assert len(lines) == 2 + len(ROWS)
    assert all(cell_len(line) == width for line in lines), [cell_len(x) for x in lines]


def test_planned_actual_and_today_are_drawn() -> None:
    lines = timeline_lines(ROWS, 80, TODAY)
    pilot, expansion, integration, unplanned = lines[2:]
    assert "█" in pilot
    assert "▄" in timeline_lines(ROWS, 160, TODAY)[2]  # ran ten days past its plan
    assert "█" in expansion and "▀" in expansion  # running, plan not over yet
    assert "▀" in integration and "▄" not in integration and "│" in integration
    assert set(unplanned[23:]) <= {" ", "│"}  # after the 22-cell name and a space
    assert "2026-" in lines[1] and "2027-" in lines[1]


def test_secondary_columns_go_first() -> None:
    def keys(columns, width):
        return [c.key for c, _w in layout(columns, width)]

    assert keys(GATE_COLUMNS, 78) == ["mark", "n", "text", "figure"]
    assert "sort" in keys(GATE_COLUMNS, 118) and "evidence" not in keys(GATE_COLUMNS, 118)
    assert keys(GATE_COLUMNS, 200)[-2:] == ["evidence", "signed"]
    assert keys(PHASE_COLUMNS, 78) == ["order", "name", "status", "gate", "state"]
    for width in (60, 78, 118, 158, 200):
        laid = layout(GATE_COLUMNS, width)
        assert sum(w for _c, w in laid) + 2 * len(laid) <= width
