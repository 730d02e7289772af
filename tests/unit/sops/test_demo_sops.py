"""The demo makes the SOP area meaningful in both languages; transitions are audited."""

from __future__ import annotations

import json

import pytest

from crmgov.domain.enums import SOPStatus
from crmgov.domain.sops.rules import coverage, parse_steps, review_overdue
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize("fixture", ["demo_store", "demo_store_zh"])
def test_demo_sops(fixture: str, request: pytest.FixtureRequest) -> None:
    store: ProjectStore = request.getfixturevalue(fixture)
    sops = store.all("sops")
    staff = store.all("staff")
    assert len(sops) == 10
    for sop in sops:
        for v in sop.versions:
            assert 5 <= len(parse_steps(v.body)) <= 12, (sop.code, v.version)
            assert len(v.step_ids) == len(parse_steps(v.body))
    latest = [s.latest.status for s in sops if s.latest]
    assert latest.count(SOPStatus.IN_REVIEW) == 1
    assert sum(1 for s in sops if s.current is None) == 1  # the draft-only SOP
    assert sum(1 for s in sops if review_overdue(s, FIXED_NOW.date())) == 1
    assert max(len(s.versions) for s in sops) == 3
    shares = [coverage(s, staff).share for s in sops if s.current]
    assert any(share < 1 for share in shares) and any(share == 1 for share in shares)
    linked = [(s, v, i) for s in sops for v in s.versions for i in v.because_of]
    assert linked
    for sop, _v, issue_id in linked:
        issue = store.get("issues", issue_id)
        assert issue.sop_id == sop.id and issue.preventive_action and not issue.is_open
    assert any(store.get("issues", i).recurring for _s, _v, i in linked)


def test_approval_is_in_the_audit_trail(demo_store: ProjectStore) -> None:
    from crmgov.services.sops.log import approve
    from crmgov.storage.audit_log import audit_path_for

    demo_store.actor = demo_store.all("staff")[0].name  # the project manager
    approve(demo_store, "SOP-SVC-02", now=FIXED_NOW)
    lines = audit_path_for(demo_store.path).read_text(encoding="utf-8").splitlines()
    event = json.loads(lines[-1])
    assert event["action"] == "sop.approve" and event["actor"] == demo_store.actor
    assert event["table"] == "sops"
