"""The quiz kiosk: isolation (every key tried, nothing else reached), the answer key never
painted (every frame checked), answers saved as given, resume, time running out."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta

import pytest

from crmgov.services.certification import quiz as Q
from crmgov.tui.certification.kiosk import (
    KioskApp,
    MessageScreen,
    QuestionScreen,
    make_kiosk,
)
from tests.unit.certification.factory import RIGHT, right_positions, seed_store

START = datetime(2026, 11, 23, 9, 0)


class Clock:
    def __init__(self) -> None:
        self.at = START

    def __call__(self) -> datetime:
        return self.at


async def until(pilot, condition, rounds: int = 200) -> None:
    for _round in range(rounds):
        await pilot.pause()
        if condition():
            return
    raise AssertionError("condition not reached")


def frame(app: KioskApp) -> str:
    """What the terminal shows (the SVG screenshot's text, tags removed)."""
    svg = app.export_screenshot()
    text = re.sub(r"<style.*?</style>|<[^>]+>", "", svg, flags=re.S)
    return html.unescape(text).replace("\xa0", " ")


def kiosk_screens(app: KioskApp) -> bool:
    return all(type(s).__name__ in ("QuestionScreen", "MessageScreen", "ConfirmDialog", "Screen")
               for s in app.screen_stack)


async def test_answers_saved_and_no_key_in_any_frame(empty_store):
    ids = seed_store(empty_store)
    clock = Clock()
    app = make_kiosk(empty_store, ids[0], None, clock, "en")
    frames = []
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        frames.append(frame(app))
        assert "1 / 8" in frames[-1]
        keys = right_positions(empty_store, app.attempt_id)
        for right in keys:
            for k in right:
                await pilot.press(str(k + 1))
                frames.append(frame(app))
            await pilot.press("right")
            frames.append(frame(app))
        await until(pilot, lambda: app.saved == sum(len(k) for k in keys))
        attempt = empty_store.get("quiz_attempts", app.attempt_id)
        assert all(i.answer for i in attempt.items)
        await pilot.press("s")
        frames.append(frame(app))
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        frames.append(frame(app))
        assert "PASSED" in frames[-1] and "CERT-2026-0001" in frames[-1]
        for key in ("down", "pagedown"):
            await pilot.press(key)
            frames.append(frame(app))
    for f in frames:
        assert RIGHT not in f
    assert empty_store.count("certifications") == 1


async def test_every_key_stays_in_the_kiosk(empty_store):
    ids = seed_store(empty_store)
    app = make_kiosk(empty_store, ids[0], None, Clock(), "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        for key in [*"dpisolh?tr", "ctrl+p", "tab", "escape", "f1", "ctrl+s", "colon", "A",
                    "u", "x", "k", "slash"]:
            await pilot.press(key)
            await pilot.pause()
            assert kiosk_screens(app), key
            assert RIGHT not in frame(app)
        assert not app.ENABLE_COMMAND_PALETTE
        await pilot.press("q")
        await pilot.press("n")  # asked, and stayed
        assert isinstance(app.screen, QuestionScreen)


async def test_quit_then_resume_in_chinese(empty_store):
    ids = seed_store(empty_store)
    clock = Clock()
    app = make_kiosk(empty_store, ids[0], None, clock, "zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert "问题" in frame(app)
        await pilot.press("1")
        await until(pilot, lambda: app.saved == 1)
        first = app.attempt_id
        await pilot.press("q", "y")
    clock.at += timedelta(minutes=5)
    again = make_kiosk(empty_store, ids[0], None, clock, "en")
    async with again.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(again.screen, QuestionScreen))
        assert again.attempt_id == first
        text = frame(again)
        assert "问题" in text  # the attempt keeps its language
        assert "15:00" in text or "answered 1" in text


async def test_time_running_out_submits(empty_store):
    ids = seed_store(empty_store)
    clock = Clock()
    app = make_kiosk(empty_store, ids[0], None, clock, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        clock.at += timedelta(minutes=21)
        app.screen.tick()
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        assert "Time ran out" in frame(app)
    result = Q.attempt_result(empty_store, app.attempt_id)
    assert result.timed_out and not result.passed


async def test_refusal_is_one_screen(empty_store):
    ids = seed_store(empty_store, training_topics=["sales"])
    app = make_kiosk(empty_store, ids[0], None, Clock(), "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        assert "training required first" in frame(app)
        await pilot.press("q")
    assert app.return_code == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_kiosk_names_topics_in_the_takers_language(demo_store, lang):
    """Every question's header names its topic as the browser quiz does ("Reports", "报表"),
    never the bank's code ("reports", "service")."""
    from crmgov.domain.certification.topics import TOPIC_NAMES
    from crmgov.i18n import load_catalog, set_language
    from tests.conftest import fixed_clock

    set_language(lang)
    catalog = load_catalog("zh") if lang == "zh" else {}
    # Ye Zi: a trained sales new hire, not yet tested (as in the kiosk snapshot).
    app = make_kiosk(demo_store, 39, None, fixed_clock, lang, seed=11)
    heads = []
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        screen = app.screen
        for position in range(len(screen.view.questions)):
            screen.position = position
            screen.show_question()
            heads.append(str(screen.query_one("#kiosk-question").render()).split("\n")[0])
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, MessageScreen))
        result = frame(app)
    set_language("en")
    # Nothing answered: every topic is to reread, each by its name.
    reread = [line.strip() for line in result.splitlines() if "(0/" in line or "（0/" in line]
    assert reread, result
    for line in reread:
        name = line.split("（" if lang == "zh" else " (")[0]
        assert name in {catalog.get(n, n) for n in TOPIC_NAMES.values()}, line
    assert heads
    topics = [head.split(" · ")[1] for head in heads]
    names = {catalog.get(name, name) for name in TOPIC_NAMES.values()}
    assert not set(topics) & set(TOPIC_NAMES), topics
    assert set(topics) <= names, topics
