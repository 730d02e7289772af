"""Go-live readiness at a glance: the figures behind the dashboard and `crmgov status`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from crmgov.domain.certification.model import CERTIFIED_ROLES, Certification, StaffMember
from crmgov.domain.enums import PhaseStatus, PlanStatus, SLAState, Urgency
from crmgov.domain.issues.model import OPEN_STATUSES, Issue, IssueSkim
from crmgov.domain.issues.sla import sla_clock, window
from crmgov.domain.phases.model import Phase, phase_numbers, rollout_order
from crmgov.domain.phases.rules import FileState, evaluate_gate
from crmgov.domain.phases.scope import GateIssue, LiveInputs, gate_issues
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.plan.rules import progress
from crmgov.domain.project import Project
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.sops.model import SOP
from crmgov.domain.spotchecks.model import SpotCheck

#: Version of the status JSON; bumped only when a key changes meaning or disappears.
STATUS_SCHEMA = 1
#: Spot checks older than this no longer count as supervision.
SPOT_CHECK_WINDOW = timedelta(days=90)
#: Certificates expiring within this are flagged for recertification.
EXPIRY_WARNING = timedelta(days=30)


@dataclass
class PhaseFigures:
    id: int
    order: int
    name: str
    kind: str
    status: str
    gate_met: int
    gate_total: int
    gate_state: str = "blocked"
    """blocked, passes, signed or regressed (signed, since regressed): rules.GateEvaluation."""
    number: int = 0
    """The phase's number as shown and typed (phases.model.phase_numbers)."""


@dataclass
class CertificationFigures:
    required: int
    certified: int
    coverage: float
    uncertified: list[str]
    expiring_soon: int
    spot_checks_recent: int
    spot_check_failures_recent: int


@dataclass
class IssueFigures:
    open_urgent: int
    open_general: int
    overdue_urgent: int
    overdue_general: int
    at_risk: int
    recurring_without_preventive: int
    closed: int

    @property
    def open_total(self) -> int:
        return self.open_urgent + self.open_general

    @property
    def overdue_total(self) -> int:
        return self.overdue_urgent + self.overdue_general


@dataclass
class SOPFigures:
    total: int
    approved: int
    acknowledgement_coverage: float
    """Acknowledged over expected; 0 when nobody has to read an SOP in force (no staff it
    applies to yet: not "everyone has read it")."""
    review_overdue: int = 0
    """SOPs in force past their review date (domain.sops.rules.review_overdue)."""
    acknowledgement_expected: int = 0
    """Acknowledgements expected over every SOP in force (0: nobody has to read one)."""


@dataclass
class PlanFigures:
    items: int
    reviewed: int
    by_year: dict[str, int]
    done: int
    progress: dict[str, Any] | None = None
    """After go-live: plan progress against time elapsed (domain.plan.rules.progress)."""


@dataclass
class QualityFigures:
    tables: int
    within_threshold: int
    failing: list[str]


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


def _phase_figures(phase: Phase, gate: tuple[int, str], number: int) -> PhaseFigures:
    return PhaseFigures(
        phase.id,
        phase.order,
        phase.name,
        str(phase.kind),
        str(phase.status),
        gate[0],
        len(phase.gate),
        gate[1],
        number,
    )


def gate_met(
    phases: Sequence[Phase], inputs: LiveInputs, files: Mapping[int, Mapping[int, FileState]]
) -> dict[int, tuple[int, str]]:
    """Per phase id, the gate items that pass or are waived now, and the gate's state
    (phases.rules)."""
    out = {}
    for p in phases:
        result = evaluate_gate(p, inputs, files.get(p.id))
        out[p.id] = (result.met, result.state)
    return out


def current_phase(phases: Sequence[Phase]) -> Phase | None:
    """The first phase not done, in rollout order (None when all are done or none exist)."""
    for phase in rollout_order(phases):
        if phase.status is not PhaseStatus.DONE:
            return phase
    return None


