"""Review threads, verdicts, sign-off freezing a version, and the diff against it."""

from __future__ import annotations

import pytest

from crmgov.domain.plan.model import ThreadState
from crmgov.domain.plan.rules import PlanRuleError
from crmgov.services.plan import items as svc
from crmgov.services.plan import review
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def _as(store: ProjectStore, name: str) -> ProjectStore:
    store.actor = name
    return store


@pytest.fixture
def store(empty_store: ProjectStore) -> ProjectStore:
    with empty_store.transaction("setup") as txn:
        txn.set_project(empty_store.project.model_copy(
            update={"consultant": "Chen", "internal_owner": "Zhao"}))
    svc.add_item(empty_store, year=1, title="Clean contacts", area="data_quality",
                 metric="errors", goal="5%", owner="Zhao")
    svc.add_item(empty_store, year=2, title="Dashboards", area="analytics")
    return empty_store


def test_thread_goes_open_answered_resolved(store: ProjectStore) -> None:
    n = review.comment(_as(store, "Chen"), 1, "Baseline?", FIXED_NOW)
    assert n == 1 and review.threads_of(store, 1)[0].state is ThreadState.OPEN
    review.answer(_as(store, "Zhao"), 1, 1, "22%", FIXED_NOW)
    assert review.threads_of(store, 1)[0].state is ThreadState.ANSWERED
    t = review.resolve(_as(store, "Chen"), 1, 1, FIXED_NOW)
    assert t.state is ThreadState.RESOLVED and t.resolved_by == "Chen"
    with pytest.raises(PlanRuleError, match="resolved"):
        review.answer(store, 1, 1, "late", FIXED_NOW)
    with pytest.raises(PlanRuleError, match="no review thread 2"):
        review.resolve(store, 1, 2, FIXED_NOW)


def test_plan_wide_threads(store: ProjectStore) -> None:
    assert review.comment(store, None, "No prospects?", FIXED_NOW, "prospects ignored") == 1
    assert review.comment(store, None, "Year 3?", FIXED_NOW) == 2
    review.resolve(store, None, 2, FIXED_NOW)
    states = [t.state for t in review.get_review(store).threads]
    assert states == [ThreadState.OPEN, ThreadState.RESOLVED]


def test_needs_work_requires_saying_what(store: ProjectStore) -> None:
    with pytest.raises(PlanRuleError):
        review.judge(store, 2, "needs_work", FIXED_NOW)
    item = review.judge(store, 2, "needs_work", FIXED_NOW, "Add a target")
    assert item.verdict.value == "needs_work" and item.reviewed
    assert item.comments[-1].text == "Add a target"


def _accept_all(store: ProjectStore) -> None:
    for i in svc.items(store):
        review.judge(_as(store, "Chen"), i.id, "accepted", FIXED_NOW)


def test_sign_off_freezes_a_version_and_diff_shows_later_changes(store: ProjectStore) -> None:
    review.comment(store, 1, "ok?", FIXED_NOW)
    with pytest.raises(PlanRuleError, match="not accepted yet: #1 #2"):
        review.sign(_as(store, "Chen"), "consultant", FIXED_NOW)
    _accept_all(store)
    with pytest.raises(PlanRuleError, match="1 review thread"):
        review.sign(store, "consultant", FIXED_NOW)
    review.resolve(store, 1, 1, FIXED_NOW)
    with pytest.raises(PlanRuleError, match="only Zhao signs"):
        review.sign(_as(store, "Chen"), "owner", FIXED_NOW)
    assert review.sign(_as(store, "Chen"), "consultant", FIXED_NOW) is None
    assert review.changes_since_signed(store) is None
    version = review.sign(_as(store, "Zhao"), "owner", FIXED_NOW)
    assert version is not None and version.number == 1
    assert [f.title for f in version.items] == ["Clean contacts", "Dashboards"]
    assert review.changes_since_signed(store) == (1, [])
    with pytest.raises(PlanRuleError, match="not changed since version 1"):
        review.sign(store, "owner", FIXED_NOW)
    # Later changes: a goal, a new item, a dropped one. Progress alone is no change.
    svc.add_progress(store, 1, "Started", FIXED_NOW.date(), "in_progress")
    assert review.changes_since_signed(store) == (1, [])
    svc.edit_item(store, 1, goal="1%")
    svc.add_item(store, year=3, title="Portal")
    svc.edit_item(store, 2, status="dropped", dropped_reason="Vendor portal")
    number, changes = review.changes_since_signed(store)
    assert number == 1
    summary = {(c.kind, c.item_id): c.fields for c in changes}
    assert summary[("changed", 1)] == (("goal", "5%", "1%"),)
    assert ("added", 3) in summary
    assert summary[("changed", 2)] == (("dropped_reason", "", "Vendor portal"),)
    # The edited item went back to the consultant.
    assert svc.get_item(store, 1).verdict is None


def test_a_change_after_one_signature_voids_it(store: ProjectStore) -> None:
    _accept_all(store)
    review.sign(_as(store, "Chen"), "consultant", FIXED_NOW)
    assert len(review.valid_signatures(store)) == 1
    svc.edit_item(store, 2, owner="Li")
    assert review.valid_signatures(store) == []
    review.judge(_as(store, "Chen"), 2, "accepted", FIXED_NOW)
    assert review.sign(_as(store, "Zhao"), "owner", FIXED_NOW) is None  # still one only


def test_move_reorders_within_a_quarter(store: ProjectStore) -> None:
    third = svc.add_item(store, year=1, title="Third")
    svc.move_item(store, third.id, position=1)
    assert [i.title for i in svc.items(store) if i.year == 1] == ["Third", "Clean contacts"]
    svc.move_item(store, third.id, year=2, quarter=3)
    moved = svc.get_item(store, third.id)
    assert (moved.year, moved.quarter) == (2, 3)


def test_bad_input_is_refused_with_the_field(store: ProjectStore) -> None:
    with pytest.raises(PlanRuleError) as e:
        svc.add_item(store, year=4, title="x")
    assert e.value.field == "year"
    with pytest.raises(PlanRuleError) as e:
        svc.edit_item(store, 1, status="dropped")
    assert e.value.field == "dropped_reason"
    with pytest.raises(PlanRuleError, match="no issue 99"):
        svc.add_item(store, year=1, title="x", issue_ids=[99])
    with pytest.raises(PlanRuleError, match="no plan item 42"):
        svc.get_item(store, 42)


def test_older_files_load(store: ProjectStore) -> None:
    from crmgov.domain.plan.model import PlanItem

    old = PlanItem.model_validate({"id": 3, "year": 2, "kind": "analysis", "title": "Old",
                                   "status": "agreed", "issue_id": 5,
                                   "comments": [{"author": "C", "at": "2026-01-01T10:00:00",
                                                 "text": "hm"}]})
    assert old.status.value == "planned" and old.area.value == "analytics"
    assert old.linked_issues == [5] and old.comments[0].state is ThreadState.OPEN
