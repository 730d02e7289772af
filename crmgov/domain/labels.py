"""Display names of enum values, translated at the moment they are shown."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from crmgov.domain.enums import (
    Category,
    CertState,
    ConsultantView,
    DataKind,
    IssueStatus,
    OwnerAnswer,
    PhaseKind,
    PhaseStatus,
    PlanArea,
    PlanKind,
    PlanStatus,
    Role,
    SLAState,
    TaskStatus,
    Urgency,
    Verdict,
)
from crmgov.i18n import N_, _, join_list

_LABELS: dict[StrEnum, str] = {
    Urgency.URGENT: N_("urgent"),
    Urgency.GENERAL: N_("general"),
    Category.DATA: N_("data"),
    Category.PROCESS: N_("process"),
    Category.SYSTEM: N_("system"),
    Category.TRAINING: N_("training"),
    Category.INTEGRATION: N_("integration"),
    Category.DEFERRED_SCOPE: N_("deferred scope"),
    Category.SPECIAL_CASE: N_("special case"),
    Category.SUPPORT: N_("support request"),
    IssueStatus.NEW: N_("new"),
    IssueStatus.TRIAGED: N_("triaged"),
    IssueStatus.IN_PROGRESS: N_("in progress"),
    IssueStatus.RESOLVED: N_("resolved"),
    IssueStatus.CLOSED: N_("closed"),
    IssueStatus.REOPENED: N_("reopened"),
    TaskStatus.OPEN: N_("open"),
    TaskStatus.DONE: N_("done"),
    TaskStatus.DROPPED: N_("dropped"),
    SLAState.ON_TRACK: N_("on track"),
    SLAState.AT_RISK: N_("at risk"),
    SLAState.OVERDUE: N_("overdue"),
    SLAState.MET: N_("met"),
    SLAState.MISSED: N_("missed"),
    PhaseKind.PILOT: N_("pilot"),
    PhaseKind.EXPAND: N_("expansion"),
    PhaseKind.INTEGRATE: N_("integration"),
    PhaseKind.OTHER: N_("other"),
    PhaseStatus.PLANNED: N_("planned"),
    PhaseStatus.ACTIVE: N_("active"),
    PhaseStatus.EVALUATING: N_("evaluating"),
    PhaseStatus.DONE: N_("done"),
    PhaseStatus.ON_HOLD: N_("on hold"),
    Role.PROJECT_MANAGER: N_("project manager"),
    Role.CONSULTANT: N_("consultant"),
    Role.INTERNAL_OWNER: N_("internal owner"),
    Role.NEW_HIRE: N_("new hire"),
    Role.VETERAN: N_("veteran"),
    Role.SALES_ASSISTANT: N_("sales assistant"),
    Role.AUDITOR: N_("auditor"),
    PlanKind.IMPROVEMENT: N_("improvement"),
    PlanKind.OPEN_PROBLEM: N_("open problem"),
    PlanKind.NEW_SCOPE: N_("new scope"),
    PlanKind.ANALYSIS: N_("analysis"),
    PlanKind.PROSPECTING: N_("prospect development"),
    PlanStatus.PLANNED: N_("planned"),
    PlanStatus.PROPOSED: N_("proposed"),
    PlanStatus.AGREED: N_("agreed"),
    PlanStatus.IN_PROGRESS: N_("in progress"),
    PlanStatus.DONE: N_("done"),
    PlanStatus.DROPPED: N_("dropped"),
    PlanArea.PROCESS: N_("process"),
    PlanArea.DATA_QUALITY: N_("data quality"),
    PlanArea.ANALYTICS: N_("analytics"),
    PlanArea.INTEGRATION: N_("integration"),
    PlanArea.SCOPE_EXPANSION: N_("scope expansion"),
    PlanArea.PROSPECT_DEVELOPMENT: N_("prospect development"),
    PlanArea.TRAINING: N_("training"),
    PlanArea.OTHER: N_("other"),
    Verdict.ACCEPTED: N_("accepted"),
    Verdict.NEEDS_WORK: N_("needs work"),
    OwnerAnswer.YES: N_("yes"),
    OwnerAnswer.PARTLY: N_("partly"),
    OwnerAnswer.NO: N_("no"),
    ConsultantView.CONFIRMED: N_("confirmed"),
    ConsultantView.DISAGREES: N_("disagrees"),
    DataKind.STATIC: N_("static"),
    DataKind.TRANSACTIONAL: N_("transactional"),
    DataKind.KEY_FIELDS: N_("key fields"),
    DataKind.LEADS: N_("leads"),
    DataKind.MASTER: N_("master data"),
    CertState.CERTIFIED: N_("certified"),
    CertState.EXPIRING: N_("expiring"),
    CertState.RECERT_DUE: N_("recertification due"),
    CertState.EXPIRED: N_("expired"),
    CertState.REVOKED: N_("revoked"),
    CertState.NOT_CERTIFIED: N_("not certified"),
    CertState.NOT_REQUIRED: N_("not required"),
}


def label(value: StrEnum) -> str:
    """The translated display name of an enum value."""
    return _(_LABELS.get(value, str(value)))


#: Roles that exist only as sign-off/approver roles, not as a staff member's role.
_EXTRA_ROLES: dict[str, str] = {"sponsor": N_("executive sponsor")}


def role_name(key: str) -> str:
    """A role key as stored ("project_manager", "sponsor") shown in the language in force
    ("project manager", "项目经理"); an unknown key is shown as stored."""
    if key in _EXTRA_ROLES:
        return _(_EXTRA_ROLES[key])
    try:
        return label(Role(key))
    except ValueError:
        return key


_BLOCKERS: dict[str, str] = {
    "gate": N_("{count} gate item(s) still open in {subject}"),
    "certification": N_("{count} staff member(s) not certified"),
    "no_staff": N_("nobody who works in the CRM on the staff list yet"),
    "urgent_overdue": N_("{count} urgent issue(s) overdue"),
    "recurring": N_("{count} recurring issue(s) without a preventive action"),
    "data_quality": N_("data over its error threshold: {subject}"),
    "sops": N_("{count} SOP(s) not approved"),
    "no_sops": N_("no SOP written down yet"),
    "no_phases": N_("no rollout phase planned yet"),
}


def describe_blocker(code: str, count: int, subject: str | Sequence[str] = "") -> str:
    """A go-live blocker as a translated sentence; a list subject (the failing tables) is
    joined the way the language lists things (i18n.join_list)."""
    if not isinstance(subject, str):
        subject = join_list(subject)
    return _(_BLOCKERS.get(code, code), count=count, subject=subject)
