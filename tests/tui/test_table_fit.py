"""Every table of the TUI fits its width (issue 22, item 22): no text is cut by the screen
edge, every cut cell ends in "…" and is cut on display width (never half a CJK
character), and no column is squeezed to a sliver, at 80x24 and 100x30 in en and zh."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from crmgov.textwidth import cell_len
from crmgov.tui.widgets.fit_table import Col, layout
from crmgov.tui.widgets.virtual_table import VirtualTable
from tests.tui.conftest import settle

#: Keys that walk every screen holding a table, from the dashboard (Esc leaves a view).
WALK = [
    ("p",), ("enter",), ("escape",),
    ("i",), ("enter",), ("escape",),
    ("s",), ("k",), ("A",), ("K",), ("escape",), ("b",), ("escape",),
    ("o",), ("D",), ("l",), ("O",), ("escape",), ("h",),
]


def table_faults(table: DataTable) -> list[str]:
    """What is wrong with how `table` fits: one line per fault."""
    faults = []
    room = table.scrollable_content_region.width
    total = sum(column.get_render_width(table) for column in table.columns.values())
    if total > room:
        faults.append(f"{total} cells of columns in {room}: the screen edge cuts them")
    for index, column in enumerate(table.columns.values()):
        width = column.content_width if column.auto_width else column.width
        cells = [str(column.label)] + [str(table.get_row_at(r)[index])
                                       for r in range(table.row_count)]
        for cell in cells:
            if cell_len(cell) > width:
                faults.append(f"{cell!r} cropped to {width} cells without …")
        if width < 4 and any(cell.endswith("…") for cell in cells):
            faults.append(f"column {column.key.value} squeezed to {width} cells")
    return faults


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_every_table_fits_its_width(demo_app, demo_app_zh, lang, size) -> None:
    app = demo_app if lang == "en" else demo_app_zh
    faults: list[str] = []
    seen: set[str] = set()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for keys in WALK:
            await pilot.press(*keys)
            await settle(pilot)
            for table in app.screen.query(DataTable):
                if table.region.area and table.row_count:
                    seen.add(str(table.id))
                    faults += [f"{table.id}: {f}" for f in table_faults(table)]
            for vtable in app.screen.query(VirtualTable):
                if vtable.region.area and vtable.rows:
                    seen.add(str(vtable.id))
                    room = vtable.scrollable_content_region.width
                    if vtable.virtual_size.width > room:
                        faults.append(f"{vtable.id}: {vtable.virtual_size.width} cells in "
                                      f"{room}")
    assert {"phases-table", "gate-table", "issues-table", "issue-tasks", "staff-table",
            "spot-planned", "spot-done", "bank-table", "sops-table", "qa-table",
            "plan-table", "owner-table", "checklist", "sections"} <= seen
    assert not faults, "\n".join(dict.fromkeys(faults))


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_cut_cells_end_in_an_ellipsis_at_100_columns(demo_app, demo_app_zh, lang
                                                           ) -> None:
    """The cells the screen edge used to cut ("2 deviat", "data qual") are cut with …;
    the secondary columns that do not fit are hidden rather than cut by the edge."""
    app = demo_app if lang == "en" else demo_app_zh
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", "k")
        await settle(pilot)
        table = app.screen.query_one("#staff-table", DataTable)
        findings = [str(table.get_row_at(r)[-1]) for r in range(table.row_count)]
        # The English findings are longer than the room (the Chinese ones fit whole).
        assert any(f.endswith("…") for f in findings) or lang == "zh"
        assert all(cell_len(f) <= list(table.columns.values())[-1].width for f in findings)
        await pilot.press("l")
        await settle(pilot)
        plan = app.screen.query_one("#plan-table", DataTable)
        keys = [k.value for k in plan.columns]
        assert keys[:3] == ["when", "title", "status"]
        for r in range(plan.row_count):
            for cell, column in zip(plan.get_row_at(r), plan.columns.values(), strict=True):
                assert cell_len(str(cell)) <= column.width


def test_layout_drops_secondary_columns_before_cutting_the_rest() -> None:
    columns = [Col("name", "Name", shrink=10), Col("cert", "Certificate"),
               Col("spot", "Last spot check"), Col("role", "Role", drop=1),
               Col("dept", "Department", shrink=10, drop=2)]
    natural = [16, 19, 15, 15, 22]
    # Everything fits: every column whole.
    assert layout(columns, natural, 200, 2) == natural
    # 80 columns: the department goes, then the role; the name gives a cell.
    assert layout(columns, natural, 55, 2) == [15, 19, 15, 0, 0]
    # The long texts are cut down to their minimum before a state or a date is.
    assert layout(columns, natural, 90, 2) == [16, 19, 15, 15, 15]
    # Narrower than every minimum: still never wider than the room.
    widths = layout(columns, natural, 30, 2)
    assert sum(w + 2 for w in widths if w) <= 30
    assert all(w >= 3 for w in widths if w)


def test_a_cjk_cell_is_cut_on_display_width() -> None:
    from rich.text import Text

    from crmgov.tui.widgets.fit_table import _cut

    for width in (5, 6, 7, 8):
        cut = _cut("客户主数据重复检查", width, "left")
        assert cell_len(cut.plain) <= width
        assert cut.plain.endswith("…")
        styled = _cut(Text("客户主数据重复检查", style="red"), width, "left")
        assert cell_len(styled.plain) <= width and styled.plain.endswith("…")


async def test_a_table_in_a_hidden_tab_fits_once_shown(demo_app) -> None:
    """The SOP versions table is filled while its tab is hidden (no size yet): it lays
    itself out when the tab shows it."""
    from textual.widgets import TabbedContent

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        demo_app.screen.query_one("#sop-tabs", TabbedContent).active = "tab-versions"
        await settle(pilot)
        table = demo_app.screen.query_one("#versions-table", DataTable)
        assert table.region.area and table.row_count
        assert not table_faults(table)