@dataclass
class CertificationSets:
    """Who and what each certification figure counts (ids), so that a figure and the view
    it opens always agree: the dashboard, `crmgov status` and the Staff area all read these."""

    required: list[int]
    """Active staff in CRM roles (people who left are in no figure)."""
    certified: list[int]
    """Of those, holders of a valid, unrevoked certificate today."""
    uncertified: list[int]
    """Of those, the rest: they must (re)certify before working in the CRM."""
    expiring: list[int]
    """Of those, people whose longest-lasting valid certificate ends within 30 days."""
    spot_checks_recent: list[int]
    """Spot-check record ids of the last 90 days."""
    spot_check_failures_recent: list[int]
    """Of those, the checks that found deviations."""


def certification_sets(
    staff: Sequence[StaffMember],
    certifications: Sequence[Certification],
    spot_checks: Sequence[SpotCheck],
    today: date,
) -> CertificationSets:
    """The ids behind every certification figure (see CertificationSets)."""
    required = [s for s in staff if s.active and s.role in CERTIFIED_ROLES]
    valid = {c.staff_id for c in certifications if c.valid_on(today)}
    # A person is "expiring" only if their longest-lasting valid certificate expires soon:
    # someone who renewed early still holds the old one, which must not flag them.
    last_valid_day: dict[int, date] = {}
    for c in certifications:
        if c.valid_on(today):
            until = c.expires_on or date.max
            last_valid_day[c.staff_id] = max(until, last_valid_day.get(c.staff_id, until))
    expiring = {s for s, until in last_valid_day.items() if until - today <= EXPIRY_WARNING}
    recent = [c for c in spot_checks if today - c.checked_on <= SPOT_CHECK_WINDOW]
    return CertificationSets(
        required=[s.id for s in required],
        certified=[s.id for s in required if s.id in valid],
        uncertified=[s.id for s in required if s.id not in valid],
        expiring=[s.id for s in required if s.id in expiring],
        spot_checks_recent=[c.id for c in recent],
        spot_check_failures_recent=[c.id for c in recent if not c.passed],
    )


def certification_figures(
    staff: Sequence[StaffMember],
    certifications: Sequence[Certification],
    spot_checks: Sequence[SpotCheck],
    today: date,
) -> CertificationFigures:
    """Who must hold a certificate, who does, and whether veterans are being checked."""
    sets = certification_sets(staff, certifications, spot_checks, today)
    names = {s.id: s.name for s in staff}
    return CertificationFigures(
        required=len(sets.required),
        certified=len(sets.certified),
        # Nobody to certify is not "everyone certified": 0, and a `no_staff` blocker.
        coverage=round(len(sets.certified) / len(sets.required), 4) if sets.required else 0.0,
        uncertified=sorted(names[i] for i in sets.uncertified),
        expiring_soon=len(sets.expiring),
        spot_checks_recent=len(sets.spot_checks_recent),
        spot_check_failures_recent=len(sets.spot_check_failures_recent),
    )


def issue_figures(
    issues: Sequence[Issue] | Sequence[IssueSkim], project: Project, now: datetime
) -> IssueFigures:
    """Open, overdue and at-risk counts by urgency; recurring issues still lacking prevention."""
    open_issues = [i for i in issues if i.status in OPEN_STATUSES]
    states = sla_clock(open_issues, project.sla, now)
    return count_issues(
        ((i.urgency, state) for i, (_due, state) in zip(open_issues, states, strict=True)),
        closed=len(issues) - len(open_issues),
        recurring_gap=sum(1 for i in issues if i.recurring and not i.preventive_action),
    )


def count_issues(
    open_states: Iterable[tuple[Urgency, SLAState]], *, closed: int, recurring_gap: int
) -> IssueFigures:
    """The issue figures from each open issue's (urgency, SLA state) and two totals; shared
    with the issue index (services.issues.index), which has no Issue models."""
    counts: Counter[tuple[str, str]] = Counter()
    for urgency, state in open_states:
        counts["open", urgency] += 1
        if state is SLAState.OVERDUE:
            counts["overdue", urgency] += 1
        elif state is SLAState.AT_RISK:
            counts["at_risk", ""] += 1
    return IssueFigures(
        open_urgent=counts["open", Urgency.URGENT],
        open_general=counts["open", Urgency.GENERAL],
        overdue_urgent=counts["overdue", Urgency.URGENT],
        overdue_general=counts["overdue", Urgency.GENERAL],
        at_risk=counts["at_risk", ""],
        recurring_without_preventive=recurring_gap,
        closed=closed,
    )


