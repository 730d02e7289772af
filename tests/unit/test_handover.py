"""The closing review answers the consultant's questions from the records."""

from __future__ import annotations

from datetime import date, datetime

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import Category, IssueStatus, PlanKind, Role
from crmgov.domain.handover.review import closing_review
from crmgov.domain.issues.model import Issue
from crmgov.domain.plan.model import PlanItem, ReviewComment
from crmgov.domain.project import Project
from crmgov.domain.sops.model import SOP, SOPVersion
from crmgov.services.handover.review import project_closing_review
from crmgov.storage.store import ProjectStore

NOW = datetime(2026, 11, 23, 9, 0)


def _sop(code: str, approved: bool) -> SOP:
    version = SOPVersion(
        version=1, summary="first", author="A", written_on=date(2026, 1, 1),
        approved_by="B" if approved else "", approved_on=date(2026, 1, 2) if approved else None,
    )
    return SOP(id=1, code=code, title=code, versions=[version])


def _issue(i: int, **kw: object) -> Issue:
    return Issue(id=i, title=f"t{i}", description="d", created_at=NOW, **kw)


def _plan(kind: PlanKind, reviewed: bool) -> PlanItem:
    comments = [ReviewComment(author="C", at=NOW, text="ok")] if reviewed else []
    return PlanItem(id=1, year=1, kind=kind, title="x", comments=comments)


def test_a_clean_close_answers_every_question_yes() -> None:
    review = closing_review(
        Project(name="P", internal_owner="Li"),
        [_sop("S1", True)],
        [_issue(1, category=Category.SPECIAL_CASE, status=IssueStatus.CLOSED,
                self_handling="finance handles it by hand"),
         _issue(2, owner="Li")],
        [StaffMember(id=1, name="Li", role=Role.INTERNAL_OWNER)],
        [_plan(PlanKind.ANALYSIS, True), _plan(PlanKind.PROSPECTING, True)],
    )
    assert [c.ok for c in review.checks] == [True] * 7
    assert review.passed == 7
    assert [i.id for i in review.unresolved] == [1, 2]


def test_each_gap_is_caught() -> None:
    review = closing_review(
        Project(name="P"),
        [_sop("S1", True), _sop("S2", False)],
        [_issue(1, category=Category.DEFERRED_SCOPE), _issue(2, recurring=True)],
        [StaffMember(id=1, name="Wang", role=Role.VETERAN)],
        [_plan(PlanKind.IMPROVEMENT, False)],
    )
    by_code = {c.code: c for c in review.checks}
    assert not by_code["sops"].ok and by_code["sops"].figures["drafts"] == ["S2"]
    assert by_code["self_handling"].figures == {"special": 1, "missing": 1}
    assert by_code["owners"].figures == {"open": 2, "ownerless": 2}
    assert by_code["recurring"].figures == {"count": 1}
    assert not by_code["internal_owner"].ok
    assert by_code["plan_reviewed"].figures == {"reviewed": 0, "items": 1}
    assert by_code["blind_spots"].figures == {"analysis": False, "prospecting": False}
    assert review.passed == 0


def test_the_demo_review_is_meaningful(demo_store: ProjectStore) -> None:
    review = project_closing_review(demo_store)
    assert 0 < review.passed < len(review.checks)
    assert review.unresolved
