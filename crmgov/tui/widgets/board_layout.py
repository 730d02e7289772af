"""The readiness board's content and its layout as plain lines (no Textual).

`lay_out` turns a headline and cards into lines of (text, style names, figure) pieces,
each exactly the board's width in terminal cells (CJK characters take two), and says where
each selectable figure was drawn; widgets.board renders and navigates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crmgov.textwidth import cell_len, fit

Tone = Literal["", "good", "bad"]

#: Column width below which the cards go in fewer columns.
MIN_CARD_WIDTH = 24


@dataclass(frozen=True)
class Item:
    """One line of a card: a figure (label and value) or a progress bar."""

    id: str
    label: str
    value: str = ""
    tone: Tone = ""
    target: str = ""
    """The area (mode) the figure leads to, or an app action prefixed by '!'; empty: the
    line cannot be selected (e.g. a progress bar)."""
    view: str | None = None
    """The view of the target area the figure opens (its screen's `apply_view`), e.g. the
    issues area's "overdue_urgent"; None: the area as it is."""
    count: int | None = None
    """The number the figure states, where its view lists exactly that many rows (a test
    opens each such figure and compares: tests/tui/shell/test_board_figures.py)."""
    progress: tuple[int, int] | None = None
    """(done, total): the line draws a bar after the label instead of a value."""


@dataclass(frozen=True)
class Card:
    """A titled group of lines."""

    id: str
    title: str
    items: tuple[Item, ...]
    wide: bool = False
    """Spans the whole width instead of one grid column."""


@dataclass(frozen=True)
class Headline:
    """The line above the cards: the verdict on the left, `aside` on the right."""

    text: str
    tone: Literal["ready", "not-ready", "loading"]
    aside: str = ""


@dataclass(frozen=True)
class Spot:
    """Where a selectable item was drawn: line, columns [x, x + width), its card."""

    item: Item
    y: int
    x: int
    width: int
    card: int


#: A piece of a line: text, component style names, and the spot it belongs to (if any).
Piece = tuple[str, tuple[str, ...], int | None]


def lay_out(
    headline: Headline, cards: tuple[Card, ...], width: int
) -> tuple[list[list[Piece]], list[Spot]]:
    """The board's lines at `width` cells, and where each selectable figure is."""
    lines: list[list[Piece]] = [_headline_line(headline, width)]
    spots: list[Spot] = []
    columns = max(1, min(3, (width + 1) // (MIN_CARD_WIDTH + 1)))
    row: list[int] = []

    def flush(indexes: list[int], count: int) -> None:
        if not indexes:
            return
        usable = width - (count - 1)
        widths = [usable // count + (1 if i >= count - usable % count else 0)
                  for i in range(count)]
        blocks = []
        for slot, index in enumerate(indexes):
            blocks.append(_card_block(cards[index], index, widths[slot], spots))
        height = max(len(block) for block in blocks)
        top = len(lines)
        for n in range(height):
            line: list[Piece] = []
            for slot in range(count):  # a last row with fewer cards: blank slots
                if slot:
                    line.append((" ", (), None))
                block = blocks[slot] if slot < len(blocks) else []
                line.extend(block[n] if n < len(block) else [(" " * widths[slot], (), None)])
            lines.append(line)
        # The blocks placed their spots at block-relative (line, x): make them absolute.
        for k, spot in enumerate(spots):
            if spot.y < 0:
                slot = indexes.index(spot.card)
                x = sum(widths[:slot]) + slot
                spots[k] = Spot(spot.item, top + (-spot.y - 1), x, spot.width, spot.card)

    for index, card in enumerate(cards):
        if card.wide:
            flush(row, columns)
            row = []
            flush([index], 1)
        else:
            row.append(index)
            if len(row) == columns:
                flush(row, columns)
                row = []
    flush(row, columns)
    return lines, spots


def _headline_line(headline: Headline, width: int) -> list[Piece]:
    names = (headline.tone,)
    pieces: list[Piece] = [(" ", (), None)]
    used = 1
    if headline.tone == "loading":
        pieces.append(("  ", ("spinner",), None))
        used += 2
    aside = headline.aside
    room = width - used - 1
    if aside and cell_len(aside) + 2 < room // 2:
        room -= cell_len(aside) + 1
    else:
        aside = ""
    pieces.append((fit(headline.text, room), names, None))
    if aside:
        pieces.append((" " + aside, ("aside",), None))
    pieces.append((" ", (), None))
    return pieces


def _card_block(
    card: Card, index: int, width: int, spots: list[Spot]
) -> list[list[Piece]]:
    """The card's lines, exactly `width` wide. Its figures' spots are appended to `spots`
    (cards come in order, so `spots` is in reading order) with y = -(line in the block
    + 1); the caller places them."""
    title = fit(card.title, max(width - 1, 0)).rstrip()
    block: list[list[Piece]] = [[
        ("─", ("rule",), None),
        (title, ("title",), None),
        ("─" * max(width - 1 - cell_len(title), 0), ("rule",), None),
    ]]
    for item in card.items:
        spot: int | None = None
        if item.target:
            spot = len(spots)
            spots.append(Spot(item, -len(block) - 1, 0, width, index))
        block.append(_item_line(item, width, spot))
    return block


def _item_line(item: Item, width: int, spot: int | None) -> list[Piece]:
    tone: tuple[str, ...] = (item.tone,) if item.tone else ()
    if item.progress is not None:
        return _bar_line(item, width)
    # One space before the label; the value ends at the column's edge (the gutter
    # separates it from the next card).
    value = item.value
    label_room = width - 1 - cell_len(value) - (1 if value else 0)
    if label_room < 1:
        return [(" " + fit(value, max(width - 1, 0)), (*tone, "value"), spot)]
    return [
        (" " + fit(item.label, label_room) + (" " if value else ""), tone, spot),
        (value, (*tone, "value"), spot),
    ]


def _bar_line(item: Item, width: int) -> list[Piece]:
    done, total = item.progress or (0, 1)
    ratio = min(max(done / total, 0.0), 1.0) if total else 0.0
    percent = f"{ratio * 100:.0f}%".rjust(4)
    label = " " + item.label + " "
    room = width - cell_len(label) - len(percent) - 1
    if room < 4:
        return [(fit(label, width), (), None)]
    halves = round(ratio * room * 2)
    full, half = divmod(halves, 2)
    bar = "━" * full + ("╸" if half else "")
    return [
        (label, (), None),
        (bar, ("bar-complete",) if ratio >= 1 else ("bar",), None),
        ("━" * (room - cell_len(bar)), ("bar-back",), None),
        (" " + percent, (), None),
    ]
