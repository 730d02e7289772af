"""Pilot tests of the SOPs area: dashboard figures open the matching list, approve,
acknowledge and diff through the keys; snapshots of the detail in en and zh."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static, TabbedContent

from crmgov.domain.enums import SOPStatus
from crmgov.storage.store import ProjectStore
from tests.tui.conftest import build_app, settle


def rows(app) -> list[str]:
    table = app.screen.query_one("#sops-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def pick(app, code: str) -> None:
    table = app.screen.query_one("#sops-table", DataTable)
    table.move_cursor(row=rows(app).index(code))


@pytest.mark.parametrize(("fid", "expected"), [
    ("sops-approved", lambda s: s.approved),
    ("sops-acked", lambda s: s.approved),
    ("sops-review", lambda s: s.review_overdue),
    ("blocker", lambda s: s.total - s.approved),
])
async def test_dashboard_sop_figures_open_the_matching_list(demo_app, demo_store, fid,
                                                            expected) -> None:
    from crmgov.services.status.summary import project_status
    from tests.tui.test_dashboard import board

    status = project_status(demo_store, demo_app.now())
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if fid == "blocker":
            items = [s.item for s in board(demo_app)._spots
                     if s.item.target == "sops" and s.item.id.startswith("blocker")]
            fid = items[0].id
        assert board(demo_app).select_item(fid)
        await pilot.press("enter")
        await settle(pilot)
        assert demo_app.current_mode == "sops"
        assert len(rows(demo_app)) == expected(status.sops) > 0


async def test_approve_and_acknowledge_from_the_keys(demo_store: ProjectStore) -> None:
    pm = demo_store.all("staff")[0].name  # the project manager approves SOP-SVC-02
    app = build_app(demo_store.path)
    app.store.actor = pm
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pick(app, "SOP-SVC-02")
        await pilot.press("a")
        await settle(pilot)
        sop = next(s for s in ProjectStore(demo_store.path, "t").all("sops")
                   if s.code == "SOP-SVC-02")
        assert sop.current is not None and sop.current.version == 2
        assert sop.versions[0].status is SOPStatus.SUPERSEDED
        reader = next(p for p in demo_store.all("staff")
                      if p.department == "Customer Service" and p.active
                      and p.role.value == "veteran")
        pick(app, "SOP-SVC-02")
        await pilot.press("k")
        await pilot.pause()
        app.screen.query_one("#field-staff").value = reader.name
        await pilot.press("ctrl+s")
        await settle(pilot)
        sop = next(s for s in ProjectStore(demo_store.path, "t").all("sops")
                   if s.code == "SOP-SVC-02")
        assert [a.staff_id for a in sop.acknowledgements if a.version == 2] == [reader.id]


async def test_approval_is_refused_for_someone_else(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pick(demo_app, "SOP-SVC-02")
        await pilot.press("a")
        await settle(pilot)
    sop = next(s for s in demo_store.all("sops") if s.code == "SOP-SVC-02")
    assert sop.latest is not None and sop.latest.status is SOPStatus.IN_REVIEW


async def test_diff_tab_shows_the_chosen_versions(demo_app) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pick(demo_app, "SOP-SAL-01")
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("ctrl+s")  # the default pair: v2 → v3
        await settle(pilot)
        assert demo_app.screen.query_one("#sop-tabs", TabbedContent).active == "tab-diff"
        text = demo_app.screen.query_one("#sop-diff", Static).render()
        plain = str(text)
        assert "v2 → v3" in plain and "entered on behalf of" in plain
        added = [s for s in text.spans if "green" in str(s.style)]
        assert added


def _detail(code: str):
    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pick(pilot.app, code)
        await settle(pilot)

    return run


def test_sop_detail_snapshot_en(snap_compare, demo_app) -> None:
    assert snap_compare(demo_app, terminal_size=(80, 24), run_before=_detail("SOP-SAL-01"))


def test_sop_detail_snapshot_zh(snap_compare, demo_app_zh) -> None:
    assert snap_compare(demo_app_zh, terminal_size=(80, 24), run_before=_detail("SOP-SAL-01"))


async def test_new_sop_then_edit_its_draft_in_the_editor(demo_app, demo_store) -> None:
    from textual.widgets import TextArea

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        demo_app.screen.query_one("#field-code").value = "SOP-SAL-05"
        demo_app.screen.query_one("#field-title").value = "Quote approval"
        demo_app.screen.query_one("#field-approver").value = "Someone Else"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "SOP-SAL-05" in rows(demo_app)
        pick(demo_app, "SOP-SAL-05")
        await pilot.press("e")
        await pilot.pause()
        editor = demo_app.screen.query_one("#draft-body", TextArea)
        editor.text = "Why.\n\n1. Create the quote in the CRM.\n2. Approve above 10% discount."
        await pilot.press("ctrl+s")
        await settle(pilot)
    sop = next(s for s in ProjectStore(demo_store.path, "t").all("sops")
               if s.code == "SOP-SAL-05")
    assert sop.latest is not None and sop.latest.step_ids == [1, 2]
    assert sop.latest.author == "tester"


async def test_revise_from_a_closed_issue(demo_app, demo_store) -> None:
    issue = next(i for i in demo_store.all("issues")
                 if not i.is_open and i.preventive_action and i.sop_id is None)
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pick(demo_app, "SOP-SAL-04")
        await pilot.press("v")
        await pilot.pause()
        demo_app.screen.query_one("#field-issue").value = str(issue.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
    sop = next(s for s in ProjectStore(demo_store.path, "t").all("sops")
               if s.code == "SOP-SAL-04")
    assert sop.latest is not None and sop.latest.status is SOPStatus.DRAFT
    assert sop.latest.because_of == [issue.id]
    assert ProjectStore(demo_store.path, "t").get("issues", issue.id).sop_id == sop.id


async def test_an_old_version_stays_readable(demo_app) -> None:
    from textual.widgets import Markdown

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        pick(demo_app, "SOP-SAL-01")
        await pilot.pause()
        tabs = demo_app.screen.query_one("#sop-tabs", TabbedContent)
        tabs.active = "tab-versions"
        await pilot.pause()
        versions = demo_app.screen.query_one("#versions-table", DataTable)
        versions.focus()
        versions.move_cursor(row=versions.row_count - 1)  # v1, the oldest
        await pilot.press("enter")
        await pilot.pause()
        assert tabs.active == "tab-body"
        source = demo_app.screen.query_one("#sop-body", Markdown).source
        assert source.startswith("**v1 · superseded**") and "by e-mail" in source
