"""The readiness board: the dashboard's verdict and cards of figures, drawn by one widget.

One widget rather than a widget per figure, card and bar: each Textual widget costs a few
milliseconds to style, mount and lay out, and the demo's dashboard was ~60 of them, about
0.15 s of every start (benchmarks/bench_startup.py). Here the cards are laid out as plain
lines (like VirtualTable; the layout is in board_layout) and one cursor moves between the
figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from crmgov.i18n import N_
from crmgov.tui.widgets.board_layout import Card, Headline, Item, Piece, Spot, lay_out

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class ReadinessBoard(ScrollView, can_focus=True):
    """Cards of figures in a grid; Enter or a click on a figure posts `Selected`."""

    DEFAULT_CSS = """
    ReadinessBoard {
        height: 1fr;
        scrollbar-size-vertical: 1;
    }
    ReadinessBoard > .board--rule { color: $primary; }
    ReadinessBoard > .board--title { color: $text-primary; text-style: bold; }
    ReadinessBoard > .board--value { text-style: bold; }
    ReadinessBoard > .board--good { color: $text-success; }
    ReadinessBoard > .board--bad { color: $text-error; }
    ReadinessBoard > .board--ready { color: $text-success; text-style: bold; }
    ReadinessBoard > .board--not-ready { color: $text-error; text-style: bold; }
    ReadinessBoard > .board--loading { color: $text-warning; text-style: bold; }
    ReadinessBoard > .board--aside { color: $text-muted; }
    ReadinessBoard > .board--bar { color: $primary; }
    ReadinessBoard > .board--bar-complete { color: $success; }
    ReadinessBoard > .board--bar-back { color: $surface; }
    ReadinessBoard > .board--hover { background: $boost; }
    ReadinessBoard > .board--cursor {
        background: $block-cursor-blurred-background;
    }
    ReadinessBoard:focus > .board--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        f"board--{name}"
        for name in ("rule", "title", "value", "good", "bad", "ready", "not-ready", "loading",
                     "aside", "bar", "bar-complete", "bar-back", "hover", "cursor")
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", N_("Next figure"), show=False, id="board.down"),
        Binding("up", "move(-1)", N_("Previous figure"), show=False, id="board.up"),
        Binding("tab", "move(1)", N_("Next figure"), show=False, id="board.tab"),
        Binding("shift+tab", "move(-1)", N_("Previous figure"), show=False,
                id="board.shift_tab"),
        Binding("right", "move_card(1)", N_("Next card"), show=False, id="board.right"),
        Binding("left", "move_card(-1)", N_("Previous card"), show=False, id="board.left"),
        Binding("home", "goto(0)", N_("First figure"), show=False, id="board.home"),
        Binding("end", "goto(-1)", N_("Last figure"), show=False, id="board.end"),
        # Not in the key bar: at 80 columns it would push out the area keys (the help
        # screen lists it).
        Binding("enter", "select", N_("Open"), show=False, id="board.open"),
    ]

    @dataclass
    class Selected(Message):
        """The user chose a figure."""

        item: Item

    def __init__(
        self, headline: Headline, cards: tuple[Card, ...] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._headline = headline
        self._cards = cards
        self._lines: list[list[Piece]] = []
        self._spots: list[Spot] = []
        self._strips: dict[int, Strip] = {}
        self._styles: dict[tuple[str, ...], Style] = {}
        self._cursor = 0
        self._hover: int | None = None
        self._frame = 0
        self._spinner: Timer | None = None

    def on_mount(self) -> None:
        self._spinner = self.set_interval(
            0.1, self._spin, pause=self._headline.tone != "loading"
        )
        self._relayout()

    # ------------------------------------------------------------------ content
    @property
    def headline(self) -> Headline:
        return self._headline

    @property
    def cards(self) -> tuple[Card, ...]:
        return self._cards

    def show(self, headline: Headline, cards: tuple[Card, ...] | None = None) -> None:
        """Replace what the board shows; the cursor stays on the figure with the same id."""
        current = self.cursor_item
        self._headline = headline
        if cards is not None:
            self._cards = cards
        if self._spinner is not None:
            if headline.tone == "loading":
                self._spinner.resume()
            else:
                self._spinner.pause()
        self._relayout()
        if current is not None:
            self.select_item(current.id)
        self.refresh()

    def card(self, card_id: str) -> Card:
        """The card with this id (KeyError if there is none)."""
        for card in self._cards:
            if card.id == card_id:
                return card
        raise KeyError(card_id)

    def item(self, item_id: str) -> Item:
        """The item with this id, in any card (KeyError if there is none)."""
        for card in self._cards:
            for item in card.items:
                if item.id == item_id:
                    return item
        raise KeyError(item_id)

    @property
    def cursor_item(self) -> Item | None:
        """The figure under the cursor (None while there is none)."""
        return self._spots[self._cursor].item if self._spots else None

    def select_item(self, item_id: str) -> bool:
        """Put the cursor on the figure with this id; False if it is not on the board."""
        for index, spot in enumerate(self._spots):
            if spot.item.id == item_id:
                self._move_to(index)
                return True
        return False

    def offset_of(self, item_id: str) -> Offset | None:
        """Where the figure is drawn, relative to the widget's visible region (for a
        click); None if it is not on the board."""
        for spot in self._spots:
            if spot.item.id == item_id:
                return Offset(spot.x + 1, spot.y - self.scroll_offset.y)
        return None

    # ------------------------------------------------------------------ layout
    def _relayout(self) -> None:
        """Lay the cards out for the current width (a few hundred lines at most: cheap)."""
        region = self.scrollable_content_region
        width = region.width + (
            self.scrollbar_size_vertical if self.show_vertical_scrollbar else 0
        )
        if width <= 0:
            return
        lines, spots = lay_out(self._headline, self._cards, width)
        if len(lines) > region.height and self.styles.scrollbar_size_vertical:
            # The scrollbar will take a column: lay out for what is left.
            width -= self.styles.scrollbar_size_vertical
            lines, spots = lay_out(self._headline, self._cards, width)
        self._lines, self._spots = lines, spots
        self._cursor = min(self._cursor, max(len(spots) - 1, 0))
        self._hover = None
        self._strips.clear()
        self.virtual_size = Size(width, len(lines))

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    # ------------------------------------------------------------------ rendering
    def _style(self, names: tuple[str, ...]) -> Style:
        # Full component styles carry the widget's background: the cursor and hover
        # styles come last in `names` so that theirs wins.
        style = self._styles.get(names)
        if style is None:
            style = self.rich_style
            for name in names:
                style += self.get_component_rich_style(f"board--{name}")
            self._styles[names] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line = self.scroll_offset.y + y
        if line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(line)
        if strip is None:
            strip = self._strip(line)
            self._strips[line] = strip
        if strip.cell_length != width:
            strip = strip.crop_extend(0, width, self.rich_style)
        return strip

    def _strip(self, line: int) -> Strip:
        segments = []
        for text, names, spot in self._lines[line]:
            if spot is not None and spot == self._cursor:
                names = ("value", "cursor") if "value" in names else ("cursor",)
            elif spot is not None and spot == self._hover:
                names = (*names, "hover")
            if line == 0 and names == ("spinner",):
                text = SPINNER[self._frame % len(SPINNER)] + " "
                names = ("loading",)
            segments.append(Segment(text, self._style(names)))
        return Strip(segments)

    def _spin(self) -> None:
        self._frame += 1
        self._strips.pop(0, None)
        self.refresh_line(0)

    def _refresh_spot(self, index: int | None) -> None:
        if index is None or index >= len(self._spots):
            return
        y = self._spots[index].y
        self._strips.pop(y, None)
        self.refresh_line(y - self.scroll_offset.y)

    # ------------------------------------------------------------------ cursor
    def _move_to(self, index: int) -> None:
        if not self._spots:
            return
        index = min(max(index, 0), len(self._spots) - 1)
        old, self._cursor = self._cursor, index
        self._refresh_spot(old)
        self._refresh_spot(index)
        spot = self._spots[index]
        # Show the card's title line too when scrolling up to a card's first figure, and
        # the verdict above the first figure.
        top = 0 if index == 0 else spot.y - 1
        self.scroll_to_region(
            Region(0, top, 1, spot.y - top + 1), animate=False, immediate=True, force=True
        )

    def action_move(self, delta: int) -> None:
        self._move_to(self._cursor + delta)

    def action_move_card(self, delta: int) -> None:
        """The figure at the same position in the previous/next card that has figures."""
        if not self._spots:
            return
        here = self._spots[self._cursor]
        position = sum(1 for s in self._spots[: self._cursor] if s.card == here.card)
        cards = sorted({s.card for s in self._spots})
        at = cards.index(here.card) + delta
        if not 0 <= at < len(cards):
            return
        in_card = [i for i, s in enumerate(self._spots) if s.card == cards[at]]
        self._move_to(in_card[min(position, len(in_card) - 1)])

    def action_goto(self, index: int) -> None:
        self._move_to(index if index >= 0 else len(self._spots) - 1)

    def action_select(self) -> None:
        item = self.cursor_item
        if item is not None:
            self.post_message(self.Selected(item))

    def _spot_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        y = offset.y + self.scroll_offset.y
        for index, spot in enumerate(self._spots):
            if spot.y == y and spot.x <= offset.x < spot.x + spot.width:
                return index
        return None

    def on_click(self, event: events.Click) -> None:
        index = self._spot_at(event)
        if index is not None:
            event.stop()
            self.focus()
            self._move_to(index)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._spot_at(event)
        if index != self._hover:
            old, self._hover = self._hover, index
            self._refresh_spot(old)
            self._refresh_spot(index)

    def on_leave(self, event: events.Leave) -> None:
        old, self._hover = self._hover, None
        self._refresh_spot(old)
