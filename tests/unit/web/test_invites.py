"""Invitations: the rules, the service, and `crmgov quiz invite/revoke/invites`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.cli import main
from crmgov.domain.web.invite import (
    Invitation,
    InviteState,
    hash_token,
    parse_validity,
)
from crmgov.services.web import invites

NOW = datetime(2026, 11, 23, 9, 30)


def _inv(**kw: object) -> Invitation:
    values: dict[str, object] = dict(staff_id=1, quiz=QUIZ, token_hash=hash_token("t"),
                                     created_at=NOW, expires_at=NOW + timedelta(days=1))
    values.update(kw)
    return Invitation(**values)


def test_states_in_order_of_precedence() -> None:
    assert _inv().state(NOW) is InviteState.OPEN
    assert _inv().state(NOW + timedelta(days=1)) is InviteState.EXPIRED
    assert _inv(used_at=NOW).state(NOW) is InviteState.USED
    assert _inv(used_at=NOW, revoked_at=NOW).state(NOW) is InviteState.REVOKED


@pytest.mark.parametrize(("text", "delta"), [
    ("7d", timedelta(days=7)), ("12h", timedelta(hours=12)), (" 2W ", timedelta(weeks=2)),
    ("90m", timedelta(minutes=90)),
])
def test_validity(text: str, delta: timedelta) -> None:
    assert parse_validity(text) == delta


@pytest.mark.parametrize("text", ["", "7", "d", "7y", "5m", "91d", "-1d", "1.5d"])
def test_bad_validity_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=repr(text).replace("[", r"\[")):
        parse_validity(text)


@given(st.text(min_size=1, max_size=60))
def test_hash_is_hex_sha256_and_distinguishes(token: str) -> None:
    digest = hash_token(token)
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert hash_token(token + "x") != digest


@pytest.fixture
def store(tmp_path: Path):
    return quiz_project(tmp_path / "p.json", takers=3)


def test_issue_admit_use(store) -> None:
    people = [store.get("staff", 1), store.get("staff", 2)]
    issued = invites.issue(store, people, {1: QUIZ, 2: QUIZ}, timedelta(days=7), NOW)
    assert [i.person.name for i in issued] == ["Taker 1", "Taker 2"]
    one = issued[0]
    assert one.link("http://10.0.0.5:8080/") == f"http://10.0.0.5:8080/i/{one.token}"
    assert invites.admit(store, one.token, NOW) == one.invitation
    assert invites.admit(store, one.token, NOW + timedelta(days=7)) is None
    assert invites.admit(store, "", NOW) is None
    assert invites.admit(store, "y" * 500, NOW) is None
    invites.mark_used(store, one.invitation.id, NOW)
    assert invites.admit(store, one.token, NOW) is None
    assert invites.admit(store, issued[1].token, NOW) is not None


def test_revoke_by_number_and_by_name(store) -> None:
    people = [store.get("staff", 1)]
    first, = invites.issue(store, people, {1: QUIZ}, timedelta(days=7), NOW)
    second, = invites.issue(store, people, {1: QUIZ}, timedelta(days=7), NOW)
    [done] = invites.revoke(store, f"#{first.invitation.id}", NOW)
    assert done.revoked_at == NOW
    with pytest.raises(invites.InviteError, match="no longer open"):
        invites.revoke(store, str(first.invitation.id), NOW)
    assert [i.id for i in invites.revoke(store, "taker 1", NOW)] == [second.invitation.id]
    with pytest.raises(invites.InviteError, match="no open invitation"):
        invites.revoke(store, "Taker 1", NOW)
    with pytest.raises(invites.InviteError, match="Nobody"):
        invites.revoke(store, "Nobody", NOW)


def test_resolve_invitees(store) -> None:
    people, quiz_for = invites.resolve_invitees(store, ["Taker 1", "2", "taker 1"], None)
    assert [p.id for p in people] == [1, 2] and quiz_for == {1: QUIZ, 2: QUIZ}
    with pytest.raises(invites.InviteError, match="no quiz nope"):
        invites.resolve_invitees(store, ["Taker 1"], "nope")


# ------------------------------------------------------------------------------ CLI
def test_cli_invite_prints_link_and_qr(store, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--project", str(store.path), "quiz", "invite", "Taker 1", "Taker 2",
                 "--valid", "3d", "--url", "http://10.1.2.3:8080"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.count("http://10.1.2.3:8080/i/") == 2
    assert "Invitation 1: Taker 1, quiz new-hire, valid until" in out
    assert "█" in out or "▀" in out  # the QR codes, drawn with half blocks
    store.refresh()
    assert [i.staff_id for i in store.all("invitations")] == [1, 2]


def test_cli_invite_json_and_listing(store, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(store.path), "quiz", "invite", "3", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["name"] == "Taker 3" and row["link"].startswith("http://127.0.0.1:8080/i/")
    assert main(["--project", str(store.path), "quiz", "invites", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["state"] == "open" and "link" not in listed and "token_hash" not in listed
    assert main(["--project", str(store.path), "quiz", "revoke", "Taker 3"]) == 0
    assert "revoked invitation 1" in capsys.readouterr().out
    assert main(["--project", str(store.path), "--lang", "zh", "quiz", "invites"]) == 0
    assert "Taker 3，测验 new-hire：链接已撤销" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (["Nobody"], "no staff member named or numbered Nobody"),
    (["Taker 1", "--valid", "forever"], "--valid: 'forever': give a number"),
    (["Taker 1", "--quiz", "nope"], "no quiz nope"),
])
def test_cli_invite_bad_input_is_one_line_exit_2(
    store, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = store.path.read_bytes()
    assert main(["--project", str(store.path), "quiz", "invite", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert store.path.read_bytes() == before


def test_cli_help_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, text in (("en", "QR code"), ("zh", "二维码")):
        assert main(["--lang", lang, "quiz", "--help"]) == 0
        assert text in capsys.readouterr().out
        assert main(["--lang", lang, "serve", "--help"]) == 0
        assert "--public-url" in capsys.readouterr().out


def test_quiz_invite_lives_beside_the_kiosk(store, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """`quiz --staff NAME` is certification's kiosk; `quiz invite` must not need --staff,
    and the kiosk still must."""
    assert main(["--project", str(store.path), "quiz", "invite", "Taker 1", "--no-qr"]) == 0
    assert "/i/" in capsys.readouterr().out
    assert main(["--project", str(store.path), "quiz"]) == 2
    assert "the following arguments are required: --staff" in capsys.readouterr().err
    opened = []
    monkeypatch.setattr("crmgov.tui.certification.kiosk.make_kiosk",
                        lambda *a, **k: opened.append(a) or type("App", (), {
                            "run": lambda self: 0})())
    main(["--project", str(store.path), "quiz", "--staff", "Taker 2"])
    assert opened and opened[0][1] == 2  # the kiosk was asked for Taker 2


def test_the_demo_has_invitations_in_every_state(demo_store) -> None:
    states = {str(inv.state(NOW)) for inv in demo_store.all("invitations")}
    assert states == {"open", "used", "expired", "revoked"}
    used = [inv for inv in demo_store.all("invitations") if inv.attempt_id]
    assert all(demo_store.get("quiz_attempts", inv.attempt_id).staff_id == inv.staff_id
               for inv in used)


# ------------------------------------------------- people who cannot sit get no link
def _needs_training(store, *topics: str) -> None:
    [definition] = store.all("quizzes")
    with store.transaction("test") as txn:
        txn.update("quizzes", definition.model_copy(update={"training_topics": list(topics)}))


def _fail_until_cooldown(store, staff_id: int) -> None:
    from crmgov.config import now
    from crmgov.services.certification.quiz import start_attempt, submit_attempt

    [definition] = store.all("quizzes")
    for _n in range(definition.attempt_limit):
        attempt = start_attempt(store, staff_id, QUIZ, now())
        submit_attempt(store, attempt.attempt_id, now())  # nothing answered: failed


def test_held_back_names_training_and_cooldown(store) -> None:
    from crmgov.config import now

    _fail_until_cooldown(store, 2)
    _needs_training(store, "service")
    people, quiz_for = invites.resolve_invitees(store, ["Taker 1", "Taker 2"], None)
    held = invites.held_back(store, people, quiz_for, now())
    assert [(h.person.name, h.quiz) for h in held] == [("Taker 1", QUIZ), ("Taker 2", QUIZ)]
    assert "training" in held[0].reason and "service" in held[0].reason
    assert "next attempt from" in held[1].reason


def test_cli_invite_warns_and_skips_who_cannot_sit(store, capsys) -> None:
    _needs_training(store, "service")
    with store.transaction("test") as txn:  # Taker 3 attended it: only 1 and 2 lack it
        from crmgov.config import now
        from crmgov.domain.certification.training import TrainingSession

        txn.insert("training", TrainingSession(topic="service", held_on=now().date(),
                                               trainer="T", attendees=[3]))
    code = main(["--project", str(store.path), "quiz", "invite", "Taker 1", "Taker 3",
                 "--no-qr"])
    captured = capsys.readouterr()
    assert code == 0
    assert "no link for Taker 1 (quiz new-hire): training required first" in captured.err
    assert "1 of 2 invited" in captured.err and "--anyway" in captured.err
    assert captured.out.count("/i/") == 1 and "Taker 3" in captured.out
    store.refresh()
    assert [i.staff_id for i in store.all("invitations")] == [3]


def test_cli_invite_nobody_able_exits_1_and_issues_nothing(store, capsys) -> None:
    _fail_until_cooldown(store, 2)
    _needs_training(store, "service")
    code = main(["--project", str(store.path), "quiz", "invite", "Taker 1", "2", "--no-qr"])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert "Taker 1" in captured.err and "Taker 2" in captured.err
    assert "next attempt from" in captured.err and "nobody was invited" in captured.err
    assert "Traceback" not in captured.err
    store.refresh()
    assert store.all("invitations") == []
    # --anyway: both get a link all the same.
    assert main(["--project", str(store.path), "quiz", "invite", "Taker 1", "2", "--no-qr",
                 "--anyway"]) == 0
    store.refresh()
    assert len(store.all("invitations")) == 2
    assert main(["--project", str(store.path), "--lang", "zh", "quiz", "invite", "Taker 1",
                 "--no-qr"]) == 1
    assert "未给 Taker 1 发链接" in capsys.readouterr().err


def test_one_word_for_a_revoked_invitation_everywhere() -> None:
    from crmgov.i18n import load_catalog

    assert invites.STATE_LABELS["revoked"] == "link revoked"
    zh = load_catalog("zh")
    assert zh["link revoked"] == "链接已撤销"
    import crmgov.cli.web as cli_web
    import crmgov.tui.certification.invite as tui_invite
    import crmgov.tui.commands as palette

    for module in (cli_web, tui_invite, palette, invites):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "withdr" not in source.lower(), module.__name__
