"""Inviting from the TUI: the command palette, the form, then links and QR codes."""

from __future__ import annotations

from crmgov.tui.certification.invite import InviteLinks, split_names
from crmgov.tui.dialogs.form import FormDialog
from tests.tui.conftest import build_app, fill, opened, save, settle


def test_split_names() -> None:
    assert split_names("Wang Fang, Li Na") == ["Wang Fang", "Li Na"]
    assert split_names("王芳、李娜，张伟\n3") == ["王芳", "李娜", "张伟", "3"]


async def test_invite_from_the_command_palette(quiz_store) -> None:
    app = build_app(quiz_store.path)
    async with opened(app, size=(100, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Invite to the browser")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await fill(pilot, {"people": "Taker 1, Nobody"})
        await save(pilot)
        assert isinstance(app.screen, FormDialog)  # refused: nobody is invited
        assert "Nobody" in str(app.screen.query_one("#error-general").render())
        assert app.store.all("invitations") == []
        await fill(pilot, {"people": "Taker 1、2"})
        await save(pilot)
        assert isinstance(app.screen, InviteLinks)
        text = "\n".join(str(w.render()) for w in app.screen.query(".invite-link"))
        assert text.count("http://127.0.0.1:8080/i/") == 2
        assert [i.staff_id for i in app.store.all("invitations")] == [1, 2]
        qr = str(app.screen.query(".invite-qr").first().render())
        assert "▀" in qr or "▄" in qr
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, InviteLinks)


async def test_list_and_withdraw_from_the_tui(quiz_store) -> None:
    from datetime import timedelta

    from textual.widgets import DataTable

    from benchmarks.quiz_fixture import QUIZ
    from crmgov.services.web.invites import issue
    from crmgov.tui.certification.invite import InviteList, open_invite_list, open_revoke
    from tests.conftest import FIXED_NOW

    store = quiz_store
    issue(store, [store.get("staff", 1)], {1: QUIZ}, timedelta(days=7), FIXED_NOW)
    app = build_app(store.path)
    async with opened(app, size=(100, 30)) as pilot:
        open_revoke(app)
        await settle(pilot)
        await fill(pilot, {"target": "Taker 1"})
        await save(pilot)
        assert not isinstance(app.screen, FormDialog)
        assert app.store.get("invitations", 1).revoked_at is not None
        open_invite_list(app)
        await settle(pilot)
        assert isinstance(app.screen, InviteList)
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)][1:4] == ["Taker 1", QUIZ, "link revoked"]


async def test_the_tui_invite_holds_back_who_cannot_sit(quiz_store) -> None:
    from textual.widgets import Checkbox

    from crmgov.tui.certification.invite import open_invite

    store = quiz_store
    [definition] = store.all("quizzes")
    with store.transaction("test") as txn:
        txn.update("quizzes", definition.model_copy(update={"training_topics": ["service"]}))
    app = build_app(store.path)
    async with opened(app, size=(100, 40)) as pilot:
        open_invite(app)
        await settle(pilot)
        await fill(pilot, {"people": "Taker 1, Taker 2"})
        await save(pilot)
        assert isinstance(app.screen, FormDialog)  # nobody could sit: no link at all
        error = str(app.screen.query_one("#error-general").render())
        assert "Taker 1" in error and "Taker 2" in error and "training" in error
        assert app.store.all("invitations") == []
        app.screen.query_one("#field-anyway", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InviteLinks)
        assert [i.staff_id for i in app.store.all("invitations")] == [1, 2]
