"""README's TUI key table is one true table (issue 22, item 24: it repeated rows, a second
copy without `D`, and Staff `K` twice): no row twice, every key it names is bound where it
says, and every key an area's screen binds is in the table."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TUI = ROOT / "crmgov" / "tui"

#: The row prefix -> the modules whose BINDINGS those keys are.
AREAS: dict[str, list[str]] = {
    "": ["app.py", "areas.py"],
    "Dashboard": ["widgets/board.py"],
    "Issues": ["issues/screen.py", "widgets/virtual_table.py"],
    "One issue (Enter)": ["issues/detail.py"],
    "Data": ["quality/screen.py"],
    "Phases": ["phases/screen.py"],
    "Phases (gate)": ["phases/screen.py"],
    "Staff": ["certification/screen.py"],
    "Plan": ["plan/screen.py"],
    "Owner readiness": ["plan/owner.py"],
    "Handover": ["handover/screen.py"],
    "SOPs": ["sops/screen.py"],
}
#: How Textual names a key -> how the README writes it.
SHOWN = {"slash": "/", "question_mark": "?", "enter": "Enter", "escape": "Esc", "tab": "Tab"}
#: Moving the cursor: described in words ("arrows"), not listed key by key.
MOVES = {"up", "down", "left", "right", "pageup", "pagedown", "home", "end", "shift+tab"}


def key_table() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## In the TUI", 1)[1].split("\n\n", 2)[1]
    rows = [line for line in block.splitlines() if line.startswith("| ")]
    assert rows[0] == "| key | area / action |"
    assert rows[1] == "| --- | --- |"
    return [row.split(" | ", 1)[0][2:] for row in rows[2:]]


def split(cell: str) -> tuple[str, set[str]]:
    area = next((a for a in sorted(AREAS, key=len, reverse=True)
                 if a and cell.startswith(a + ": ")), "")
    keys = cell[len(area) + 2:] if area else cell
    found = set(re.findall(r"`([^`]+)`", keys))
    if "`1`–`8`" in keys:
        found |= {str(n) for n in range(1, 9)}
    return area, found


def bound(modules: list[str]) -> set[str]:
    keys: set[str] = set()
    for module in modules:
        source = (TUI / module).read_text(encoding="utf-8")
        for spec in re.findall(r'Binding\(\s*"([^"]+)"', source):
            keys |= {SHOWN.get(k, k) for k in spec.split(",")}
        if module == "areas.py":
            keys |= set(re.findall(r'^\s+"(\w)",\n\s+"crmgov\.tui', source, re.M))
        if module == "widgets/virtual_table.py":
            keys |= {str(n) for n in range(1, 9)}
    return keys - MOVES


def test_no_row_twice() -> None:
    cells = key_table()
    assert len(cells) == len(set(cells)), sorted(c for c in cells if cells.count(c) > 1)
    seen: dict[tuple[str, str], str] = {}
    for cell in cells:
        area, keys = split(cell)
        for key in keys:
            assert (area, key) not in seen, f"{area}: `{key}` in two rows"
            seen[area, key] = cell


def test_every_key_in_the_table_is_bound_where_it_says() -> None:
    for cell in key_table():
        area, keys = split(cell)
        assert area in AREAS, cell
        missing = keys - bound(AREAS[area]) - {"ctrl+p"}  # Textual's own palette key
        assert not missing, f"{cell}: not bound: {sorted(missing)}"


def test_every_key_an_area_binds_is_in_the_table() -> None:
    listed: dict[str, set[str]] = {}
    for cell in key_table():
        area, keys = split(cell)
        listed.setdefault(area, set()).update(keys)
    # The gate keys live on the phases screen as well: one area, two rows.
    listed["Phases"] |= listed.pop("Phases (gate)")
    for area, modules in AREAS.items():
        if area == "Phases (gate)":
            continue
        extra = bound(modules) - listed[area]
        if area == "Issues":
            extra -= {"Enter"}  # opens "One issue (Enter)", its own row
        assert not extra, f"{area}: bound but not in README: {sorted(extra)}"
