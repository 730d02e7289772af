"""SOP document-control rules: transitions, approver, step ids, review due, coverage."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Role, SOPStatus
from crmgov.domain.sops.diff import render_plain, word_diff
from crmgov.domain.sops.model import SOP, Acknowledgement, SOPVersion
from crmgov.domain.sops.rules import (
    TRANSITIONS,
    SOPRuleError,
    add_months,
    assign_step_ids,
    changed_step_ids,
    check_approver,
    check_transition,
    coverage,
    must_reacknowledge,
    parse_steps,
    review_due,
)

DAY = date(2026, 1, 31)


def _v(n: int, status: SOPStatus = SOPStatus.DRAFT, author: str = "Ann", body: str = "",
       **kw: object) -> SOPVersion:
    return SOPVersion(version=n, summary="s", author=author, written_on=DAY, status=status,
                      body=body, **kw)


def _sop(*versions: SOPVersion, **kw: object) -> SOP:
    return SOP(code="SOP-T-01", title="t", versions=list(versions), **kw)


@given(st.sampled_from(list(SOPStatus)), st.sampled_from(list(SOPStatus)))
def test_only_the_document_control_graph_is_allowed(source: SOPStatus, target: SOPStatus) -> None:
    sop = _sop(_v(1, source))
    if target in TRANSITIONS[source]:
        check_transition(sop, sop.versions[0], target)
    else:
        with pytest.raises(SOPRuleError):
            check_transition(sop, sop.versions[0], target)


def test_approved_is_never_edited_back_and_superseded_is_final() -> None:
    assert SOPStatus.DRAFT not in TRANSITIONS[SOPStatus.APPROVED]
    assert not TRANSITIONS[SOPStatus.SUPERSEDED]


names = st.text(alphabet="abcdefgh", min_size=1, max_size=6)


@given(author=names, approver=names, actor=names)
def test_named_approver_rule(author: str, approver: str, actor: str) -> None:
    sop = _sop(_v(1, SOPStatus.IN_REVIEW, author=author), approver=approver)
    allowed = actor == approver and actor != author
    if allowed:
        check_approver(sop, sop.versions[0], actor, set())
    else:
        with pytest.raises(SOPRuleError):
            check_approver(sop, sop.versions[0], actor, set())


@given(author=names, holders=st.sets(names, max_size=3), actor=names)
def test_role_approver_rule(author: str, holders: set[str], actor: str) -> None:
    sop = _sop(_v(1, SOPStatus.IN_REVIEW, author=author), approver_role="sponsor")
    if actor in holders and actor != author:
        check_approver(sop, sop.versions[0], actor, holders)
    else:
        with pytest.raises(SOPRuleError):
            check_approver(sop, sop.versions[0], actor, holders)


def test_only_one_version_in_force() -> None:
    with pytest.raises(ValueError, match="only one version"):
        _sop(_v(1, SOPStatus.APPROVED), _v(2, SOPStatus.APPROVED))


def test_older_files_get_a_status_from_their_approval_fields() -> None:
    raw = {"code": "S", "title": "t", "versions": [
        {"version": 1, "summary": "s", "author": "A", "written_on": "2025-01-01",
         "approved_by": "B", "approved_on": "2025-01-05"},
        {"version": 2, "summary": "s", "author": "A", "written_on": "2025-06-01",
         "approved_by": "B", "approved_on": "2025-06-05"},
        {"version": 3, "summary": "s", "author": "A", "written_on": "2025-09-01"}]}
    sop = SOP.model_validate(raw)
    assert [v.status for v in sop.versions] == [
        SOPStatus.SUPERSEDED, SOPStatus.APPROVED, SOPStatus.DRAFT]
    assert sop.current is not None and sop.current.version == 2


# ------------------------------------------------------------------ steps
def test_parse_steps_joins_continuation_lines() -> None:
    body = "Intro.\n\n1. First step\n   goes on.\n2) Second.\n\n# Notes\n3. Third."
    assert parse_steps(body) == ["First step goes on.", "Second.", "Third."]


def test_edited_step_keeps_its_id_inserted_step_gets_a_new_one() -> None:
    old = [(1, "Search by tax number."), (2, "Create the account."), (3, "Add contacts.")]
    new = ["Search by tax number and name.", "Report duplicates to the owner.",
           "Create the account with region.", "Add contacts."]
    assert assign_step_ids(old, new, 4) == [1, 4, 2, 3]


def test_removed_and_reordered_steps() -> None:
    old = [(1, "Alpha step text"), (2, "Beta step text"), (3, "Gamma step text")]
    assert assign_step_ids(old, ["Gamma step text", "Alpha step text"], 4) == [3, 1]


@given(st.lists(st.text(min_size=1, max_size=30), max_size=8))
def test_unchanged_steps_keep_every_id(texts: list[str]) -> None:
    old = [(10 + i, t) for i, t in enumerate(texts)]
    ids = assign_step_ids(old, texts, 100)
    assert ids == [i for i, _t in old]


def test_changed_step_ids_cover_added_edited_removed() -> None:
    a = _v(1, body="1. One\n2. Two\n3. Three", step_ids=[1, 2, 3])
    b = _v(2, body="1. One\n2. Two, edited\n3. Four", step_ids=[1, 2, 4])
    assert changed_step_ids(a, b) == [2, 3, 4]
    assert changed_step_ids(None, a) == [1, 2, 3]


# ------------------------------------------------------------------ review, coverage
def test_review_due_adds_months_and_clamps() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 12) == date(2027, 11, 15)
    sop = _sop(_v(1, SOPStatus.APPROVED, approved_by="B", approved_on=DAY,
                  effective_on=date(2026, 2, 1)), review_months=6)
    assert review_due(sop) == date(2026, 8, 1)


def _people() -> list[StaffMember]:
    return [StaffMember(id=1, name="A", role=Role.VETERAN, department="Sales"),
            StaffMember(id=2, name="B", role=Role.NEW_HIRE, department="Sales"),
            StaffMember(id=3, name="C", role=Role.VETERAN, department="Finance"),
            StaffMember(id=4, name="D", role=Role.VETERAN, department="Sales", active=False),
            StaffMember(id=5, name="E", role=Role.AUDITOR, department="Sales")]


def test_coverage_is_per_department_and_a_new_version_resets_it() -> None:
    v1 = _v(1, SOPStatus.APPROVED, approved_by="B", approved_on=DAY)
    acks = [Acknowledgement(staff_id=1, version=1, on=DAY),
            Acknowledgement(staff_id=2, version=1, on=DAY)]
    sop = _sop(v1, departments=["Sales"], acknowledgements=acks)
    cov = coverage(sop, _people())
    assert [p.name for p in cov.acknowledged] == ["A", "B"] and cov.pending == []
    v1s = v1.model_copy(update={"status": SOPStatus.SUPERSEDED})
    v2 = _v(2, SOPStatus.APPROVED, approved_by="B", approved_on=DAY)
    newer = sop.model_copy(update={"versions": [v1s, v2]})
    cov = coverage(newer, _people())
    assert cov.acknowledged == [] and [p.name for p in cov.pending] == ["A", "B"]
    assert [p.name for p in must_reacknowledge(newer, _people())] == ["A", "B"]


def test_word_diff_marks_words_and_chinese_characters() -> None:
    assert render_plain(word_diff("Qualify within 3 days.", "Qualify within 5 days.")) == (
        "Qualify within [-3-]{+5+} days.")
    chinese = word_diff("先按税号查重。", "先按名称和税号查重。")
    assert render_plain(chinese) == "先按{+名称和+}税号查重。"
