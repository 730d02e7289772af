"""A DataTable whose columns always fit its width, for every table of the TUI but the
100k-row issue table (VirtualTable, which fits its cells the same way as it draws them).

Textual's DataTable sizes a column to its content and lets the screen edge cut the rest
mid-word ("2 deviat", "duplicate search fi"); a column given a width is cropped without a
mark. Here the columns are laid out for the room there is, as the terminal narrows:

1. secondary columns (`Col.drop`) go first, highest `drop` first, while even the cut-down
   columns would not fit;
2. long texts (`Col.shrink`: titles, findings, comments) are cut, the widest first, down to
   their readable minimum;
3. only then everything else, the widest first, so nothing is ever cut by the screen edge.

Every cell cut is cut on display width (a CJK character counts two cells, never halved)
and ends in "…" (crmgov.textwidth.fit); the detail panes show the full text. The table
refits itself when its size changes, keeping the cursor on the same row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich.text import Text
from textual import events
from textual.widgets import DataTable

from crmgov.textwidth import cell_len, fit, visible

Cell = str | Text
"""A cell: plain text (never read as markup) or a styled rich Text."""

#: No column is cut below this many cells in step 3 (a mark and "…" still show).
LAST_RESORT = 3


@dataclass(frozen=True)
class Col:
    """One column of a FitTable."""

    key: str
    label: str
    """Translated header."""
    shrink: int = 0
    """0: shown whole while the table can (dates, states, figures). Otherwise a long text
    that may be cut, with …, down to this many cells."""
    drop: int = 0
    """0: always shown. Otherwise a secondary column, hidden (highest `drop` first) when the
    columns would not fit even cut down to their minimum."""
    align: Literal["left", "right"] = "left"


def layout(columns: Sequence[Col], natural: Sequence[int], room: int, padding: int
           ) -> list[int]:
    """Content width of each column (0: dropped) so that the shown columns, each with
    `padding` cells around it, fill at most `room` cells. `natural`: each column's widest
    cell or header. Pure: tested at any width."""
    floor = [min(n, c.shrink) if c.shrink else n for c, n in zip(columns, natural, strict=True)]
    shown = list(range(len(columns)))

    def needed(indexes: Sequence[int], widths: Sequence[int]) -> int:
        return sum(widths[i] + padding for i in indexes)

    for index in sorted((i for i, c in enumerate(columns) if c.drop),
                        key=lambda i: (-columns[i].drop, -i)):
        if needed(shown, floor) <= room:
            break
        shown.remove(index)
    widths = [natural[i] if i in shown else 0 for i in range(len(columns))]
    budget = room - padding * len(shown)
    # Step 2: the long texts down to their minimum; step 3: every column, to LAST_RESORT.
    for lowest, candidates in (
        (floor, [i for i in shown if columns[i].shrink]),
        ([min(n, LAST_RESORT) for n in natural], list(shown)),
    ):
        _cap_widest(widths, candidates, lowest, budget)
    return widths


def _cap_widest(widths: list[int], candidates: Sequence[int], lowest: Sequence[int],
                budget: int) -> None:
    """Lower the widest of `candidates` one cell at a time (never below `lowest`) until
    all widths sum to `budget` or nothing can give way: a long title is cut before a
    short one, and a column that already fits is left whole."""
    excess = sum(widths) - budget
    while excess > 0:
        movable = [i for i in candidates if widths[i] > lowest[i]]
        if not movable:
            return
        # The last of the widest: ties cut the column further right first.
        widest = max(reversed(movable), key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1


def _width(cell: Cell) -> int:
    return cell_len(cell.plain if isinstance(cell, Text) else visible(cell))


def _cut(cell: Cell, width: int, align: str) -> Text:
    if isinstance(cell, Text):
        if cell.cell_len <= width:
            return cell
        cut = cell.copy()
        cut.truncate(width, overflow="ellipsis")
        return cut
    return Text(fit(cell, width, align).rstrip() if align == "left" else fit(cell, width,
                                                                             align))


class FitTable(DataTable[Any]):
    """A DataTable laid out by `layout` for its width: set the columns, then `fill` it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._fit_specs: list[Col] = []
        self._fit_rows: list[tuple[str | None, Sequence[Cell]]] = []
        self._fit_widths: list[int] | None = None

    def set_specs(self, columns: Iterable[Col | tuple[str, str]]) -> None:
        """Replace the columns (and clear the rows), e.g. after the language changed;
        (key, label) is a column shown whole that is never dropped."""
        self._fit_specs = [c if isinstance(c, Col) else Col(c[0], c[1]) for c in columns]
        self._fit_rows = []
        self._rebuild()

    def fill(self, rows: Iterable[tuple[str | None, Sequence[Cell]]]) -> None:
        """Show `rows`, (key, cells) each, instead of the current ones: like `clear()` and
        `add_row` for each, with the columns laid out for them."""
        self._fit_rows = list(rows)
        self._rebuild()

    @property
    def shown_specs(self) -> list[tuple[Col, int]]:
        """The columns drawn now, with their content widths."""
        widths = self._fit_widths or [0] * len(self._fit_specs)
        return [(c, w) for c, w in zip(self._fit_specs, widths, strict=True) if w]

    def _room(self) -> int:
        """Cells for the columns: the content width less the vertical scrollbar once the
        rows will need one (it appears only after they are added)."""
        width = self.size.width - self.styles.gutter.width
        height = self.size.height - self.styles.gutter.height
        if width <= 0:
            return 0
        if len(self._fit_rows) + self.header_height > height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _layout(self) -> list[int] | None:
        if not self._fit_specs:
            return []
        room = self._room()
        if room <= 0:
            return None  # no size yet: natural widths until the first resize
        natural = [
            max([cell_len(c.label), *(_width(r[i]) for _k, r in self._fit_rows if i < len(r))])
            for i, c in enumerate(self._fit_specs)
        ]
        return layout(self._fit_specs, natural, room, 2 * self.cell_padding)

    def _rebuild(self, *, keep_cursor: bool = False) -> None:
        key = None
        if keep_cursor and self.row_count:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        widths = self._fit_widths = self._layout()
        self.clear(columns=True)
        shown = [i for i in range(len(self._fit_specs)) if widths is None or widths[i]]
        for i in shown:
            spec = self._fit_specs[i]
            if widths is None:
                self.add_column(Text(spec.label), key=spec.key)
            else:
                self.add_column(_cut(spec.label, widths[i], "left"), key=spec.key,
                                width=widths[i])
        for row_key, cells in self._fit_rows:
            shown_cells = [cells[i] if i < len(cells) else "" for i in shown]
            if widths is None:
                texts = [c if isinstance(c, Text) else Text(visible(c)) for c in shown_cells]
            else:
                texts = [_cut(c, widths[i], self._fit_specs[i].align)
                         for c, i in zip(shown_cells, shown, strict=True)]
            self.add_row(*texts, key=row_key)
        if key is not None:
            keys = [k for k, _cells in self._fit_rows]
            if key in keys:
                self.move_cursor(row=keys.index(key), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        if self._fit_specs and self._layout() != self._fit_widths:
            self._rebuild(keep_cursor=True)
