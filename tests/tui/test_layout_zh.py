"""The phases detail panel in Chinese at 80x24 and 100x30: a ✓/✗ mark never stands alone
on a wrapped line (issue 22, item 22)."""

from __future__ import annotations

import pytest

from crmgov.textwidth import cell_len
from tests.tui.conftest import opened


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_1_plus_5_marks_stay_with_their_text(demo_app_zh, size) -> None:
    async with opened(demo_app_zh, "p", size=size):
        panel = demo_app_zh.screen.query_one("#phases-detail-text")
        width = panel.size.width
        # The lines as painted (render() would give the text before Textual wraps it).
        lines = [panel.render_line(y).text.rstrip() for y in range(panel.size.height)]
        assert any(line.lstrip().startswith(("✓", "✗")) for line in lines)
        assert all(line.strip() not in ("✓", "✗") for line in lines), lines
        assert all(cell_len(line) <= width for line in lines)


async def test_the_last_spot_check_column_is_whole_at_80_columns(demo_app_each_lang) -> None:
    from textual.widgets import DataTable

    app = demo_app_each_lang
    async with opened(app, "s"):
        table = app.screen.query_one("#staff-table", DataTable)
        right = 0
        for key, column in table.columns.items():
            right += column.get_render_width(table)
            if key.value == "spot":
                break
        assert right <= table.scrollable_content_region.width


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_sop_titles_are_cut_with_an_ellipsis_not_by_the_screen_edge(
    demo_app, size
) -> None:
    from textual.widgets import DataTable

    async with opened(demo_app, "o", size=size):
        table = demo_app.screen.query_one("#sops-table", DataTable)
        total = sum(column.get_render_width(table) for column in table.columns.values())
        assert total <= table.scrollable_content_region.width
        titles = [str(table.get_row_at(i)[-1]) for i in range(table.row_count)]
        assert any(title.endswith("…") for title in titles)
