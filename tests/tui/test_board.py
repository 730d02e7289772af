"""The readiness board: layout at any width (CJK included), cursor keys, clicks, scrolling."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from crmgov.tui.widgets.board import ReadinessBoard
from crmgov.tui.widgets.board_layout import Card, Headline, Item, lay_out

EN = (
    Card("a", "Rollout", (
        Item("current", "Expansion: customer service", "active", target="phases"),
        Item("gate", "Gate 2/6", progress=(2, 6)),
        Item("p1", "✓ 1. Pilot: East region sales", "5/5", "good", "phases"),
    )),
    Card("b", "Certification", (
        Item("certified", "Certified", "28/35 80%", target="staff"),
        Item("uncertified", "Not certified", "7", "bad", "staff"),
    )),
    Card("c", "Issues", tuple(
        Item(f"i{n}", f"Issue figure {n}", str(n), target="issues", view="open")
        for n in range(6)
    )),
    Card("d", "SOPs", (Item("sops", "Approved", "9/10", target="sops"),)),
    Card("z", "Go-live blockers", (
        Item("b0", "4 gate item(s) still open in Expansion: customer service", "›",
             target="phases"),
    ), wide=True),
)
ZH = tuple(
    Card(card.id, f"卡片{card.title}", tuple(
        Item(i.id, f"推广：客服中心{i.label}", i.value, i.tone, i.target, i.view,
             i.progress)
        for i in card.items
    ), card.wide)
    for card in EN
)
HEAD = Headline("✘ NOT READY for go-live: 6 blocker(s)", "not-ready", "Go-live target")
SELECTABLE = [i.id for c in EN for i in c.items if i.target]


@pytest.mark.parametrize("cards", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("width", [10, 23, 24, 40, 49, 60, 74, 80, 81, 100, 120, 200])
def test_every_line_fills_the_width_exactly(cards, width: int) -> None:
    lines, spots = lay_out(HEAD, cards, width)
    for n, line in enumerate(lines):
        assert sum(cell_len(text) for text, _names, _spot in line) == width, (n, line)
    # Spots are in reading order, each on its own line, inside the board.
    assert [s.item.id for s in spots] == SELECTABLE
    for index, spot in enumerate(spots):
        assert 0 < spot.y < len(lines) and 0 <= spot.x and spot.x + spot.width <= width
        drawn = [piece for piece in lines[spot.y] if piece[2] == index]
        assert sum(cell_len(text) for text, _n, _s in drawn) == spot.width


def test_cards_go_in_fewer_columns_when_narrow() -> None:
    def columns(width: int) -> int:
        _lines, spots = lay_out(HEAD, EN, width)
        return len({s.x for s in spots if s.item.id in ("current", "certified", "i0")})

    assert columns(120) == 3
    assert columns(60) == 2
    assert columns(40) == 1


def test_values_end_at_the_column_edge_in_chinese() -> None:
    lines, spots = lay_out(HEAD, ZH, 80)
    for index, spot in enumerate(spots):
        drawn = [piece for piece in lines[spot.y] if piece[2] == index]
        text = "".join(t for t, _n, _s in drawn)
        assert text.endswith(spot.item.value)
        assert cell_len(text) == spot.width


class BoardApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[Item] = []

    def compose(self) -> ComposeResult:
        yield ReadinessBoard(HEAD, EN)

    def on_readiness_board_selected(self, message: ReadinessBoard.Selected) -> None:
        self.selected.append(message.item)


async def test_keys_move_the_cursor_between_figures_and_cards() -> None:
    app = BoardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        board = app.query_one(ReadinessBoard)
        assert board.has_focus and board.cursor_item.id == "current"
        await pilot.press("down")  # the gate bar cannot be selected: skipped
        assert board.cursor_item.id == "p1"
        await pilot.press("tab", "tab")
        assert board.cursor_item.id == "uncertified"
        await pilot.press("shift+tab", "up")
        assert board.cursor_item.id == "p1"
        await pilot.press("right")  # same position in the next card
        assert board.cursor_item.id == "uncertified"
        await pilot.press("right")
        assert board.cursor_item.id == "i1"
        await pilot.press("left", "left", "left")
        assert board.cursor_item.id == "p1"
        await pilot.press("end")
        assert board.cursor_item.id == "b0"
        await pilot.press("home", "enter")
        assert [i.id for i in app.selected] == ["current"]


async def test_a_click_selects_the_figure_under_the_mouse() -> None:
    app = BoardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        board = app.query_one(ReadinessBoard)
        await pilot.click(ReadinessBoard, offset=board.offset_of("i3"))
        assert [i.id for i in app.selected] == ["i3"]
        assert board.cursor_item.id == "i3"
        await pilot.click(ReadinessBoard, offset=(0, 0))  # the verdict line: nothing
        assert len(app.selected) == 1


async def test_the_cursor_stays_visible_in_a_short_terminal() -> None:
    app = BoardApp()
    async with app.run_test(size=(40, 8)) as pilot:  # one column: taller than the screen
        board = app.query_one(ReadinessBoard)
        assert board.max_scroll_y > 0
        await pilot.press("end")
        offset = board.offset_of("b0")
        assert offset is not None and 0 <= offset.y < board.size.height
        await pilot.press("home")
        assert board.scroll_offset.y == 0


async def test_new_figures_keep_the_cursor_on_the_same_figure() -> None:
    app = BoardApp()
    async with app.run_test(size=(100, 30)) as pilot:
        board = app.query_one(ReadinessBoard)
        board.select_item("sops")
        board.show(HEAD, EN[2:])  # the cards before it went away
        await pilot.pause()
        assert board.cursor_item.id == "sops"
        board.show(Headline("Loading x.json…", "loading"), ())
        await pilot.pause()
        assert board.cursor_item is None
        await pilot.press("enter", "down")  # nothing to select: no message, no error
        assert app.selected == []
