"""Issue 22 item 8: what a taker sees when they switch language, untick every box, send a
bad or huge form, lose their invitation, get a second one, or lack their training."""

from __future__ import annotations

import re
from datetime import timedelta

from benchmarks.quiz_fixture import QUIZ, right_positions, wrong_positions
from crmgov.domain.enums import QuestionKind
from tests.unit.web.conftest import Quiz, csrf_of

ZH = {"Accept-Language": "zh-CN"}


def _text(html: str) -> str:
    """The page's visible text, roughly: tags out, blanks squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _require_training(quiz: Quiz, *topics: str) -> None:
    [definition] = [q for q in quiz.store.all("quizzes") if q.code == QUIZ]
    with quiz.store.transaction("test") as txn:
        txn.update("quizzes", definition.model_copy(update={"training_topics": list(topics)}))


# ------------------------------------------------------------------ language
def test_switching_language_mid_quiz_switches_the_questions(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    quiz.answer(1, right_positions(quiz.store, attempt_id)[0], csrf)
    english = quiz.get("/quiz/q/2").text
    assert "which is right?" in english and "题目" not in english
    chinese = quiz.get("/lang/zh?next=/quiz/q/2")
    assert chinese.url.path == "/quiz/q/2"
    assert "题目" in chinese.text and "哪个正确" in chinese.text
    assert "which is right?" not in chinese.text and "Option " not in chinese.text
    # The answer given in English stays given, and the review lists the Chinese prompts.
    review = quiz.get("/quiz/review").text
    assert "1 / 10" in review and "题目" in review
    back = quiz.get("/lang/en?next=/quiz/q/2").text
    assert "which is right?" in back and "题目" not in back


def test_the_result_follows_the_language_too(quiz: Quiz) -> None:
    [definition] = [q for q in quiz.store.all("quizzes") if q.code == QUIZ]
    with quiz.store.transaction("test") as txn:
        txn.update("quizzes", definition.model_copy(update={"show_answers": True}))
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    quiz.post("/quiz/submit", {"csrf": csrf})
    english = quiz.get("/quiz/result").text
    assert "which is right?" in english and "New hire certification" in english
    chinese = quiz.get("/lang/zh?next=/quiz/result").text
    assert "哪个正确" in chinese and "新员工上岗认证" in chinese
    assert "which is right?" not in chinese


def test_topics_are_shown_translated_on_chinese_pages(quiz: Quiz) -> None:
    issued = quiz.invite()
    quiz.client.get("/lang/zh?next=/")
    csrf, attempt_id = quiz.start(issued)
    legends = []
    for number in range(1, 11):
        page = quiz.get(f"/quiz/q/{number}").text
        legends.append(re.search(r'<span class="section">([^<]*)</span>', page).group(1))
    assert {" · ".join(part.strip() for part in legend.split("·")) for legend in legends} <= {
        "系统操作 · 客户", "系统操作 · 报价", "业务流程 · 线索", "业务流程 · 客户服务"}
    # Fail the process section: what to reread names the topics in Chinese.
    right = right_positions(quiz.store, attempt_id)
    wrong = wrong_positions(quiz.store, attempt_id)
    attempt = quiz.store.get("quiz_attempts", attempt_id)
    for number, item in enumerate(attempt.items, start=1):
        quiz.answer(number, right[number - 1] if item.section == "system" else
                    wrong[number - 1], csrf)
    result = _text(quiz.post("/quiz/submit", {"csrf": csrf}).text)
    assert "线索（业务流程）" in result and "客户服务（业务流程）" in result
    assert not re.search(r"\b(leads|service|accounts|quotes)\b", result)


def test_every_shipped_topic_has_a_name() -> None:
    from crmgov.domain.certification.topics import TOPIC_NAMES
    from crmgov.paths import checklists_dir
    from crmgov.web.language import topic_name

    codes = set()
    for file in (checklists_dir() / "questions").glob("*.toml"):
        codes |= set(re.findall(r'^topic = "([^"]+)"', file.read_text(encoding="utf-8"),
                                re.MULTILINE))
        for line in re.findall(r"^(?:training_)?topics = \[(.*)\]", file.read_text(
                encoding="utf-8"), re.MULTILINE):
            codes |= set(re.findall(r'"([^"]+)"', line))
    assert codes and not codes - set(TOPIC_NAMES)
    assert topic_name("service-cases", "zh") == "服务工单"
    assert topic_name("own-topic", "zh") == "own topic"


# ------------------------------------------------------------------ answers
def test_unticking_every_box_clears_the_answer(quiz: Quiz) -> None:
    # Every choice question takes several answers, so the draw always holds one.
    with quiz.store.transaction("test") as txn:
        for question in quiz.store.all("questions"):
            if question.kind is QuestionKind.SINGLE:
                txn.update("questions", question.model_copy(
                    update={"kind": QuestionKind.MULTIPLE}))
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    attempt = quiz.store.get("quiz_attempts", attempt_id)
    number = next(n for n, item in enumerate(attempt.items, start=1)
                  if quiz.store.get("questions", item.question_id).kind
                  is QuestionKind.MULTIPLE)
    quiz.answer(number, [0, 1], csrf)
    quiz.store.refresh()
    assert quiz.store.get("quiz_attempts", attempt_id).items[number - 1].answer
    response = quiz.post(f"/quiz/q/{number}", {"csrf": csrf, "go": "review"})
    assert response.url.path == "/quiz/review" and "0 / 10 answered" in response.text
    quiz.store.refresh()
    assert quiz.store.get("quiz_attempts", attempt_id).items[number - 1].answer is None
    assert " checked" not in quiz.get(f"/quiz/q/{number}").text


def test_a_blank_question_left_blank_writes_nothing(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    before = quiz.store.get("quiz_attempts", attempt_id)
    response = quiz.post("/quiz/q/1", {"csrf": csrf, "go": "next"})
    assert response.url.path == "/quiz/q/2"
    quiz.store.refresh()
    assert quiz.store.get("quiz_attempts", attempt_id) == before


def test_a_non_numeric_choice_is_a_clear_400_in_the_pages_language(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    response = quiz.post("/quiz/q/1", {"csrf": csrf, "choice": "abc"})
    assert response.status_code == 400
    assert "That answer was not saved" in response.text
    assert "That choice does not fit this question." in response.text
    assert "Page not found" not in response.text
    quiz.client.cookies.set("crmgov_lang", "zh")
    response = quiz.post("/quiz/q/1", {"csrf": csrf, "choice": "x"})
    assert response.status_code == 400
    assert "该答案未保存" in response.text and "该选择不符合此题要求。" in response.text
    assert quiz.store.get("quiz_attempts", attempt_id).items[0].answer is None


def test_a_form_over_1_mb_is_413_and_nothing_is_saved(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    huge = {"csrf": csrf, "choice": "0", "pad": "x" * (1024 * 1024 + 1)}
    response = quiz.post("/quiz/q/1", huge)
    assert response.status_code == 413
    assert "The form is too large" in response.text and "Page not found" not in response.text
    quiz.client.cookies.set("crmgov_lang", "zh")
    response = quiz.post("/quiz/q/1", huge)
    assert response.status_code == 413 and "提交的表单过大" in response.text
    # A multipart upload is not one of our forms: 400, not a 500.
    response = quiz.client.post("/quiz/q/1", data={"csrf": csrf},
                                files={"choice": ("a.txt", b"1")})
    assert response.status_code == 400 and "无法读取提交的表单" in response.text
    quiz.store.refresh()
    assert quiz.store.get("quiz_attempts", attempt_id).items[0].answer is None


# ------------------------------------------------------------------ invitations
def test_a_revoked_invitation_says_so(quiz: Quiz) -> None:
    from crmgov.services.web.invites import revoke

    issued = quiz.invite()
    quiz.start(issued)
    revoke(quiz.store, "Taker 1", quiz.clock())
    response = quiz.get("/quiz/q/1")
    assert response.status_code == 403
    assert "This invitation was revoked" in response.text
    assert "Open the link" not in response.text
    again = quiz.get("/quiz/q/1")  # a reload: the session is gone, the reason is not
    assert again.status_code == 403 and "This invitation was revoked" in again.text
    fresh = quiz.invite(staff_id=1)  # a new link clears it
    quiz.enter(fresh)
    assert "crmgov_ended" not in quiz.client.cookies

    other = quiz.browser()
    second = quiz.invite(staff_id=2)
    quiz.enter(second, other)
    revoke(quiz.store, "Taker 2", quiz.clock())
    response = other.get("/quiz", headers=ZH)
    assert response.status_code == 403 and "此邀请已撤销" in response.text


def test_an_invitation_expired_before_starting_says_so(quiz: Quiz) -> None:
    issued = quiz.invite(valid=timedelta(minutes=10))
    quiz.enter(issued)
    quiz.clock.advance(minutes=11)
    response = quiz.get("/quiz")
    assert response.status_code == 403 and "This invitation has expired" in response.text


def test_a_second_invitation_continues_the_running_attempt(quiz: Quiz) -> None:
    first = quiz.invite()
    csrf, attempt_id = quiz.start(first)
    quiz.answer(1, right_positions(quiz.store, attempt_id)[0], csrf)
    second = quiz.invite()  # the PM sent a new link: the phone with the first was lost
    other = quiz.browser()
    response = quiz.get(f"/i/{second.token}", other)
    assert response.url.path == "/quiz"
    assert "Continue the quiz" in response.text and "Start the quiz" not in response.text
    assert "already started" in response.text
    resumed = quiz.post("/quiz/start", {"csrf": csrf_of(response.text)}, other)
    assert resumed.url.path == "/quiz/q/2" and "1 answered" in resumed.text
    quiz.store.refresh()
    assert len(quiz.store.all("quiz_attempts")) == 1
    chinese = other.get(f"/i/{quiz.invite().token}", headers=ZH)
    assert chinese.url.path in ("/quiz", "/quiz/q/2")


def test_missing_training_is_said_once_with_the_topics_translated(quiz: Quiz) -> None:
    _require_training(quiz, "service", "sales")
    issued = quiz.invite()
    page = quiz.get(f"/i/{issued.token}").text
    text = _text(page)
    assert text.count("Customer service") == 1 and text.count("Sales") == 1
    assert "Attend the training first" not in text
    assert text.count("Training still required before the quiz:") == 1
    assert "Start the quiz" not in text
    zh = _text(quiz.client.get("/quiz", headers=ZH).text)
    assert zh.count("客户服务") == 1 and zh.count("参加测验前仍需完成的培训") == 1
    assert not re.search(r"\b(service|sales)\b", zh)
