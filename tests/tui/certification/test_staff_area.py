"""The Staff & certification area: person detail, add and leave through forms, access list,
question bank browser (mark reviewed), quiz definitions."""

from __future__ import annotations

from crmgov.tui.certification.views import BankBrowser, TextView
from crmgov.tui.dialogs.form import FormDialog
from tests.tui.conftest import settle


async def open_staff(pilot):
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    return pilot.app.screen


async def test_detail_access_list_and_quizzes(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff(pilot)
        assert screen.AREA == "staff"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, TextView)
        assert "Quiz attempts" in demo_app.screen.text
        await pilot.press("escape")
        await pilot.press("c")
        await pilot.pause()
        assert "may work in the CRM today" in demo_app.screen.text
        assert "Department" in demo_app.screen.text
        await pilot.press("escape", "z")
        await pilot.pause()
        assert "sales-basic" in demo_app.screen.text


async def test_add_then_leave_a_person(demo_app, demo_store):
    before = demo_store.count("staff")
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(demo_app.screen, FormDialog)
        demo_app.screen.query_one("#field-name").focus()
        for ch in "Zoe New":
            await pilot.press("space" if ch == " " else ch)
        await pilot.press("ctrl+s")
        await settle(pilot)
        if demo_app.screen is not screen:
            errors = [str(w.render()) for w in demo_app.screen.query(".field-error")]
            raise AssertionError((demo_app.screen.values(), errors))
        demo_app.store.refresh()
        assert demo_app.store.count("staff") == before + 1
        added = max(demo_app.store.all("staff"), key=lambda p: p.id)
        assert added.name == "Zoe New"
        assert "8 must (re)certify" in str(screen.query_one("#staff-summary").render())
        screen.query_one("#staff-filter").value = "Zoe"
        await settle(pilot)
        screen.query_one("#staff-table").focus()
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not demo_app.store.get("staff", added.id).active
        assert "7 must (re)certify" in str(screen.query_one("#staff-summary").render())


async def test_bank_browser_marks_reviewed(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_staff(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(demo_app.screen, BankBrowser)
        flagged = next(q for q in demo_app.store.all("questions") if q.needs_review)
        table = demo_app.screen.query_one("#bank-table")
        table.move_cursor(row=table.get_row_index(flagged.code))
        await pilot.press("v")
        await settle(pilot)
        assert not demo_app.store.get("questions", flagged.id).needs_review
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(demo_app.screen, TextView)


async def test_bank_export_and_print_certificate(demo_app, tmp_path):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        screen = await open_staff(pilot)
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-path").value = str(tmp_path / "bank.toml")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (tmp_path / "bank.toml").read_text(encoding="utf-8").count("[[question]]") >= 60
        await pilot.press("escape")
        await pilot.pause()
        assert demo_app.screen is screen
        screen.query_one("#staff-table").focus()
        await pilot.press("P")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-path").value = str(tmp_path / "cert.html")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (tmp_path / "cert.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


async def test_revise_a_question_adds_a_version(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await open_staff(pilot)
        await pilot.press("b")
        await pilot.pause()
        table = demo_app.screen.query_one("#bank-table")
        table.move_cursor(row=table.get_row_index("SYS-ACC-01"))
        await pilot.press("e")
        await pilot.pause()
        form = demo_app.screen
        assert isinstance(form, FormDialog)
        form.query_one("#field-en").value = "Before creating an account, what do you check?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        q = next(q for q in demo_app.store.all("questions") if q.code == "SYS-ACC-01")
        assert [v.version for v in q.versions] == [1, 2]
        assert q.version(1).prompt.en != q.current.prompt.en
