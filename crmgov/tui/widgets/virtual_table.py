"""A table that renders only the lines on screen, for lists of 100,000 rows.

Textual's DataTable keeps a rendered row object per row: 17.5 s to show 100k rows and
0.6–5 s to rebuild on each filter keystroke (DESIGN.md, measured). This widget keeps the
caller's list of plain tuples as is and formats a row only when `render_line` asks for it,
so replacing the rows costs nothing beyond the list itself, whatever its length.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from crmgov.i18n import N_
from crmgov.textwidth import fit

Row = Sequence[Any]

#: Above this many rows a sort runs in a thread (~100 ms+ at 100k string keys).
SORT_ON_LOOP = 20_000


@dataclass(frozen=True)
class Column:
    """How one field of the row tuples is shown."""

    key: str
    label: str
    index: int
    """Position of the value in each row tuple."""
    width: int = 0
    """Width in terminal cells; 0 = flexible, takes what the fixed columns leave."""
    min_width: int = 8
    """Narrowest a flexible column gets (the table scrolls sideways below that)."""
    align: Literal["left", "right"] = "left"
    text: Callable[[Any], str] = str
    """Display text of a value (translation happens here, at render time)."""
    tone: Callable[[Any], str | None] | None = None
    """"bad", "warn" or "good" to colour a value with the theme, or None."""
    sort_key: Callable[[Any], Any] | None = None
    """Sort by this instead of the raw value (e.g. a rank for enum values)."""
    row_text: Callable[[Row], str] | None = None
    """Display text from the whole row, instead of `text(row[index])` (e.g. a title with
    marks from other fields); sorting still uses `row[index]`."""
    drop: int = 0
    """0: always shown. Otherwise a secondary column: when the flexible columns would get
    less than their `min_width`, the columns with the highest `drop` go first, so a narrow
    terminal keeps what matters instead of scrolling sideways."""


class VirtualTable(ScrollView, can_focus=True):
    """Rows of plain tuples, a fixed header, a row cursor and sorting by any column."""

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        scrollbar-size-vertical: 1;
        background: $surface;
    }
    VirtualTable > .virtual-table--header {
        text-style: bold;
        background: $panel;
        color: $text-primary;
    }
    VirtualTable > .virtual-table--odd { background: $surface-lighten-1 50%; }
    VirtualTable > .virtual-table--cursor {
        background: $block-cursor-blurred-background;
    }
    VirtualTable:focus > .virtual-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    VirtualTable > .virtual-table--bad { color: $text-error; }
    VirtualTable > .virtual-table--warn { color: $text-warning; }
    VirtualTable > .virtual-table--good { color: $text-success; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"virtual-table--{name}" for name in ("header", "odd", "cursor", "bad", "warn", "good")
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Up"), show=False, id="table.up"),
        Binding("down", "cursor(1)", N_("Down"), show=False, id="table.down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="table.pagedown"),
        Binding("home", "goto(0)", N_("First row"), show=False, id="table.home"),
        Binding("end", "goto(-1)", N_("Last row"), show=False, id="table.end"),
        Binding("enter", "select", N_("Open"), id="table.select"),
        # Letters belong to the app's area keys; digits are free and map to columns.
        Binding("1", "sort(0)", N_("Sort"), key_display="1-8",
                id="table.sort1"),
        *(
            Binding(str(n + 1), f"sort({n})", N_("Sort by a column (again: reverse)"),
                    show=False, id=f"table.sort{n + 1}")
            for n in range(1, 9)
        ),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)
    """Index of the highlighted row in `rows`."""

    class _TableMessage(Message):
        """A message about this table; `control` lets handlers use `@on(..., "#id")`."""

        def __init__(self, table: VirtualTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowHighlighted(_TableMessage):
        """The cursor moved to another row (or the rows changed under it)."""

        def __init__(self, table: VirtualTable, index: int, row: Row | None) -> None:
            super().__init__(table)
            self.index = index
            self.row = row
            """None when the table is empty."""

    class RowSelected(_TableMessage):
        """Enter (or a click on the highlighted row) chose a row."""

        def __init__(self, table: VirtualTable, index: int, row: Row) -> None:
            super().__init__(table)
            self.index = index
            self.row = row

    class Sorted(_TableMessage):
        """The user sorted by a column: owners of the full list may re-sort it too."""

        def __init__(self, table: VirtualTable, column: str, reverse: bool) -> None:
            super().__init__(table)
            self.column = column
            self.reverse = reverse

    def __init__(
        self,
        *,
        sort_shown: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """`sort_shown=False`: on a sort, only post Sorted and let the owner, who re-sorts
        its full list anyway, set the rows again (saves sorting 100k rows twice)."""
        super().__init__(name=name, id=id, classes=classes)
        self.sort_shown = sort_shown
        self.columns: list[Column] = []
        self.rows: Sequence[Row] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._widths: list[int] = []
        self._announced: Any = object()
        """Key of the row last announced by RowHighlighted."""
        self._styles: dict[str, Style] = {}
        self.empty_text = ""
        """Shown instead of rows when there are none: say why (e.g. which filter)."""

    # ------------------------------------------------------------------ data
    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the column definitions (e.g. after the language changed)."""
        self.columns = list(columns)
        self._layout()

    def set_rows(self, rows: Sequence[Row], *, keep_key: bool = True) -> None:
        """Show `rows` (already in the order wanted: see `sort_rows`).

        The list is kept, not copied: cost is independent of its length. With `keep_key`
        the cursor stays on the row whose first value (its key) it was on.
        """
        key = self.cursor_key if keep_key else None
        self.rows = rows
        index = 0
        if key is not None:
            # A plain scan: ~4 ms at 100k rows, only once per update.
            index = next((i for i, r in enumerate(rows) if r[0] == key), 0)
        self._layout()
        self.cursor_row = index
        self.refresh()

    @property
    def cursor_key(self) -> Any:
        """The first value (the key) of the highlighted row, or None."""
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row][0]
        return None

    def sort_function(self) -> Callable[[Row], Any] | None:
        """The key function of the current sort, or None when unsorted."""
        column = next((c for c in self.columns if c.key == self.sort_column), None)
        if column is None:
            return None
        index, by = column.index, column.sort_key
        if by is None:
            return lambda row: row[index]
        return lambda row: by(row[index])

    def sort_rows(self, rows: list[Row]) -> list[Row]:
        """`rows` in the table's current order (thread-safe: reads only settings)."""
        key = self.sort_function()
        if key is None:
            return rows
        return sorted(rows, key=key, reverse=self.sort_reverse)

    def sort_by(self, column: str, reverse: bool | None = None) -> None:
        """Sort the shown rows by `column`; same column again reverses the order."""
        if reverse is None:
            reverse = not self.sort_reverse if column == self.sort_column else False
        self.sort_column, self.sort_reverse = column, reverse
        self.refresh()  # the header's arrow, at once
        if self.sort_shown and len(self.rows) <= SORT_ON_LOOP:
            self.set_rows(self.sort_rows(list(self.rows)))
        elif self.sort_shown:
            self._sort_in_thread(self.rows)
        self.post_message(self.Sorted(self, column, reverse))

    @work(thread=True, exclusive=True, group="virtual-table-sort", description="sort rows")
    def _sort_in_thread(self, rows: Sequence[Row]) -> None:
        ordered = self.sort_rows(list(rows))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._sorted_in_thread, rows, ordered)

    def _sorted_in_thread(self, original: Sequence[Row], ordered: list[Row]) -> None:
        if self.rows is original:  # else new rows arrived meanwhile (a filter): they win
            self.set_rows(ordered)

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        # Lay out for the width left once the vertical scrollbar is there (or not): the
        # scrollbar appears only after virtual_size is set, and the region does not know yet.
        region = self.scrollable_content_region
        width = region.width + (self.scrollbar_size_vertical if self.show_vertical_scrollbar
                                else 0)
        if len(self.rows) + 1 > region.height:
            width -= self.styles.scrollbar_size_vertical
        shown = self._fitting_columns(width)
        fixed = sum(c.width for c in shown if c.width)
        flexible = [c for c in shown if not c.width]
        gaps = max(len(shown) - 1, 0)
        spare = max(width - fixed - gaps, 0)
        share = spare // len(flexible) if flexible else 0
        # A dropped column is 0 wide and not drawn (_header_strip, _row_strip).
        self._widths = [
            (c.width or max(share, c.min_width)) if c in shown else 0 for c in self.columns
        ]
        total = sum(self._widths) + gaps
        self.virtual_size = Size(total, len(self.rows) + 1)

    def _fitting_columns(self, width: int) -> list[Column]:
        """The columns to show at `width`: secondary ones dropped, highest `drop` first,
        until the flexible columns get their minimum width."""
        shown = list(self.columns)

        def needed(columns: list[Column]) -> int:
            return sum(c.width or c.min_width for c in columns) + max(len(columns) - 1, 0)

        for column in sorted((c for c in self.columns if c.drop), key=lambda c: -c.drop):
            if needed(shown) <= width:
                break
            shown.remove(column)
        return shown

    @property
    def shown_columns(self) -> list[Column]:
        """The columns drawn at the current width."""
        return [c for c, w in zip(self.columns, self._widths, strict=False) if w]

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(f"virtual-table--{name}")
            self._styles[name] = style
        return style

    # ------------------------------------------------------------------ rendering
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            strip = self._header_strip(width)
        else:
            index = scroll_y + y - 1
            if not self.rows and self.empty_text:
                return self._empty_line(y - 1, width)
            if index >= len(self.rows):
                return Strip.blank(width, self.rich_style)
            strip = self._row_strip(index, width)
        # Lines are built exactly `width` wide; cropping is needed only when scrolled sideways
        # or narrower than the columns (each Strip costs: this runs per line per repaint).
        if scroll_x or strip.cell_length != width:
            strip = strip.crop_extend(scroll_x, scroll_x + width, self.rich_style)
        return strip

    def _empty_line(self, n: int, width: int) -> Strip:
        """Line `n` of `empty_text`, wrapped to the width (CJK-aware, by rich)."""
        from rich.text import Text

        lines = Text(self.empty_text).wrap(self.app.console, max(width - 2, 10))
        style = self.rich_style + Style(italic=True)
        text = lines[n].plain if n < len(lines) else ""
        return Strip([Segment(fit(" " + text, width), style)], width)

    def _line(self, segments: list[Segment], used: int, width: int, style: Style) -> Strip:
        if used < width:
            segments.append(Segment(" " * (width - used), style))
            used = width
        return Strip(segments, used)

    def _header_strip(self, width: int) -> Strip:
        style = self.rich_style + self._style("header")
        segments = []
        used = 0
        for column, cells in zip(self.columns, self._widths, strict=True):
            if not cells:
                continue
            text = column.label
            if column.key == self.sort_column:
                text += " ▼" if self.sort_reverse else " ▲"
            segments.append(Segment(fit(text, cells, column.align) + " ", style))
            used += cells + 1
        return self._line(segments, used, width, style)

    def _row_strip(self, index: int, width: int) -> Strip:
        row = self.rows[index]
        cursor = index == self.cursor_row
        base = self.rich_style
        if cursor:
            base = base + self._style("cursor")
        elif index % 2:
            base = base + self._style("odd")
        segments = []
        used = 0
        for column, cells in zip(self.columns, self._widths, strict=True):
            if not cells:
                continue
            value = row[column.index]
            style = base
            if column.tone is not None and not cursor:
                tone = column.tone(value)
                if tone:
                    style = base + self._style(tone)
            text = column.row_text(row) if column.row_text else column.text(value)
            segments.append(Segment(fit(text, cells, column.align), style))
            segments.append(Segment(" ", base))
            used += cells + 1
        return self._line(segments, used, width, base)

    # ------------------------------------------------------------------ cursor
    def watch_cursor_row(self, old: int, new: int) -> None:
        clamped = min(max(new, 0), max(len(self.rows) - 1, 0))
        if clamped != new:
            self.cursor_row = clamped
            return
        self._scroll_to_cursor()
        self.refresh()
        row = self.rows[new] if new < len(self.rows) else None
        key = row[0] if row is not None else None
        # Only a different row is news: a filter that keeps the cursor's row says nothing.
        if key != self._announced or row is None:
            self._announced = key
            self.post_message(self.RowHighlighted(self, new, row))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.cursor_row = self.cursor_row + delta

    def action_page(self, direction: int) -> None:
        page = max(self.scrollable_content_region.height - 2, 1)
        self.cursor_row = self.cursor_row + direction * page

    def action_goto(self, index: int) -> None:
        """Row `index`; -1 is the last row."""
        self.cursor_row = index if index >= 0 else len(self.rows) - 1

    def action_select(self) -> None:
        if 0 <= self.cursor_row < len(self.rows):
            self.post_message(self.RowSelected(self, self.cursor_row, self.rows[self.cursor_row]))

    def action_sort(self, position: int) -> None:
        if position < len(self.columns):
            self.sort_by(self.columns[position].key)

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x + self.scroll_offset.x
            for column, width in zip(self.columns, self._widths, strict=True):
                if not width:
                    continue  # dropped at this width
                if x <= width:
                    self.sort_by(column.key)
                    return
                x -= width + 1
            return
        index = self.scroll_offset.y + offset.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor_row:
                self.action_select()
            else:
                self.cursor_row = index
