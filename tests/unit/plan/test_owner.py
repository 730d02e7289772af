"""The owner-readiness checklist (validated with FILE:LINE), answers, review, figure, gaps
→ plan items or issues."""

from __future__ import annotations

from pathlib import Path

import pytest

from crmgov.domain.plan.rules import PlanRuleError
from crmgov.services.plan import owner
from crmgov.services.plan.owner import ReadinessChecklistError, load_checklist
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def test_the_shipped_checklist_is_valid() -> None:
    ids = [line.id for line in load_checklist()]
    assert {"daily-admin", "accounts-rights", "process-changes", "data-quality", "reports",
            "integrations", "training", "vendor-support"} <= set(ids)


@pytest.mark.parametrize("body, where, what", [
    ('[[area]]\nid = "a"\nen = "A"\n', ":1:", "zh"),
    ('[[area]]\nid = "a"\nen = "A"\nzh = "甲"\n\n[[area]]\nid = "Bad Id"\nen = "B"\nzh = "乙"\n',
     ":7:", "id"),
    ('[[area]]\nid = "a"\nen = "A"\nzh = "甲"\nplan_area = "nowhere"\n', ":5:", "plan_area"),
    ('[[area]]\nid = "a"\nen = "A"\nzh = "甲"\n[[area]]\nid = "a"\nen = "B"\nzh = "乙"\n',
     ":6:", "duplicate"),
    ('[[area]\nid = 1\n', ":1", "TOML"),
])
def test_a_broken_checklist_names_file_and_line(tmp_path: Path, body: str, where: str,
                                               what: str) -> None:
    path = tmp_path / "owner-readiness.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ReadinessChecklistError) as e:
        load_checklist(path)
    message = str(e.value)
    assert message.startswith(str(path)) and where in message and what in message
    assert "\n" not in message


def test_answers_review_figure_and_gaps(empty_store: ProjectStore) -> None:
    store = empty_store
    n = len(load_checklist())
    assert owner.owner_readiness(store).figure == 0 and len(owner.owner_readiness(store).gaps) == n
    with pytest.raises(PlanRuleError, match="don't know"):
        owner.assess(store, "reports", "partly", "", FIXED_NOW)
    owner.assess(store, "reports", "partly", "new reports", FIXED_NOW)
    owner.assess(store, "training", "yes", "", FIXED_NOW)
    owner.assess(store, "data-quality", "yes", "", FIXED_NOW)
    with pytest.raises(PlanRuleError, match="why you disagree"):
        owner.review(store, "data-quality", "disagrees", "", FIXED_NOW)
    owner.review(store, "data-quality", "disagrees", "not alone yet", FIXED_NOW)
    state = owner.owner_readiness(store)
    assert state.figure == round(1.5 / n, 4)
    reasons = {g.line.id: g.reason for g in state.gaps}
    assert reasons["reports"] == "partly" and reasons["data-quality"] == "disputed"
    assert "training" not in reasons and reasons["daily-admin"] == "unanswered"
    # A changed answer asks the consultant again.
    owner.assess(store, "data-quality", "partly", "root causes", FIXED_NOW)
    assert owner.owner_readiness(store).assessments["data-quality"].view is None
    with pytest.raises(PlanRuleError, match="no readiness line"):
        owner.assess(store, "nope", "yes", "", FIXED_NOW)


def test_a_gap_becomes_a_plan_item_or_an_issue_once(empty_store: ProjectStore) -> None:
    store = empty_store
    owner.assess(store, "reports", "partly", "new reports", FIXED_NOW)
    item = owner.gap_to_plan(store, "reports", FIXED_NOW, year=2)
    assert item.year == 2 and item.area.value == "analytics"
    assert "new reports" in item.description
    assert owner.owner_readiness(store).assessments["reports"].plan_item_id == item.id
    with pytest.raises(PlanRuleError, match="already"):
        owner.gap_to_issue(store, "reports", FIXED_NOW)
    issue = owner.gap_to_issue(store, "integrations", FIXED_NOW)  # unanswered is a gap too
    assert issue.category.value == "training"
    gaps = {g.line.id: g for g in owner.owner_readiness(store).gaps}
    assert gaps["integrations"].handled and gaps["reports"].handled
    owner.assess(store, "training", "yes", "", FIXED_NOW)
    with pytest.raises(PlanRuleError, match="not a gap"):
        owner.gap_to_plan(store, "training", FIXED_NOW)
