"""The plan area driven through the TUI: the demo plan, the dashboard's figures leading to
it, commenting, answering, accepting and signing, the blind spots and the owner view."""

from __future__ import annotations

from crmgov.tui.dialogs.form import FormDialog
from tests.tui.conftest import settle


def plan_screen(app):
    return app.area_screens["plan"]


async def open_plan(pilot) -> None:
    await settle(pilot)
    await pilot.press("l")
    await settle(pilot)


async def test_the_demo_plan_by_year_and_quarter(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        screen = plan_screen(demo_app)
        assert screen.shown_count() == 15
        years = [(i.year, i.quarter or 5) for i in screen._shown_items]
        assert years == sorted(years)
        summary = str(screen.query_one("#plan-summary").render())
        assert "2 blind spot(s)" in summary and "signed v1, 3 change(s) since" in summary


async def test_dashboard_figures_open_a_view_of_that_many_rows(demo_app) -> None:
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        dash = demo_app.screen
        status = dash._shown.status["plan"]
        for fid, key in (("plan-reviewed", "reviewed"), ("plan-done", "done")):
            await pilot.press("d")
            await settle(pilot)
            board = demo_app.screen.query_one("ReadinessBoard")
            assert board.select_item(fid)
            await pilot.press("enter")
            await settle(pilot)
            assert demo_app.current_mode == "plan"
            screen = plan_screen(demo_app)
            assert screen.quick_filter == key
            assert screen.shown_count() == status[key] > 0


async def test_comment_answer_resolve_and_accept(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        screen = plan_screen(demo_app)
        first = screen.selected_id()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(demo_app.screen, FormDialog)
        await pilot.click("#field-text")
        await pilot.press(*"Why Q1?")
        await pilot.press("ctrl+s")
        await settle(pilot)
        demo_store.refresh()
        threads = demo_store.get("plan", first).comments
        assert threads[-1].text == "Why Q1?" and threads[-1].state.value == "open"
        # Answer it: the dialog offers the open threads of the item and of the plan.
        await pilot.press("n")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FormDialog)
        select = form.query_one("#field-thread")
        select.value = f"{first}:{len(threads)}"
        await pilot.click("#field-text")
        await pilot.press(*"Budget")
        await pilot.press("ctrl+s")
        await settle(pilot)
        demo_store.refresh()
        assert demo_store.get("plan", first).comments[-1].state.value == "answered"
        await pilot.press("x")
        await pilot.pause()
        demo_app.screen.query_one("#field-thread").value = f"{first}:{len(threads)}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        demo_store.refresh()
        assert demo_store.get("plan", first).comments[-1].state.value == "resolved"
        # Item #2 (changed since signing) is accepted with y.
        table = screen.query_one("#plan-table")
        table.move_cursor(row=[i.id for i in screen._shown_items].index(2))
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        demo_store.refresh()
        assert demo_store.get("plan", 2).verdict.value == "accepted"


async def sign(pilot, role: str):
    app = pilot.app
    await pilot.press("S")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, FormDialog)
    form.query_one("#field-role").value = role
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form


async def test_sign_off_is_refused_with_the_reason_then_freezes(demo_app) -> None:
    from crmgov.services.plan import review
    from tests.conftest import FIXED_NOW

    async with demo_app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        store = demo_app.store
        project = store.project
        form = await sign(pilot, "consultant")
        assert "only Chen Hui signs" in str(form.query_one("#error-role").render())
        await pilot.press("escape")
        store.actor = project.consultant
        form = await sign(pilot, "consultant")
        error = str(form.query_one("#error-role").render())
        assert "cannot sign yet" in error and "not accepted yet" in error
        await pilot.press("escape")
        # Settle the review (through the same services), then both sign in the TUI.
        for item in store.all("plan"):
            for n, t in enumerate(item.comments, 1):
                if t.state.value != "resolved":
                    review.resolve(store, item.id, n, FIXED_NOW)
            if item.verdict is None or item.verdict.value != "accepted":
                review.judge(store, item.id, "accepted", FIXED_NOW)
        for n, t in enumerate(review.get_review(store).threads, 1):
            if t.state.value != "resolved":
                review.resolve(store, None, n, FIXED_NOW)
        demo_app.data_changed()
        await settle(pilot)
        await sign(pilot, "consultant")
        assert demo_app.screen is plan_screen(demo_app)
        store.actor = project.internal_owner
        await sign(pilot, "owner")
        latest = review.get_review(store).latest
        assert latest is not None and latest.number == 2
        assert review.changes_since_signed(store) == (2, [])
        assert "signed v2, 0 change(s) since" in str(
            plan_screen(demo_app).query_one("#plan-summary").render())


async def test_blind_spots_and_owner_readiness_views(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("k")
        await pilot.pause()
        assert demo_app.screen.rows == 2
        await pilot.press("escape")
        await pilot.press("O")
        await settle(pilot)
        owner = demo_app.screen
        assert owner.state is not None and round(owner.state.figure, 2) == 0.61
        assert owner.query_one("#owner-table").row_count == 9
        await pilot.press("escape")
        await pilot.pause()
        assert demo_app.screen is plan_screen(demo_app)


async def test_a_gap_becomes_a_plan_item_from_the_owner_view(demo_app) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        before = plan_screen(demo_app).shown_count()
        await pilot.press("O")
        await settle(pilot)
        owner = demo_app.screen
        lines = [x.id for x in owner.state.lines]
        owner.query_one("#owner-table").move_cursor(row=lines.index("integrations"))
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(demo_app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert demo_app.screen is owner
        assert owner.state.assessments["integrations"].plan_item_id is not None
        await pilot.press("escape")
        await settle(pilot)
        assert plan_screen(demo_app).shown_count() == before + 1


async def test_dashboard_shows_done_against_time_after_go_live(demo_store) -> None:
    from datetime import date

    from crmgov.tui.dashboard.screen import DashboardData, cards
    from tests.conftest import FIXED_NOW

    with demo_store.transaction("test") as txn:
        txn.set_project(demo_store.project.model_copy(
            update={"go_live_target": date(2026, 1, 1)}))
    from crmgov.services.status.summary import project_status

    status = project_status(demo_store, FIXED_NOW).to_json()
    plan_card = next(c for c in cards(DashboardData(status, FIXED_NOW.date())) if c.id == "plan")
    progress = next(i for i in plan_card.items if i.id == "plan-progress")
    assert progress.value == "7%/30%" and progress.tone == "bad"


async def test_the_plan_report_is_written_from_the_tui(demo_app, demo_store) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("R")
        await pilot.pause()
        demo_app.screen.query_one("#field-format").value = "docx"
        await pilot.press("ctrl+s")
        await settle(pilot)
        written = demo_store.path.parent / "plan-report.docx"
        assert written.read_bytes()[:2] == b"PK"
