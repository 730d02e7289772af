"""Hand-built records for the phases tests: small, so each figure is easy to count."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from crmgov.domain.certification.model import Certification, StaffMember
from crmgov.domain.enums import DataKind, IssueStatus, PhaseKind, Role, Urgency
from crmgov.domain.issues.model import Issue, Task
from crmgov.domain.phases.model import GateItem, Phase, PhaseScope
from crmgov.domain.phases.scope import LiveInputs, gate_issues
from crmgov.domain.project import Project
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.sops.model import SOP, Acknowledgement, SOPVersion

NOW = datetime(2026, 11, 23, 9, 30)
TODAY = NOW.date()
PROJECT = Project(name="P", executive_sponsor="Sponsor", consultant="Consultant",
                  internal_owner="Owner")


def person(pid: int, dept: str = "Sales", region: str = "East", role: Role = Role.VETERAN,
           active: bool = True) -> StaffMember:
    return StaffMember(id=pid, name=f"P{pid}", role=role, department=dept, region=region,
                       active=active)


def cert(pid: int, *, expired: bool = False) -> Certification:
    return Certification(id=pid, staff_id=pid, attempt_id=pid, issued_on=date(2026, 1, 1),
                         expires_on=date(2026, 6, 1) if expired else None)


def issue(iid: int, *, urgent: bool = False, hours_ago: float = 1, owner: str = "P1",
          tasks: bool = True, status: IssueStatus = IssueStatus.NEW, recurring: bool = False,
          preventive: str = "", phase_id: int | None = None) -> Issue:
    return Issue(
        id=iid, title=f"I{iid}", description="d", owner=owner,
        urgency=Urgency.URGENT if urgent else Urgency.GENERAL, status=status,
        created_at=NOW - timedelta(hours=hours_ago), recurring=recurring,
        preventive_action=preventive, phase_id=phase_id,
        tasks=[Task(text="t", owner=owner or "x", due=TODAY)] if tasks else [],
    )


def sop(sid: int, *, dept: str = "Sales", approved: bool = True, read_by: tuple[int, ...] = ()
        ) -> SOP:
    version = SOPVersion(version=1, summary="s", author="a", written_on=date(2026, 1, 1),
                         approved_by="b" if approved else "",
                         approved_on=date(2026, 1, 2) if approved else None)
    return SOP(id=sid, code=f"SOP-{sid}", title="t", department=dept, versions=[version],
               acknowledgements=[Acknowledgement(staff_id=p, version=1, on=date(2026, 1, 3))
                                 for p in read_by])


def measured(table: str, errors: int, records: int = 100,
             kind: DataKind = DataKind.STATIC) -> QualityMeasurement:
    return QualityMeasurement(table=table, kind=kind, measured_on=TODAY, records=records,
                              errors=errors)


def phase(*items: GateItem, departments: tuple[str, ...] = ("Sales",),
          regions: tuple[str, ...] = ("East",), pid: int = 1) -> Phase:
    return Phase(id=pid, order=1, name="Pilot", kind=PhaseKind.PILOT, goal="g",
                 scope=PhaseScope(departments=list(departments), regions=list(regions)),
                 gate=list(items))


def live(criterion: str, threshold: float | None = None, **extra: object) -> GateItem:
    return GateItem(text=criterion, key=criterion, live=criterion, threshold=threshold,
                    **extra)  # type: ignore[arg-type]


def inputs(*, staff=(), certs=(), issues=(), sops=(), quality=(), project=PROJECT,
           phases=()) -> LiveInputs:
    return LiveInputs(project=project, now=NOW, staff=list(staff), certifications=list(certs),
                      sops=list(sops), quality=list(quality),
                      issues=gate_issues(list(issues), project.sla), plan=[],
                      phases=list(phases))
