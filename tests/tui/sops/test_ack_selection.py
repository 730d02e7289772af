"""Acknowledgements are for the version in force (issue 22, item 20): `sop pending-acks`
named v2 (in review) of SOP-SVC-02 while v1 is in force; and the SOPs screen kept the
cursor's row number, not the SOP, after an acknowledgement."""

from __future__ import annotations

import json

import pytest
from textual.widgets import DataTable

from crmgov.cli import main
from crmgov.storage.store import ProjectStore
from tests.tui.conftest import settle


def test_pending_acks_names_the_version_in_force(
    demo_store: ProjectStore, capsys: pytest.CaptureFixture[str]
) -> None:
    sop = next(s for s in demo_store.all("sops") if s.code == "SOP-SVC-02")
    assert sop.current.version == 1 and sop.latest.version == 2  # v2 is in review
    main(["--project", str(demo_store.path), "sop", "pending-acks"])
    lines = capsys.readouterr().out.splitlines()
    line = next(x for x in lines if x.startswith("SOP-SVC-02"))
    assert line.startswith("SOP-SVC-02 v1: ")
    for text in lines:  # every line names the version in force
        code, version = text.split(":")[0].split()
        found = next(s for s in demo_store.all("sops") if s.code == code)
        assert version == f"v{found.current.version}"
    main(["--project", str(demo_store.path), "sop", "pending-acks", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert next(d for d in data if d["code"] == "SOP-SVC-02")["version"] == 1


def codes(app) -> list[str]:
    table = app.screen.query_one("#sops-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


@pytest.mark.parametrize("view", ["all", "unacknowledged"])
async def test_the_cursor_stays_on_the_acknowledged_sop(demo_app, demo_store, view) -> None:
    from crmgov.services.sops.queries import pending_acks

    # An SOP one person still has to read: after that ack it leaves "unacknowledged".
    sop, people = next((s, p) for s, p in pending_acks(demo_store) if len(p) == 1)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = demo_app.screen
        screen.apply_quick_filter(view)
        await settle(pilot)
        table = screen.query_one("#sops-table", DataTable)
        before = codes(demo_app)
        table.move_cursor(row=before.index(sop.code))
        await pilot.pause()
        # Another SOP's change moves the rows: the cursor follows the SOP, not the row.
        await pilot.press("k")
        await pilot.pause()
        demo_app.screen.query_one("#field-staff").value = people[0].name
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is screen
        after = codes(demo_app)
        if sop.code in after:
            assert screen.selected().code == sop.code
            assert after[table.cursor_row] == sop.code
        else:  # it left the filtered list: the cursor goes to the SOP that followed it
            following = before[before.index(sop.code) + 1:]
            expected = next((c for c in following if c in after), after[-1] if after else None)
            assert screen.selected().code == expected
        # The detail pane shows the selected SOP.
        assert screen.query_one("#sop-detail").border_title.startswith(screen.selected().code)
