"""What a phase counts: its departments and regions pick the staff, SOPs and issues.

An empty list means "every": a phase with no regions covers all regions. Names are
compared without regard to case or surrounding blanks, since they are typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from crmgov.domain.certification.model import Certification, StaffMember
from crmgov.domain.enums import Urgency
from crmgov.domain.issues.model import OPEN_STATUSES, Issue, IssueSkim
from crmgov.domain.issues.sla import sla_clock
from crmgov.domain.phases.model import Phase, PhaseScope
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.project import Project, SLASettings
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.sops.model import SOP


class GateIssue(NamedTuple):
    """What the gate's issue criteria read of one issue. Built from Issue models, from the
    issue index's facts or from skims alike, so every path gives the same figures."""

    id: int
    title: str
    urgent: bool
    open: bool
    owner: str
    """Casefolded and stripped, for matching against the scope's people."""
    requester: str
    """Casefolded and stripped."""
    phase_id: int | None
    has_tasks: bool
    recurring: bool
    has_preventive: bool
    due: datetime | None
    """The end of its SLA window (domain.issues.sla), for open urgent issues only (the one
    criterion that reads it); None otherwise."""


def _dues(issues: Sequence[Issue | IssueSkim], sla: SLASettings) -> list[datetime | None]:
    # The SLA clock is the costly part (~0.3 s per 100k); only open urgent issues need it.
    urgent = Urgency.URGENT
    wanted = [n for n, i in enumerate(issues) if i.urgency is urgent and i.status in OPEN_STATUSES]
    dues: list[datetime | None] = [None] * len(issues)
    clock = sla_clock([issues[n] for n in wanted], sla, _ANY)
    for n, (due, _state) in zip(wanted, clock, strict=True):
        dues[n] = due
    return dues


def gate_issues(issues: Sequence[Issue], sla: SLASettings) -> list[GateIssue]:
    """GateIssue of each Issue model the criteria can count: open or recurring ones (a
    closed issue that is not recurring counts in none; most of a big log is closed)."""
    urgent, open_ = Urgency.URGENT, OPEN_STATUSES
    issues = [i for i in issues if i.recurring or i.status in open_]
    return [
        GateIssue(i.id, i.title, i.urgency is urgent, i.status in open_,
                  i.owner.strip().casefold(), i.requester.strip().casefold(), i.phase_id,
                  bool(i.tasks), i.recurring, bool(i.preventive_action), due)
        for i, due in zip(issues, _dues(issues, sla), strict=True)
    ]


def skimmed_gate_issues(skims: Mapping[int, IssueSkim], sla: SLASettings) -> list[GateIssue]:
    """GateIssue of each skim (services.issues.skim) the criteria can count, as
    `gate_issues`."""
    urgent, open_ = Urgency.URGENT, OPEN_STATUSES
    kept = {k: s for k, s in skims.items() if s.recurring or s.status in open_}
    found = list(kept.values())
    return [
        GateIssue(key, s.title, s.urgency is urgent, s.status in open_,
                  s.owner.strip().casefold(), s.requester.strip().casefold(), s.phase_id,
                  bool(s.tasks), s.recurring, bool(s.preventive_action), due)
        for key, s, due in zip(kept, found, _dues(found, sla), strict=True)
    ]


#: Due times do not depend on "now" (see services.issues.index).
_ANY = datetime(2000, 1, 1)


@dataclass(frozen=True)
class LiveInputs:
    """The project data the live criteria read (services.phases.evidence gathers it).

    A table that is None is not available (its area is not there): the criteria reading it
    say so and fail rather than pass on nothing.
    """

    project: Project
    now: datetime
    staff: Sequence[StaffMember] | None = None
    certifications: Sequence[Certification] | None = None
    sops: Sequence[SOP] | None = None
    quality: Sequence[QualityMeasurement] | None = None
    issues: Sequence[GateIssue] | None = None
    plan: Sequence[PlanItem] | None = None
    phases: Sequence[Phase] = field(default_factory=tuple)


def _norm(values: Iterable[str]) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v.strip())


def _matches(value: str, allowed: frozenset[str]) -> bool:
    return not allowed or value.strip().casefold() in allowed


def staff_in_scope(scope: PhaseScope, staff: Iterable[StaffMember]) -> list[StaffMember]:
    """Active staff whose department and region the phase covers."""
    departments, regions = _norm(scope.departments), _norm(scope.regions)
    return [
        s for s in staff
        if s.active and _matches(s.department, departments) and _matches(s.region, regions)
    ]


def sops_in_scope(scope: PhaseScope, sops: Iterable[SOP]) -> list[SOP]:
    """SOPs in force or being written for the phase's departments: not retired, and either
    for every department or for one of the phase's (an SOP carries departments, not
    regions)."""
    departments = _norm(scope.departments)
    return [
        s for s in sops
        if not s.retired and (not departments or not s.scope_departments
                              or bool(_norm(s.scope_departments) & departments))
    ]


def issues_in_scope(
    phase: Phase, issues: Iterable[GateIssue], people: Iterable[StaffMember]
) -> list[GateIssue]:
    """Issues the phase answers for: logged against it, or owned or raised by someone in
    its scope. A phase with no departments and no regions counts every issue."""
    scope = phase.scope
    if not scope.departments and not scope.regions:
        return list(issues)
    names = _norm(s.name for s in people)
    pid = phase.id or -1  # an unsaved phase (id 0) has no issues logged against it
    return [i for i in issues if i.phase_id == pid or i.owner in names or i.requester in names]


def departments_covered(phases: Iterable[Phase]) -> frozenset[str] | None:
    """The departments some phase covers (casefolded), or None when a phase covers all."""
    covered: set[str] = set()
    for phase in phases:
        if not phase.scope.departments:
            return None
        covered |= _norm(phase.scope.departments)
    return frozenset(covered)
