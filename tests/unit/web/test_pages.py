"""The quiz pages through Starlette's TestClient: taking a quiz from link to certificate."""

from __future__ import annotations

from benchmarks.quiz_fixture import right_positions, wrong_positions
from tests.unit.web.conftest import Quiz


def test_full_pass_from_link_to_certificate(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf = quiz.enter(issued)
    welcome = quiz.bodies[-1]
    assert "Welcome, Taker 1" in welcome and "New hire certification" in welcome
    assert "30 minutes" in welcome and "80 %" in welcome
    csrf, attempt_id = quiz.start(issued)
    page = quiz.bodies[-1]
    assert "Question 1 / 10" in page and "Time left: 30 min (until 10:00)" in page
    for number, positions in enumerate(right_positions(quiz.store, attempt_id), start=1):
        response = quiz.answer(number, positions, csrf)
    assert response.url.path == "/quiz/review"
    assert "10 / 10 answered" in response.text
    result = quiz.post("/quiz/submit", {"csrf": csrf})
    assert result.url.path == "/quiz/result"
    assert "Passed" in result.text and result.text.count("100 %") == 2
    cert = quiz.get("/quiz/certificate")
    assert cert.status_code == 200 and "CERT-2026-0001" in cert.text
    [stored] = quiz.store.all("certifications")
    assert stored.code in cert.text and stored.staff_id == 1


def test_fail_on_one_section_shows_what_to_reread(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    right = right_positions(quiz.store, attempt_id)
    wrong = wrong_positions(quiz.store, attempt_id)
    attempt = quiz.store.get("quiz_attempts", attempt_id)
    for number, item in enumerate(attempt.items, start=1):
        good = item.section == "system"
        quiz.answer(number, right[number - 1] if good else wrong[number - 1], csrf)
    result = quiz.post("/quiz/submit", {"csrf": csrf})
    assert "Not passed" in result.text
    assert "System operation</th><td class=\"num\">100 %" in result.text
    assert "Business process</th><td class=\"num\">0 %" in result.text
    assert "What to reread" in result.text and "SOP-SVC-02 §" in result.text
    assert "SOP-SAL-01" not in result.text  # the passed section sends nobody back
    assert quiz.get("/quiz/certificate").status_code == 404
    assert quiz.store.all("certifications") == []


def test_reload_and_a_new_browser_keep_the_answers(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    right = right_positions(quiz.store, attempt_id)
    quiz.answer(1, right[0], csrf)
    quiz.answer(2, right[1], csrf)
    again = quiz.get("/quiz/q/1")  # a reload
    assert f'value="{right[0][0]}" checked' in again.text
    # The phone was closed: a new browser opens the link and lands on question 3.
    other = quiz.browser()
    response = quiz.get(f"/i/{issued.token}", other)
    assert response.url.path == "/quiz/q/3"
    assert "2 answered" in response.text
    assert f'value="{right[1][0]}" checked' in quiz.get("/quiz/q/2", other).text


def test_time_out_refuses_answers_and_submits_what_was_answered(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    right = right_positions(quiz.store, attempt_id)
    quiz.answer(1, right[0], csrf)
    quiz.clock.advance(minutes=29)
    assert "Time left: 1 min" in quiz.get("/quiz/q/2").text
    quiz.clock.advance(minutes=1, seconds=1)
    late = quiz.answer(2, right[1], csrf)
    assert late.url.path == "/quiz/result"
    assert "The time ran out" in late.text
    attempt = quiz.store.get("quiz_attempts", attempt_id)
    assert attempt.submitted and attempt.timed_out
    assert attempt.items[0].answer is not None and attempt.items[1].answer is None


def test_a_submitted_attempt_cannot_change(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    wrong = wrong_positions(quiz.store, attempt_id)
    right = right_positions(quiz.store, attempt_id)
    quiz.answer(1, wrong[0], csrf)
    quiz.post("/quiz/submit", {"csrf": csrf})
    before = quiz.store.get("quiz_attempts", attempt_id)
    after_answer = quiz.answer(1, right[0], csrf)
    assert after_answer.url.path == "/quiz/result"
    again = quiz.post("/quiz/submit", {"csrf": csrf})
    assert again.url.path == "/quiz/result"
    quiz.store.refresh()
    assert quiz.store.get("quiz_attempts", attempt_id) == before
    assert len(quiz.store.all("quiz_attempts")) == 1


def test_the_same_link_cannot_start_a_second_attempt(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, _attempt = quiz.start(issued)
    quiz.post("/quiz/submit", {"csrf": csrf})
    reused = quiz.get(f"/i/{issued.token}", quiz.browser())
    assert reused.status_code == 403
    assert "This link does not open a quiz" in reused.text
    assert len(quiz.store.all("quiz_attempts")) == 1


def test_previous_and_review_navigation(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    right = right_positions(quiz.store, attempt_id)
    quiz.answer(1, right[0], csrf)
    back = quiz.answer(2, right[1], csrf, go="prev")
    assert back.url.path == "/quiz/q/1"
    review = quiz.answer(3, [], csrf, go="review")  # nothing chosen: nothing saved
    assert review.url.path == "/quiz/review"
    assert review.text.count("<li class=\"open\">") == 8
    assert "8 question(s) not answered yet" in review.text
    assert quiz.get("/quiz/q/11").status_code == 404


def test_bad_choice_is_refused_and_nothing_saved(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    response = quiz.answer(1, [9], csrf)
    assert response.status_code == 400 and "not saved" in response.text
    response = quiz.post("/quiz/q/1", {"csrf": csrf, "choice": "x"})
    assert response.status_code == 400
    assert quiz.store.get("quiz_attempts", attempt_id).items[0].answer is None


def test_chinese_from_accept_language_and_the_switch(quiz: Quiz) -> None:
    issued = quiz.invite()
    page = quiz.client.get(f"/i/{issued.token}", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans">' in page.text and "欢迎，Taker 1" in page.text
    assert "新员工上岗认证" in page.text and "开始测验" in page.text
    switched = quiz.client.get("/lang/en?next=/quiz", headers={"Accept-Language": "zh"})
    assert switched.url.path == "/quiz" and "Start the quiz" in switched.text
    # Started in Chinese after switching back: the questions are drawn in Chinese.
    quiz.client.get("/lang/zh?next=/quiz")
    started = quiz.post("/quiz/start", {"csrf": page.text.split('name="csrf" value="')[1][:43]})
    assert "第 1 / 10 题" in started.text and "题目" in started.text


def test_language_switch_never_leaves_the_site(quiz: Quiz) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "x"):
        response = quiz.client.get("/lang/zh", params={"next": target}, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
    assert quiz.client.get("/lang/fr").status_code == 404
