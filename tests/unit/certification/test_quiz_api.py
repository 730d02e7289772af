"""The quiz service API (services.certification.quiz) on a tmp-path store."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import pytest

from crmgov.domain.certification.training import TrainingSession
from crmgov.domain.enums import QuizPart
from crmgov.services.certification import quiz as Q
from crmgov.services.certification.errors import QuizRefused
from tests.unit.certification.factory import RIGHT, right_positions, seed_store

NOW = datetime(2026, 11, 23, 9, 0)


def answer_all(store, view, correct_sections=(QuizPart.SYSTEM, QuizPart.PROCESS), at=NOW):
    keys = right_positions(store, view.attempt_id)
    for q in view.questions:
        n = len(q.options)
        right = keys[q.position]
        wrong = [next(k for k in range(n) if k not in right)]
        Q.save_answer(store, view.attempt_id, q.position,
                      right if q.section in correct_sections else wrong, at)


def test_start_view_has_no_answer_key_and_counts_time(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=1)
    assert view.total == 8 and view.answered == 0 and not view.resumed
    assert view.seconds_left == 20 * 60
    assert [q.section for q in view.questions] == [QuizPart.SYSTEM] * 4 + [QuizPart.PROCESS] * 4
    assert RIGHT not in repr(view)
    fields = {f.name for f in dataclasses.fields(Q.QuestionView)}
    assert not fields & {"answer", "key", "right", "correct", "explanation"}
    later = Q.attempt_view(empty_store, view.attempt_id, NOW + timedelta(minutes=5, seconds=3))
    assert later.seconds_left == 15 * 60 - 3


def test_resume_returns_the_same_attempt_with_saved_answers(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=1)
    Q.save_answer(empty_store, view.attempt_id, 2, [0], NOW)
    again = Q.start_attempt(empty_store, ids[0], "sales-basic", NOW + timedelta(minutes=3))
    assert again.attempt_id == view.attempt_id and again.resumed
    assert again.questions[2].selected == [0] and again.answered == 1
    assert again.first_unanswered() == 0
    assert [q.text for q in again.questions] == [q.text for q in view.questions]


def test_save_refused_after_time_and_after_submit(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=2)
    with pytest.raises(QuizRefused) as late:
        Q.save_answer(empty_store, view.attempt_id, 0, [0], NOW + timedelta(minutes=20))
    assert late.value.code == "time_up"
    result = Q.submit_attempt(empty_store, view.attempt_id, NOW + timedelta(minutes=21))
    assert result.timed_out and not result.passed and result.answered == 0
    with pytest.raises(QuizRefused) as done:
        Q.save_answer(empty_store, view.attempt_id, 0, [0], NOW)
    assert done.value.code == "submitted"
    with pytest.raises(QuizRefused):
        Q.submit_attempt(empty_store, view.attempt_id, NOW)


def test_bad_answers_are_refused(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=3)
    single = next(q for q in view.questions if q.kind.value == "single")
    for choices, pos in (([0, 1], single.position), ([9], single.position), ([0], 99)):
        with pytest.raises(QuizRefused) as bad:
            Q.save_answer(empty_store, view.attempt_id, pos, choices, NOW)
        assert bad.value.code == "bad_answer"
    saved = Q.save_answer(empty_store, view.attempt_id, single.position, [], NOW)
    assert saved.answered == 0


def test_pass_issues_certificate_and_refuses_a_second_start(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=4)
    answer_all(empty_store, view)
    result = Q.submit_attempt(empty_store, view.attempt_id, NOW + timedelta(minutes=4))
    assert result.passed and result.certificate is not None
    assert result.certificate.number == "CERT-2026-0001"
    assert result.certificate.valid_until == date(2027, 11, 22)
    assert result.review == []  # show_answers is off by default
    with pytest.raises(QuizRefused) as again:
        Q.start_attempt(empty_store, ids[0], None, NOW + timedelta(hours=1))
    assert again.value.code == "certified"
    assert Q.check_quiz(empty_store, ids[0], None, NOW).code == "certified"


def test_one_weak_section_fails_and_names_sops_to_reread(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=5)
    answer_all(empty_store, view, correct_sections=(QuizPart.SYSTEM,))
    result = Q.submit_attempt(empty_store, view.attempt_id, NOW)
    assert not result.passed and result.certificate is None
    system, process = result.sections
    assert system.passed and system.score == 100 and not process.passed and process.score == 0
    process_topics = [t for t in result.topics if t.section is QuizPart.PROCESS]
    assert process_topics and all(t.reread for t in process_topics)
    assert all(r.startswith("SOP-SAL-01 §") for t in process_topics for r in t.reread)
    assert Q.attempt_result(empty_store, view.attempt_id) == result


def test_attempt_limit_then_cooldown_then_retrain(empty_store):
    ids = seed_store(empty_store)
    at = NOW
    for _ in range(3):
        view = Q.start_attempt(empty_store, ids[0], None, at)
        Q.submit_attempt(empty_store, view.attempt_id, at + timedelta(minutes=1))
        at += timedelta(minutes=10)
    with pytest.raises(QuizRefused) as cool:
        Q.start_attempt(empty_store, ids[0], None, at)
    assert cool.value.code == "cooldown"
    assert cool.value.until == NOW + timedelta(minutes=21, hours=24)
    at = cool.value.until
    view = Q.start_attempt(empty_store, ids[0], None, at)
    Q.submit_attempt(empty_store, view.attempt_id, at)
    with pytest.raises(QuizRefused) as retrain:
        Q.start_attempt(empty_store, ids[0], None, at + timedelta(days=5))
    assert retrain.value.code == "retrain"
    with empty_store.transaction("test.train") as t:
        t.insert("training", TrainingSession(topic="sales", held_on=(at + timedelta(days=6)).date(),
                                             trainer="Trainer", attendees=[ids[0]]))
    again = Q.start_attempt(empty_store, ids[0], None, at + timedelta(days=7))
    assert again.total == 8


def test_training_required_before_a_first_attempt(empty_store):
    ids = seed_store(empty_store, training_topics=["sales-process"])
    with pytest.raises(QuizRefused) as refused:
        Q.start_attempt(empty_store, ids[0], None, NOW)
    assert refused.value.code == "training_required"
    assert refused.value.topics == ("sales-process",)
    with empty_store.transaction("test.train") as t:
        t.insert("training", TrainingSession(topic="sales-process", held_on=NOW.date(),
                                             trainer="Trainer", attendees=[ids[0]]))
    assert Q.check_quiz(empty_store, ids[0], None, NOW).allowed


def test_expired_attempt_is_submitted_on_start(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, seed=6)
    keys = right_positions(empty_store, view.attempt_id)
    Q.save_answer(empty_store, view.attempt_id, 0, keys[0], NOW)
    with pytest.raises(QuizRefused) as up:
        Q.start_attempt(empty_store, ids[0], None, NOW + timedelta(hours=1))
    assert up.value.code == "time_up" and up.value.attempt_id == view.attempt_id
    result = Q.attempt_result(empty_store, view.attempt_id)
    assert result.timed_out and result.answered == 1


def test_language_is_fixed_at_start(empty_store):
    ids = seed_store(empty_store)
    view = Q.start_attempt(empty_store, ids[0], None, NOW, language="zh", seed=1)
    assert view.language == "zh" and view.questions[0].text.startswith("问题")
    assert view.quiz_title == "销售基础"


def test_no_repeat_of_last_attempts_questions_where_the_bank_allows(empty_store):
    ids = seed_store(empty_store, system_questions=2, process_questions=2, min_per_topic=1)
    first = Q.start_attempt(empty_store, ids[0], None, NOW, seed=1)
    Q.submit_attempt(empty_store, first.attempt_id, NOW)
    second = Q.start_attempt(empty_store, ids[0], None, NOW, seed=1)
    a = {q.text for q in first.questions}
    b = {q.text for q in second.questions}
    assert not a & b
