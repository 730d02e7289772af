"""In Chromium, issue 22 item 8 as a new hire meets it: the language switch mid-quiz,
topic names, unticking every box, a bad form, a revoked link, a second invitation and
missing training."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.quiz_fixture import QUIZ, right_positions
from crmgov.domain.enums import QuestionKind
from tests.e2e.browser.conftest import (
    Served,
    answer,
    attempt_id,
    new_page,
    start_quiz,
)

pytestmark = pytest.mark.browser
RAW_TOPICS = re.compile(r"\b(accounts|quotes|leads|service)\b")


def test_switching_to_chinese_mid_quiz_switches_questions_and_topics(
    served: Served, browser: Any, shots: Path
) -> None:
    issued, context, page = start_quiz(served, browser)
    right = right_positions(served.quiz.store, attempt_id(served, issued.invitation.id))
    answer(page, right[0])
    assert "which is right?" in page.inner_text("legend")
    with page.expect_navigation():
        page.get_by_role("link", name="简体中文").click()
    assert page.url.endswith("/quiz/q/2")
    legend = page.inner_text("legend")
    assert "题目" in legend and "哪个正确" in legend and "which is right" not in legend
    assert not RAW_TOPICS.search(legend), legend
    assert re.search(r"(系统操作|业务流程) · (客户|报价|线索|客户服务)", legend), legend
    page.screenshot(path=str(shots / "question-switched-zh.png"), full_page=True)
    context.close()


def test_unticking_every_box_clears_theanswer(served: Served, browser: Any) -> None:
    store = served.quiz.store
    with store.transaction("test") as txn:  # every choice question takes several answers
        for question in store.all("questions"):
            if question.kind is QuestionKind.SINGLE:
                txn.update("questions", question.model_copy(
                    update={"kind": QuestionKind.MULTIPLE}))
    issued, context, page = start_quiz(served, browser)
    attempt = store.get("quiz_attempts", attempt_id(served, issued.invitation.id))
    number = next(n for n, item in enumerate(attempt.items, start=1)
                  if store.get("questions", item.question_id).kind is QuestionKind.MULTIPLE)
    page.goto(f"{served.url}/quiz/q/{number}")
    page.check("#choice-0")
    page.check("#choice-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Review answers").click()
    assert "1 / 10 answered" in page.inner_text(".progress-text")
    page.goto(f"{served.url}/quiz/q/{number}")
    page.uncheck("#choice-0")
    page.uncheck("#choice-1")
    with page.expect_navigation():
        page.get_by_role("button", name="Review answers").click()
    assert "0 / 10 answered" in page.inner_text(".progress-text")
    page.goto(f"{served.url}/quiz/q/{number}")
    assert not page.is_checked("#choice-0") and not page.is_checked("#choice-1")
    context.close()


def test_a_tampered_choice_gets_a_clear_page_in_chinese(served: Served, browser: Any,
                                                        shots: Path) -> None:
    issued, context, page = start_quiz(served, browser, "开始测验", locale="zh-CN")
    page.eval_on_selector("#choice-0", "el => { el.value = 'abc'; el.checked = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name="保存并下一题").click()
    assert page.get_by_role("heading", name="该答案未保存").is_visible()
    assert "该选择不符合此题要求" in page.inner_text("main")
    assert "页面不存在" not in page.inner_text("main")
    page.screenshot(path=str(shots / "bad-choice-zh.png"), full_page=True)
    context.close()


def test_a_revoked_invitation_says_it_was_revoked(served: Served, browser: Any,
                                                  shots: Path) -> None:
    from crmgov.services.web.invites import revoke

    issued, context, page = start_quiz(served, browser)
    revoke(served.quiz.store, "Taker 1", served.quiz.clock())
    response = page.reload()
    assert response.status == 403
    assert page.get_by_role("heading", name="This invitation was revoked").is_visible()
    assert "Open the link" not in page.inner_text("main")
    page.screenshot(path=str(shots / "revoked-en.png"), full_page=True)
    page.reload()  # the session is gone by now: the page still says why
    assert page.get_by_role("heading", name="This invitation was revoked").is_visible()
    context.close()


def test_a_second_invitation_offers_continue(served: Served, browser: Any,
                                             shots: Path) -> None:
    first, context, page = start_quiz(served, browser)
    right = right_positions(served.quiz.store, attempt_id(served, first.invitation.id))
    answer(page, right[0])
    context.close()  # the phone is lost; the PM sends a new link
    second = served.quiz.invite()
    context, page, _requested = new_page(browser)
    page.goto(f"{served.url}/i/{second.token}")
    assert page.get_by_role("button", name="Continue the quiz").is_visible()
    assert page.get_by_role("button", name="Start the quiz").count() == 0
    page.screenshot(path=str(shots / "welcome-continue-en.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue the quiz").click()
    assert page.url.endswith("/quiz/q/2") and "1 answered" in page.inner_text(".progress-text")
    context.close()


def test_missing_training_is_shown_once_in_words(served: Served, browser: Any,
                                                 shots: Path) -> None:
    store = served.quiz.store
    [definition] = [q for q in store.all("quizzes") if q.code == QUIZ]
    with store.transaction("test") as txn:
        txn.update("quizzes", definition.model_copy(update={"training_topics": ["service"]}))
    issued = served.quiz.invite()
    context, page, _requested = new_page(browser, locale="zh-CN")
    page.goto(f"{served.url}/i/{issued.token}")
    main = page.inner_text("main")
    assert main.count("客户服务") == 1 and main.count("培训") == 1, main
    assert not RAW_TOPICS.search(main)
    assert page.get_by_role("alert").count() == 1
    assert page.get_by_role("button", name="开始测验").count() == 0
    page.screenshot(path=str(shots / "welcome-training-zh.png"), full_page=True)
    context.close()
