"""Domain rules of the quiz: the draw's constraints, grading, the pass rule, start rules,
certificate states and the SOP-change hook (hypothesis for the draw and the grading)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from crmgov.domain.certification.draw import draw
from crmgov.domain.certification.grading import credit, grade
from crmgov.domain.certification.model import Certification, QuizAttempt, StaffMember
from crmgov.domain.certification.rules import (
    add_months,
    check_start,
    expiry_for,
    person_state,
    questions_needing_review,
    reminder_due,
)
from crmgov.domain.enums import CertState, QuestionKind, QuizPart, Role
from tests.unit.certification.factory import bank, question, quiz

BANK = [q.model_copy(update={"id": n}) for n, q in enumerate(bank(per_topic=6), start=1)]
NOW = datetime(2026, 11, 23, 9, 0)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**31), system=st.integers(1, 12), process=st.integers(1, 12),
       per_topic=st.integers(0, 4))
def test_draw_sizes_topics_uniqueness_and_reproducibility(seed, system, process, per_topic):
    q = quiz(system_questions=system, process_questions=process, min_per_topic=per_topic)
    items = draw(BANK, q, seed)
    assert items == draw(BANK, q, seed)  # the recorded seed reproduces the draw
    ids = [i.question_id for i in items]
    assert len(ids) == len(set(ids)) == system + process
    assert [i.section for i in items] == [QuizPart.SYSTEM] * system + [QuizPart.PROCESS] * process
    for section, size in ((QuizPart.SYSTEM, system), (QuizPart.PROCESS, process)):
        topics = {i.topic for i in items if i.section is section}
        by_topic = {t: sum(1 for i in items if i.section is section and i.topic == t)
                    for t in topics}
        if size >= 2 * per_topic and per_topic:
            assert len(topics) == 2 and min(by_topic.values()) >= per_topic
    for item in items:
        n = len(next(b for b in BANK if b.id == item.question_id).current.options)
        assert sorted(item.options) == list(range(n))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_draw_avoids_the_last_attempt_where_it_can(seed):
    q = quiz(system_questions=6, process_questions=6)
    first = {i.question_id for i in draw(BANK, q, seed)}
    second = {i.question_id for i in draw(BANK, q, seed + 1, avoid=first)}
    assert not first & second  # 12 of 24 per section drawn: room for a fresh set


def test_needs_review_and_retired_questions_are_not_drawn():
    flagged = {b.id for b in BANK[:3]}
    changed = [b.model_copy(update={"needs_review": b.id in flagged}) for b in BANK]
    for seed in range(30):
        assert not {i.question_id for i in draw(changed, quiz(), seed)} & flagged


@given(key=st.sets(st.integers(0, 5), min_size=1), chosen=st.sets(st.integers(0, 5)))
def test_partial_credit_bounds_and_all_or_nothing(key, chosen):
    c = credit(QuestionKind.MULTIPLE, key, chosen, partial=True)
    assert 0 <= c <= 1
    assert (c == 1) == (chosen == key)
    assert credit(QuestionKind.MULTIPLE, key, chosen, partial=False) == float(chosen == key)
    expected = max(0.0, (len(chosen & key) - len(chosen - key)) / len(key))
    assert c == expected


def test_single_and_true_false_are_right_or_wrong():
    assert credit(QuestionKind.SINGLE, [1], [1], partial=True) == 1
    assert credit(QuestionKind.TRUE_FALSE, [0], [1], partial=True) == 0
    assert credit(QuestionKind.SINGLE, [1], None, partial=False) == 0


def test_both_sections_must_pass():
    q = quiz(system_questions=5, process_questions=5)
    items = draw(BANK, q, 3)
    by_id = {b.id: b for b in BANK}

    def answered(right_system, right_process):
        out, seen = [], {QuizPart.SYSTEM: 0, QuizPart.PROCESS: 0}
        for i in items:
            key = by_id[i.question_id].current.answer
            wrong = [k for k in range(len(i.options)) if k not in key][:1]
            limit = right_system if i.section is QuizPart.SYSTEM else right_process
            ok = seen[i.section] < limit
            seen[i.section] += 1
            out.append(i.model_copy(update={"answer": key if ok else wrong}))
        return grade(out, lambda i: (by_id[i.question_id], by_id[i.question_id].current), q)

    strong_weak = answered(5, 3)  # 100 % and 60 %
    assert strong_weak.score(QuizPart.SYSTEM) == 100 and not strong_weak.passed
    assert answered(4, 4).passed  # exactly 80 % each
    assert not answered(4, 3).passed


PERSON = StaffMember(id=1, name="A", role=Role.NEW_HIRE)


def attempt(at, passed):
    score = 90.0 if passed else 50.0
    return QuizAttempt(id=1, staff_id=1, bank="sales-basic", taken_at=at, system_score=score,
                       process_score=score)


def test_start_rules_sequence():
    q = quiz()
    fails = [attempt(NOW - timedelta(hours=h), False) for h in (5, 4, 3)]
    assert check_start(PERSON, q, fails[:2], [], [], NOW) is None
    cool = check_start(PERSON, q, fails, [], [], NOW)
    assert cool is not None and cool.code == "cooldown"
    assert cool.until == fails[-1].taken_at + timedelta(hours=24)
    assert check_start(PERSON, q, fails, [], [], NOW + timedelta(hours=22)) is None
    fourth = [*fails, attempt(NOW + timedelta(hours=22), False)]
    again = check_start(PERSON, q, fourth, [], [], NOW + timedelta(days=3))
    assert again is not None and again.code == "retrain"
    passed_later = [*fourth, attempt(NOW + timedelta(days=4), True)]
    assert check_start(PERSON, q, passed_later, [], [], NOW + timedelta(days=5)) is None
    assert check_start(PERSON.model_copy(update={"active": False}), q, [], [], [], NOW
                       ).code == "inactive"


def cert(issued, expires, **kw):
    return Certification(id=1, staff_id=1, attempt_id=1, issued_on=issued, expires_on=expires,
                         **kw)


def test_certificate_states_and_reminders():
    today = date(2026, 11, 23)
    assert person_state(PERSON, [], today)[0] is CertState.NOT_CERTIFIED
    assert person_state(PERSON, [cert(date(2026, 1, 1), date(2026, 12, 31))], today)[0] \
        is CertState.CERTIFIED
    near = cert(date(2026, 1, 1), date(2026, 12, 20))
    assert person_state(PERSON, [near], today)[0] is CertState.EXPIRING
    assert reminder_due(near, today) == 30 and reminder_due(near, date(2026, 12, 14)) == 7
    assert person_state(PERSON, [cert(date(2025, 1, 1), date(2025, 12, 31))], today)[0] \
        is CertState.EXPIRED
    revoked = cert(date(2026, 1, 1), date(2026, 12, 31), revoked=True, revoked_reason="x")
    assert person_state(PERSON, [revoked], today)[0] is CertState.REVOKED
    due = cert(date(2026, 1, 1), date(2026, 12, 31), recert_due=True)
    assert person_state(PERSON, [due], today)[0] is CertState.RECERT_DUE
    auditor = PERSON.model_copy(update={"role": Role.AUDITOR})
    assert person_state(auditor, [], today)[0] is CertState.NOT_REQUIRED


def test_validity_in_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert expiry_for(date(2026, 11, 23), quiz()) == date(2027, 11, 22)


def test_questions_needing_review_by_step():
    a = question("A", QuizPart.SYSTEM, "t", sop="SOP-SAL-01", step=3)
    b = question("B", QuizPart.SYSTEM, "t", sop="SOP-SAL-01", step=4)
    c = question("C", QuizPart.SYSTEM, "t", sop="SOP-SAL-01", step=None)
    d = question("D", QuizPart.SYSTEM, "t", sop="SOP-SVC-01", step=3)
    codes = lambda qs: [q.code for q in qs]  # noqa: E731
    assert codes(questions_needing_review([a, b, c, d], {("SOP-SAL-01", 3)})) == ["A", "C"]
    assert codes(questions_needing_review([a, b, c, d], {("SOP-SAL-01", None)})) == \
        ["A", "B", "C"]
