"""Small formatting helpers shared by the area screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from textual.widgets import DataTable

#: Shown for a missing value.
NONE = "—"


def day(value: date | datetime | None) -> str:
    """A date (or the date of a datetime) as YYYY-MM-DD, or a dash."""
    if value is None:
        return NONE
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value.isoformat()


def pct(value: float) -> str:
    """A share as a whole percentage."""
    return f"{value * 100:.0f}%"


def mark(ok: bool) -> str:
    """✓ or ✗."""
    return "✓" if ok else "✗"


def set_columns(table: DataTable[Any], columns: list[tuple[str, str]]) -> None:
    """Replace the columns (key, translated label), e.g. after the language changed."""
    table.clear(columns=True)
    for key, text in columns:
        table.add_column(text, key=key)


def last_column_room(table: DataTable[Any], rows: Sequence[Sequence[str]], minimum: int = 12
                     ) -> int:
    """Cells left for a table's last column once the others (`rows`: their cells, without
    the last) are as wide as their content: fit the last column's text to it (cut with …)
    rather than letting the screen edge cut it mid-word. 0 before the table has a size."""
    from crmgov.textwidth import cell_len

    width = table.scrollable_content_region.width
    if width <= 0:
        return 0
    headers = [str(column.label) for column in table.columns.values()][:-1]
    used = 0
    for index, header in enumerate(headers):
        cells = [cell_len(row[index]) for row in rows if index < len(row)]
        used += max([cell_len(header), *cells]) + 2 * table.cell_padding
    # 2: the vertical scrollbar, which appears only once the rows are added.
    return max(minimum, width - used - 2 * table.cell_padding - 2)