def stable_until(issues: Sequence[Issue], project: Project, now: datetime) -> datetime:
    """The first moment after `now` at which figures computed at `now` can differ while the
    project itself stays the same: the next midnight (certificates, spot checks and the
    go-live countdown go by the day), or the next open issue turning at risk or overdue.

    Lets a status computed earlier be shown as it is until then (services.status.snapshot).
    """
    limit = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    open_issues = [i for i in issues if i.status in OPEN_STATUSES]
    risk = {u: window(u, project.sla) * project.sla.at_risk_fraction for u in Urgency}
    for issue, (due, state) in zip(
        open_issues, sla_clock(open_issues, project.sla, now), strict=True
    ):
        if state is SLAState.ON_TRACK:
            limit = min(limit, due - risk[issue.urgency])  # at risk from that moment on
        elif state is SLAState.AT_RISK:
            limit = min(limit, due + timedelta(microseconds=1))  # overdue once past due
    return limit


def sop_figures(
    sops: Sequence[SOP], staff: Sequence[StaffMember], today: date | None = None
) -> SOPFigures:
    """Approved SOPs (retired ones no longer count), and the share of acknowledgements of
    the version in force over everyone each SOP applies to (domain.sops.rules.coverage)."""
    from crmgov.domain.sops.rules import coverage, review_overdue

    live = [s for s in sops if not s.retired]
    approved = [s for s in live if s.current is not None]
    expected = acknowledged = 0
    for sop in approved:
        cov = coverage(sop, staff)
        expected += cov.expected
        acknowledged += len(cov.acknowledged)
    return SOPFigures(
        total=len(live),
        approved=len(approved),
        acknowledgement_coverage=round(acknowledged / expected, 4) if expected else 0.0,
        review_overdue=sum(1 for s in approved if today and review_overdue(s, today)),
        acknowledgement_expected=expected,
    )


def plan_figures(
    items: Sequence[PlanItem], go_live: date | None = None, today: date | None = None
) -> PlanFigures:
    """Plan size, how much the consultant has reviewed, the spread over the years, and
    after go-live the progress against time elapsed."""
    by_year = Counter(str(i.year) for i in items)
    moving = progress(items, go_live, today) if today is not None else None
    return PlanFigures(
        items=len(items),
        reviewed=sum(1 for i in items if i.reviewed),
        by_year=dict(sorted(by_year.items())),
        done=sum(1 for i in items if i.status is PlanStatus.DONE),
        progress=None if moving is None else {**asdict(moving), "behind": moving.behind},
    )


def quality_figures(measurements: Sequence[QualityMeasurement]) -> QualityFigures:
    """The latest measurement of each CRM table against its error-rate threshold."""
    latest: dict[str, QualityMeasurement] = {}
    for m in sorted(measurements, key=lambda m: m.measured_on):
        latest[m.table] = m
    failing = sorted(t for t, m in latest.items() if not m.within_threshold)
    return QualityFigures(len(latest), len(latest) - len(failing), failing)


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
        current_phase=_phase_figures(phase, met[phase.id], numbers[phase.id]) if phase else None,
        phases=[_phase_figures(p, met[p.id], numbers[p.id]) for p in rollout_order(phases)],
        certification=certification_figures(staff, certifications, spot_checks, now.date()),
        issues=counted if counted is not None else issue_figures(issues, project, now),
        sops=sop_figures(sops, staff, now.date()),
        plan=plan_figures(plan, project.go_live_target, now.date()),
        quality=quality_figures(quality),
    )
    result.blockers = blockers_for(result)
    return result
