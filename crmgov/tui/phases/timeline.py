"""The rollout timeline as text: one line per phase, planned against actual, by month.

Planned time is drawn as the upper half of a cell (▀), actual time as the lower half (▄),
both as a full block (█); today is a │ where no bar is. The month scale fits any width:
dates map linearly onto the columns left after the phase names, and month labels are
spaced so they never overlap. Pure functions of plain rows (no Textual), so the layout is
tested at any width and in either language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from crmgov.i18n import _
from crmgov.textwidth import cell_len, fit

#: Month steps between labels, smallest first.
_STEPS = (1, 2, 3, 6, 12)
_LABEL = 7  # "2026-01"


def _months(day: date) -> float:
    """Months since year 0, with the day as a fraction (for a linear scale)."""
    return day.year * 12 + day.month - 1 + (day.day - 1) / 31


def _span(row: Mapping[str, Any], start: str, end: str, today: date) -> tuple[date, date] | None:
    first = row.get(start)
    last = row.get(end)
    if isinstance(first, str):
        first = date.fromisoformat(first)
    if isinstance(last, str):
        last = date.fromisoformat(last)
    if first is None:
        return None
    if last is None:
        # An actual span still running ends today; a plan with no end is one day long.
        last = max(first, today) if start == "actual_start" else first
    return first, last


def timeline_lines(rows: Sequence[Mapping[str, Any]], width: int, today: date) -> list[str]:
    """The timeline in exactly `width` cells per line: a scale line, an axis, then one line
    per phase (rows as services.phases.present.phase_rows gives them)."""
    width = max(width, 30)
    spans = [(_span(r, "planned_start", "planned_end", today),
              _span(r, "actual_start", "actual_end", today)) for r in rows]
    days = [d for pair in spans for span in pair if span for d in span] + [today]
    first = date(min(days).year, min(days).month, 1)
    last = max(days)
    start = _months(first)
    months = max(1.0, _months(last) - start + 1)
    name_width = min(36, max(12, width * 2 // 7))
    bar = width - name_width - 1

    def col(day: date) -> int:
        return min(bar - 1, max(0, int((_months(day) - start) * bar / months)))

    lines = [fit(_("▀ planned  ▄ actual  █ both  │ today"), width), _scale(first, months, bar,
                                                                            name_width)]
    now_col = col(today)
    for row, (planned, actual) in zip(rows, spans, strict=True):
        cells = [" "] * bar
        plan = set(range(col(planned[0]), col(planned[1]) + 1)) if planned else set()
        done = set(range(col(actual[0]), col(actual[1]) + 1)) if actual else set()
        for c in plan | done:
            cells[c] = "█" if c in plan and c in done else ("▀" if c in plan else "▄")
        if cells[now_col] == " ":
            cells[now_col] = "│"
        label = f"{row['number']}. {row['name']}"
        lines.append(fit(label, name_width) + " " + "".join(cells))
    return lines


def _scale(first: date, months: float, bar: int, name_width: int) -> str:
    per_month = bar / months
    step = next((s for s in _STEPS if per_month * s >= _LABEL + 1), 12)
    cells = [" "] * bar
    year, month = first.year, first.month
    for n in range(int(months) + 1):
        if n % step == 0:
            at = int(n * per_month)
            text = f"{year}-{month:02d}"
            if at + len(text) <= bar and all(c == " " for c in cells[max(0, at - 1):at + 7]):
                cells[at:at + len(text)] = list(text)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    line = " " * (name_width + 1) + "".join(cells)
    return line if cell_len(line) == name_width + 1 + bar else fit(line, name_width + 1 + bar)
