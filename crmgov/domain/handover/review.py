"""The consultant's closing review (domain.md §6), answered from the project's records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.enums import PlanKind, Role
from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES, Issue
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.project import Project
from crmgov.domain.sops.model import SOP


@dataclass(frozen=True)
class ReviewCheck:
    """One closing question and the figures that answer it (presentation translates)."""

    code: str
    """sops | self_handling | owners | recurring | internal_owner | plan_reviewed | blind_spots"""
    ok: bool
    """Whether the answer is yes."""
    figures: dict[str, object] = field(default_factory=dict)
    """Counts and names behind the answer, e.g. {"approved": 9, "total": 10}."""


@dataclass(frozen=True)
class ClosingReview:
    """Every closing question, and the issues the company must be able to handle alone."""

    checks: list[ReviewCheck]
    unresolved: list[Issue]
    """Open issues plus every deferred-scope / special-case issue, in id order."""

    @property
    def passed(self) -> int:
        """How many questions are answered yes."""
        return sum(1 for c in self.checks if c.ok)


def closing_review(
    project: Project,
    sops: Sequence[SOP],
    issues: Sequence[Issue],
    staff: Sequence[StaffMember],
    plan: Sequence[PlanItem],
) -> ClosingReview:
    """Are processes written, is the unresolved list complete, can someone inside carry on,
    is the improvement plan reviewed and free of the usual blind spots?"""
    drafts = sorted(s.code for s in sops if s.current is None)
    open_issues = [i for i in issues if i.is_open]
    special = [i for i in issues if i.category in SELF_HANDLING_CATEGORIES]
    unhandled = [i for i in special if not i.self_handling]
    ownerless = [i for i in open_issues if not i.owner]
    recurring_gap = [i for i in issues if i.recurring and not i.preventive_action]
    owners = [s for s in staff if s.active and s.role is Role.INTERNAL_OWNER]
    reviewed = sum(1 for i in plan if i.reviewed)
    kinds = {i.kind for i in plan}
    checks = [
        ReviewCheck("sops", bool(sops) and not drafts,
                    {"approved": len(sops) - len(drafts), "total": len(sops), "drafts": drafts}),
        ReviewCheck("self_handling", not unhandled,
                    {"special": len(special), "missing": len(unhandled)}),
        ReviewCheck("owners", not ownerless,
                    {"open": len(open_issues), "ownerless": len(ownerless)}),
        ReviewCheck("recurring", not recurring_gap, {"count": len(recurring_gap)}),
        ReviewCheck("internal_owner", bool(project.internal_owner) and bool(owners),
                    {"name": project.internal_owner}),
        ReviewCheck("plan_reviewed", bool(plan) and reviewed == len(plan),
                    {"reviewed": reviewed, "items": len(plan)}),
        ReviewCheck("blind_spots", PlanKind.ANALYSIS in kinds and PlanKind.PROSPECTING in kinds,
                    {"analysis": PlanKind.ANALYSIS in kinds,
                     "prospecting": PlanKind.PROSPECTING in kinds}),
    ]
    unresolved = [i for i in issues if i.is_open or i.category in SELF_HANDLING_CATEGORIES]
    return ClosingReview(checks, unresolved)
