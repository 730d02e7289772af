"""The issue table at size: filtering thousands of rows, CJK alignment, and its snapshot.

Regenerate the snapshot with
`pytest tests/tui/test_issues_table.py --snapshot-update` and look at the SVG first.
"""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

import crmgov.tui.issues.screen as issues_module
from benchmarks.fixtures import synthetic_issues
from crmgov.domain.enums import SLAState
from crmgov.storage.store import ProjectStore
from crmgov.textwidth import fit
from crmgov.tui.issues.filter import apply_filter
from crmgov.tui.widgets.virtual_table import Column, VirtualTable
from tests.conftest import FIXED_NOW
from tests.tui.conftest import build_app, settle
from tests.tui.test_issues import open_issues, shown_ids


def test_fit_counts_wide_characters_as_two_cells() -> None:
    assert fit("客户重复", 5) == "客户…"
    assert fit("客户", 5) == "客户 "
    assert fit("12", 4, "right") == "  12"
    # Cutting inside a wide character pads instead of leaving half a character.
    assert cell_len(fit("客户重复", 6)) == 6


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[int] = []

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        self.selected.append(event.row[0])

    def compose(self) -> ComposeResult:
        yield VirtualTable(id="t")

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_columns([
            Column("id", "ID", 0, width=4, align="right"),
            Column("title", "标题", 1),
            Column("owner", "负责人", 2, width=8),
        ])
        table.set_rows([(1, "客户主数据重复导致月度报表错误", "王芳"), (2, "Quote slow", "Li Na"),
                        (3, "线索导入", "赵磊")])


async def test_chinese_columns_line_up() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        lines = [table.render_line(y) for y in range(4)]
        texts = ["".join(seg.text for seg in line) for line in lines]
        assert all(line.cell_length == table.size.width for line in lines)
        # The owner column starts at the same cell on every line, CJK title or not.
        starts = {cell_len(t[: t.index(owner)]) for t, owner in zip(
            texts, ["负责人", "王芳", "Li Na", "赵磊"], strict=True)}
        assert len(starts) == 1
        assert "…" in texts[1]  # the long Chinese title is cut, not wrapped


async def test_table_keys_and_messages() -> None:
    app = TableApp()
    async with app.run_test(size=(40, 6)) as pilot:
        table = app.query_one(VirtualTable)
        table.focus()
        await pilot.press("end")
        assert table.cursor_key == 3
        await pilot.press("home", "down", "enter")
        await pilot.pause()
        assert app.selected == [2]
        await pilot.press("3")  # by owner
        assert [r[2] for r in table.rows] == sorted(r[2] for r in table.rows)
        assert table.cursor_key == 2  # the cursor stays on its row


@pytest.fixture
def big_store(empty_store: ProjectStore) -> ProjectStore:
    with empty_store.transaction("test.big") as txn:
        txn.insert_many("issues", synthetic_issues(5_000, FIXED_NOW))
    return empty_store


@pytest.mark.parametrize("sync_limit", [20_000, 100], ids=["on-loop", "in-worker"])
async def test_filter_5000_issues_as_you_type(big_store, monkeypatch, sync_limit) -> None:
    monkeypatch.setattr(issues_module, "SYNC_LIMIT", sync_limit)
    app = build_app(big_store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_issues(pilot)
        everything = len(screen.table.rows)
        assert everything > 2_000
        await pilot.press("slash", *"customer")
        await settle(pilot)
        narrowed = screen.table.rows
        assert 0 < len(narrowed) < everything
        assert all("customer" in r.haystack for r in narrowed)
        await pilot.press("space", "d", "u", "p")
        await settle(pilot)
        assert all("customer dup" in r.haystack for r in screen.table.rows)
        assert len(screen.table.rows) < len(narrowed)
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await settle(pilot)
        assert len(screen.table.rows) == len(narrowed)
        # Widening from a remembered result, not a full scan, must still be exact.
        for keys in [("backspace",) * 5, ("t", "o"), ("backspace",) * 3, ("r", "e", "p")]:
            await pilot.press(*keys)
            await settle(pilot)
            expected = apply_filter(screen._all, screen._spec, app.settings.actor)
            assert [r.id for r in screen.table.rows] == [r.id for r in expected]

        await pilot.press("escape", "v")  # clear the text, then overdue only
        await settle(pilot)
        overdue = screen.table.rows
        assert overdue and all(r.sla_state is SLAState.OVERDUE for r in overdue)
        assert len(overdue) < everything
        app.show_issues("open")
        await settle(pilot)
        assert len(shown_ids(screen)) == everything


def test_issue_table_snapshot(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(100, 30), run_before=open_issues)
