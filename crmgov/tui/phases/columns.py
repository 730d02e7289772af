"""Which columns the phase and gate tables show at a given width (issue 9, item 16).

Secondary columns go first as the terminal narrows, and every cell is cut to its column
so the tables never scroll sideways; the detail pane below shows each text in full.
Pure functions (no Textual): the layout is tested at any width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crmgov.i18n import N_, _
from crmgov.textwidth import fit


@dataclass(frozen=True)
class Column:
    """A table column: key, English title (msgid), fixed width (0 = takes what is left),
    and the narrowest table width at which it is shown."""

    key: str
    title: str
    width: int
    min_table: int = 0


PHASE_COLUMNS = (
    Column("order", "#", 2),
    Column("name", N_("Phase"), 0),
    Column("status", N_("Status"), 10),
    Column("gate", N_("Gate"), 5),
    Column("state", N_("Gate state"), 24, 70),
    Column("kind", N_("Kind"), 11, 110),
    Column("planned", N_("Planned"), 23, 130),
    Column("actual", N_("Actual"), 23, 150),
)

GATE_COLUMNS = (
    Column("mark", "", 1),
    Column("n", "#", 2),
    Column("text", N_("Exit criterion"), 0),
    Column("figure", N_("Figure"), 16),
    Column("sort", N_("Kind of item"), 17, 96),
    Column("flag", N_("Note"), 20, 110),
    Column("evidence", N_("Evidence"), 28, 150),
    Column("signed", N_("Signed off by"), 20, 170),
)

#: Cell padding DataTable adds on each side of a column.
_PADDING = 2
#: The flexible column never gets fewer cells than this.
_MIN_FLEX = 16


def layout(columns: Sequence[Column], table_width: int) -> list[tuple[Column, int]]:
    """The shown columns with their widths, filling `table_width` exactly."""
    shown = [c for c in columns if table_width >= c.min_table]
    fixed = sum(c.width for c in shown if c.width) + _PADDING * len(shown)
    flex = max(_MIN_FLEX, table_width - fixed - 1)
    return [(c, c.width or flex) for c in shown]


def titles(laid: Sequence[tuple[Column, int]]) -> list[tuple[str, str, int]]:
    """(key, translated title, width) of each shown column."""
    return [(c.key, fit(_(c.title), w).rstrip() if c.title else "", w) for c, w in laid]


def cells(laid: Sequence[tuple[Column, int]], values: dict[str, str]) -> list[str]:
    """One row's cells, each cut to its column (… marks a cut)."""
    return [fit(values.get(c.key, ""), w) for c, w in laid]
