"""Go-live readiness at a glance: the figures behind the dashboard and `crmgov status`.

Each area computes its own figures (domain/<area>/figures.py); this module puts them
together, says what blocks go-live, and writes the stable status JSON.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from crmgov.domain.certification.figures import CertificationFigures, certification_figures
from crmgov.domain.certification.model import Certification, StaffMember
from crmgov.domain.issues.figures import IssueFigures, issue_figures
from crmgov.domain.issues.model import Issue
from crmgov.domain.phases.figures import PhaseFigures, current_phase, gate_met, phase_figures
from crmgov.domain.phases.model import Phase, phase_numbers, rollout_order
from crmgov.domain.phases.rules import FileState
from crmgov.domain.phases.scope import GateIssue, LiveInputs, gate_issues
from crmgov.domain.plan.figures import PlanFigures, plan_figures
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.project import Project
from crmgov.domain.quality.figures import QualityFigures, quality_figures
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.sops.figures import SOPFigures, sop_figures
from crmgov.domain.sops.model import SOP
from crmgov.domain.spotchecks.model import SpotCheck

#: Version of the status JSON; bumped only when a key changes meaning or disappears.
STATUS_SCHEMA = 1


@dataclass
class Blocker:
    """A reason go-live is not yet backed by evidence (shown via labels.describe_blocker)."""

    code: str
    """One of: gate, certification, no_staff, urgent_overdue, recurring, data_quality, sops,
    no_sops, no_phases."""
    count: int
    """How many items block (gate items, people, issues, tables, SOPs)."""
    subject: str = ""
    """The phase name or the failing tables, where that helps."""


@dataclass
class Readiness:
    """Everything the dashboard shows; `to_json` is the stable `crmgov status --json`."""

    project: Project
    as_of: datetime
    current_phase: PhaseFigures | None
    phases: list[PhaseFigures]
    certification: CertificationFigures
    issues: IssueFigures
    sops: SOPFigures
    plan: PlanFigures
    quality: QualityFigures
    blockers: list[Blocker] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.blockers

    def to_json(self) -> dict[str, Any]:
        """The documented status JSON (README, "Status JSON")."""
        issues = asdict(self.issues)
        return {
            "schema": STATUS_SCHEMA,
            "as_of": self.as_of.isoformat(timespec="seconds"),
            "project": {
                "name": self.project.name,
                "company": self.project.company,
                "go_live_target": (
                    self.project.go_live_target.isoformat() if self.project.go_live_target else None
                ),
                "language": str(self.project.language),
            },
            "ready": self.ready,
            "blockers": [asdict(b) for b in self.blockers],
            "current_phase": asdict(self.current_phase) if self.current_phase else None,
            "phases": [asdict(p) for p in self.phases],
            "certification": asdict(self.certification),
            "issues": {
                "open": {
                    "urgent": issues["open_urgent"],
                    "general": issues["open_general"],
                    "total": self.issues.open_total,
                },
                "overdue": {
                    "urgent": issues["overdue_urgent"],
                    "general": issues["overdue_general"],
                    "total": self.issues.overdue_total,
                },
                "at_risk": issues["at_risk"],
                "recurring_without_preventive": issues["recurring_without_preventive"],
                "closed": issues["closed"],
            },
            "sops": asdict(self.sops),
            "plan": asdict(self.plan),
            "data_quality": asdict(self.quality),
        }


def blockers_for(r: Readiness) -> list[Blocker]:
    """What stands between the project and an evidence-backed go-live decision."""
    out: list[Blocker] = []
    phase = r.current_phase
    if phase and phase.gate_met < phase.gate_total:
        out.append(Blocker("gate", phase.gate_total - phase.gate_met, phase.name))
    if r.certification.required == 0:
        out.append(Blocker("no_staff", 0))
    elif r.certification.uncertified:
        out.append(Blocker("certification", len(r.certification.uncertified)))
    if r.issues.overdue_urgent:
        out.append(Blocker("urgent_overdue", r.issues.overdue_urgent))
    if r.issues.recurring_without_preventive:
        out.append(Blocker("recurring", r.issues.recurring_without_preventive))
    if r.quality.failing:
        out.append(Blocker("data_quality", len(r.quality.failing), ", ".join(r.quality.failing)))
    if r.sops.total == 0:
        out.append(Blocker("no_sops", 0))
    elif r.sops.approved < r.sops.total:
        out.append(Blocker("sops", r.sops.total - r.sops.approved))
    if not r.phases:
        out.append(Blocker("no_phases", 0))
    return out


def readiness(
    project: Project,
    phases: Sequence[Phase],
    staff: Sequence[StaffMember],
    certifications: Sequence[Certification],
    spot_checks: Sequence[SpotCheck],
    issues: Sequence[Issue],
    sops: Sequence[SOP],
    plan: Sequence[PlanItem],
    quality: Sequence[QualityMeasurement],
    now: datetime,
    counted: IssueFigures | None = None,
    gate_files: Mapping[int, Mapping[int, FileState]] | None = None,
    counted_gate_issues: Sequence[GateIssue] | None = None,
) -> Readiness:
    """Compute every dashboard figure at `now`.

    `counted`: the issue figures when the caller has them without the Issue models (a big
    project opened through its issue index); `issues` is then not read, and the gates'
    issue criteria read `counted_gate_issues` (None: they count as not met).
    `gate_files`: per phase id, the current state of its evidence files by item index
    (services.phases.evidence); without it evidence files are not checked.
    """
    phase = current_phase(phases)
    inputs = LiveInputs(
        project=project, now=now, staff=staff, certifications=certifications, sops=sops,
        quality=quality, plan=plan,
        issues=counted_gate_issues if counted is not None else gate_issues(issues, project.sla),
        phases=phases,
    )
    met = gate_met(phases, inputs, gate_files or {})
    numbers = phase_numbers(phases)
    result = Readiness(
        project=project,
        as_of=now,
        current_phase=phase_figures(phase, met[phase.id], numbers[phase.id]) if phase else None,
        phases=[phase_figures(p, met[p.id], numbers[p.id]) for p in rollout_order(phases)],
        certification=certification_figures(staff, certifications, spot_checks, now.date()),
        issues=counted if counted is not None else issue_figures(issues, project, now),
        sops=sop_figures(sops, staff, now.date()),
        plan=plan_figures(plan, project.go_live_target, now.date()),
        quality=quality_figures(quality),
    )
    result.blockers = blockers_for(result)
    return result
