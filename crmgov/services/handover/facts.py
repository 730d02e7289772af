"""What the closure checklist reads, gathered from every area of one project.

Each area is read through its own figures (the readiness figures the dashboard shows, the
issue log, the audit trail), so the checklist and the dashboard cannot disagree. Where an
area keeps no data to judge by yet, the fact is None and the checklist says "not known".
"""

from __future__ import annotations

from datetime import datetime

from crmgov.domain.enums import Role
from crmgov.domain.handover.checklist import HandoverFacts
from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES, Issue
from crmgov.domain.readiness import Readiness
from crmgov.domain.sops.rules import review_overdue
from crmgov.services.audit import verify_store
from crmgov.services.plan.owner import owner_reviewed
from crmgov.services.plan.review import plan_signed
from crmgov.services.status.summary import project_status
from crmgov.storage.interface import Store


def gather_facts(
    store: Store, now: datetime, status: Readiness | None = None
) -> HandoverFacts:
    """Every figure of the closure checklist at `now`."""
    status = status or project_status(store, now)
    issues: list[Issue] = store.all("issues")
    open_issues = [i for i in issues if i.is_open]
    special = [i for i in issues if i.category in SELF_HANDLING_CATEGORIES]
    # Retired SOPs no longer count (as on the dashboard); review dates per services.sops.
    sops = [s for s in store.all("sops") if not s.retired]
    project = store.project
    owner_on_staff = any(
        s.active and s.role is Role.INTERNAL_OWNER for s in store.all("staff")
    )
    audit = verify_store(store)
    return HandoverFacts(
        sops_total=status.sops.total,
        sops_approved=status.sops.approved,
        sops_not_approved=sorted(s.code for s in sops if s.current is None),
        sops_review_overdue=sorted(s.code for s in sops if review_overdue(s, now.date())),
        open_issues=len(open_issues),
        open_issues_ownerless=[i.id for i in open_issues if not i.owner],
        self_handling_total=len(special),
        self_handling_missing=[i.id for i in special if not i.self_handling],
        # As the dashboard counts them (readiness.issue_figures).
        recurring_without_preventive=[
            i.id for i in issues if i.recurring and not i.preventive_action
        ],
        internal_owner=project.internal_owner,
        internal_owner_on_staff=owner_on_staff,
        owner_readiness_reviewed=owner_reviewed(store),
        plan_items=status.plan.items,
        plan_reviewed=status.plan.reviewed,
        plan_signed=plan_signed(store),
        crm_staff=status.certification.required,
        certified=status.certification.certified,
        quality_tables=status.quality.tables,
        quality_failing=list(status.quality.failing),
        phases=len(status.phases),
        # A gate counts once the sponsor signed it (the phases area froze its figures).
        gates_open=[p.name for p in sorted(store.all("phases"), key=lambda p: p.order)
                    if p.sign_off is None],
        audit_ok=audit.ok,
        audit_problem=audit.broken.reason if audit.broken is not None else "",
    )
