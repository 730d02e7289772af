"""Readiness rules (crmgov/domain/readiness.py and the areas' figures.py) on hand-built
models."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from crmgov.domain.certification.figures import (
    EXPIRY_WARNING,
    SPOT_CHECK_WINDOW,
    certification_figures,
)
from crmgov.domain.certification.model import Certification, StaffMember
from crmgov.domain.enums import (
    DataKind,
    IssueStatus,
    PhaseStatus,
    PlanKind,
    PlanStatus,
    Role,
    Urgency,
)
from crmgov.domain.issues.figures import issue_figures
from crmgov.domain.issues.model import Issue, Transition
from crmgov.domain.phases.figures import current_phase
from crmgov.domain.phases.model import GateItem, Phase
from crmgov.domain.plan.figures import plan_figures
from crmgov.domain.plan.model import PlanItem, ReviewComment
from crmgov.domain.project import Project
from crmgov.domain.quality.figures import quality_figures
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.readiness import readiness
from crmgov.domain.sops.figures import sop_figures
from crmgov.domain.sops.model import SOP, Acknowledgement, SOPVersion
from crmgov.domain.spotchecks.model import SpotCheck

NOW = datetime(2026, 11, 23, 9, 30)
TODAY = NOW.date()
DAY = timedelta(days=1)
PROJECT = Project(name="P")


def person(id: int, role: Role = Role.VETERAN, active: bool = True, name: str = "") -> StaffMember:
    return StaffMember(id=id, name=name or f"P{id}", role=role, active=active)


def cert(staff_id: int, issued: date, expires: date | None = None, **kw: object) -> Certification:
    return Certification(staff_id=staff_id, attempt_id=1, issued_on=issued, expires_on=expires,
                         **kw)  # type: ignore[arg-type]


def signed(text: str = "x") -> GateItem:
    return GateItem(text=text, evidence="report", signed_off_by="Sponsor", signed_off_at=NOW)


def phase(id: int, order: int, status: PhaseStatus, gate: list[GateItem] | None = None) -> Phase:
    return Phase(id=id, order=order, name=f"Phase {order}", goal="g", status=status,
                 gate=gate or [])


def issue(hours_ago: float, urgency: Urgency = Urgency.GENERAL,
          status: IssueStatus = IssueStatus.NEW, **kw: object) -> Issue:
    created = NOW - timedelta(hours=hours_ago)
    transitions = [Transition(status=IssueStatus.NEW, at=created)]
    if status is not IssueStatus.NEW:
        transitions.append(Transition(status=status, at=created + timedelta(hours=1)))
    return Issue(title="t", description="d", urgency=urgency, status=status, created_at=created,
                 transitions=transitions, **kw)  # type: ignore[arg-type]


def measurement(table: str, kind: DataKind, on: date, records: int, errors: int,
                duplicates: int = 0) -> QualityMeasurement:
    return QualityMeasurement(table=table, kind=kind, measured_on=on, records=records,
                              errors=errors, duplicates=duplicates)


# ---------------------------------------------------------------------- certification
def test_coverage_counts_only_active_staff_in_certified_roles() -> None:
    staff = [
        person(1, Role.VETERAN), person(2, Role.NEW_HIRE), person(3, Role.SALES_ASSISTANT),
        person(4, Role.VETERAN, active=False), person(5, Role.PROJECT_MANAGER),
        person(6, Role.CONSULTANT), person(7, Role.AUDITOR), person(8, Role.INTERNAL_OWNER),
    ]
    certs = [cert(1, TODAY - 10 * DAY), cert(4, TODAY - 10 * DAY), cert(5, TODAY - 10 * DAY)]
    f = certification_figures(staff, certs, [], TODAY)
    assert (f.required, f.certified) == (3, 1)
    assert f.coverage == round(1 / 3, 4)
    assert f.uncertified == ["P2", "P3"]


def test_only_valid_certificates_count() -> None:
    staff = [person(i) for i in range(1, 6)]
    certs = [
        cert(1, TODAY - 400 * DAY, TODAY - DAY),  # expired yesterday
        cert(2, TODAY - 10 * DAY, revoked=True, revoked_reason="spot check"),
        cert(3, TODAY + DAY),  # not issued yet
        cert(4, TODAY - 365 * DAY, TODAY),  # last valid day
        cert(5, TODAY - DAY),  # no expiry
    ]
    f = certification_figures(staff, certs, [], TODAY)
    assert f.uncertified == ["P1", "P2", "P3"]
    assert f.certified == 2


def test_nobody_to_certify_is_no_coverage() -> None:
    # Issue 22: an empty staff list read "0/0 certified (100%)".
    f = certification_figures([person(1, Role.PROJECT_MANAGER)], [], [], TODAY)
    assert (f.required, f.coverage, f.uncertified) == (0, 0.0, [])


def test_expiring_soon_is_within_the_warning_window() -> None:
    staff = [person(i) for i in range(1, 5)]
    certs = [
        cert(1, TODAY - 300 * DAY, TODAY + EXPIRY_WARNING),  # exactly at the edge: flagged
        cert(2, TODAY - 300 * DAY, TODAY + EXPIRY_WARNING + DAY),  # one day later: not
        cert(3, TODAY - 300 * DAY, TODAY - DAY),  # already expired: uncertified, not expiring
        cert(4, TODAY - 300 * DAY),  # never expires
    ]
    f = certification_figures(staff, certs, [], TODAY)
    assert f.expiring_soon == 1


def test_renewing_early_clears_the_expiry_warning() -> None:
    """The old certificate is still valid for a few days, but the new one lasts a year."""
    certs = [
        cert(1, TODAY - 355 * DAY, TODAY + 10 * DAY),
        cert(1, TODAY - 3 * DAY, TODAY + 362 * DAY),
    ]
    f = certification_figures([person(1)], certs, [], TODAY)
    assert (f.certified, f.expiring_soon) == (1, 0)


def test_expiring_certificates_of_people_not_required_are_ignored() -> None:
    staff = [person(1, active=False), person(2, Role.AUDITOR)]
    certs = [cert(1, TODAY - 350 * DAY, TODAY + DAY), cert(2, TODAY - 350 * DAY, TODAY + DAY)]
    assert certification_figures(staff, certs, [], TODAY).expiring_soon == 0


def test_spot_checks_count_within_the_window_only() -> None:
    def check(days_ago: int, deviations: int) -> SpotCheck:
        return SpotCheck(staff_id=1, auditor="A", checked_on=TODAY - days_ago * DAY,
                         records_checked=20, deviations=deviations)

    window = SPOT_CHECK_WINDOW.days
    checks = [check(0, 0), check(window, 2), check(window + 1, 3), check(10, 1)]
    f = certification_figures([person(1)], [], checks, TODAY)
    assert (f.spot_checks_recent, f.spot_check_failures_recent) == (3, 2)


# -------------------------------------------------------------------------- phases
def test_current_phase_is_the_first_not_done_by_order() -> None:
    phases = [
        phase(3, 3, PhaseStatus.PLANNED),
        phase(1, 1, PhaseStatus.DONE),
        phase(2, 2, PhaseStatus.EVALUATING),
    ]
    found = current_phase(phases)
    assert found is not None and found.id == 2


def test_no_current_phase_when_all_done_or_none() -> None:
    assert current_phase([phase(1, 1, PhaseStatus.DONE)]) is None
    assert current_phase([]) is None


def test_gate_item_is_met_only_with_evidence_and_sign_off() -> None:
    items = [
        signed(),
        GateItem(text="evidence only", evidence="report"),
        GateItem(text="no sign-off time", evidence="report", signed_off_by="Sponsor"),
        GateItem(text="nothing"),
    ]
    assert [i.met for i in items] == [True, False, False, False]
    assert phase(1, 1, PhaseStatus.ACTIVE, items).gate_met == 1
    with pytest.raises(ValidationError, match="without evidence"):
        GateItem(text="x", signed_off_by="Sponsor", signed_off_at=NOW)


# --------------------------------------------------------------------------- issues
def test_issue_figures_by_urgency_and_sla_state() -> None:
    issues = [
        issue(50, Urgency.URGENT),  # overdue (48 h)
        issue(40, Urgency.URGENT),  # at risk (last 9.6 h)
        issue(10, Urgency.URGENT),  # on track
        issue(121, Urgency.GENERAL, IssueStatus.IN_PROGRESS),  # overdue (120 h)
        issue(100, Urgency.GENERAL, IssueStatus.TRIAGED),  # at risk (last 24 h)
        issue(200, Urgency.GENERAL, IssueStatus.CLOSED),
        issue(200, Urgency.URGENT, IssueStatus.RESOLVED),
    ]
    f = issue_figures(issues, PROJECT, NOW)
    assert (f.open_urgent, f.open_general, f.overdue_urgent, f.overdue_general) == (3, 2, 1, 1)
    assert (f.at_risk, f.closed, f.open_total, f.overdue_total) == (2, 2, 5, 2)


def test_recurring_without_preventive_action_counts_open_and_closed() -> None:
    issues = [
        issue(200, status=IssueStatus.CLOSED, recurring=True, no_preventive_reason="rows fixed"),
        issue(200, status=IssueStatus.CLOSED, recurring=True, preventive_action="owner"),
        issue(5, recurring=True),
        issue(200, status=IssueStatus.CLOSED, no_preventive_reason="one-off"),
    ]
    assert issue_figures(issues, PROJECT, NOW).recurring_without_preventive == 2


# ----------------------------------------------------------------------- data quality
def test_quality_uses_the_latest_measurement_of_each_table() -> None:
    rows = [
        measurement("accounts", DataKind.STATIC, TODAY - 30 * DAY, 100, 9),  # old, failing
        measurement("accounts", DataKind.STATIC, TODAY, 100, 3),  # latest, passing
        measurement("terms", DataKind.MASTER, TODAY, 100, 1, 20),  # latest, failing
        measurement("terms", DataKind.MASTER, TODAY - 30 * DAY, 100, 1),  # old, passing
    ]
    f = quality_figures(rows)
    assert (f.tables, f.within_threshold, f.failing) == (2, 1, ["terms"])


@pytest.mark.parametrize(
    ("kind", "errors", "within"),
    [
        (DataKind.STATIC, 5, True), (DataKind.STATIC, 6, False),
        (DataKind.KEY_FIELDS, 1, True), (DataKind.KEY_FIELDS, 2, False),
        (DataKind.LEADS, 20, True), (DataKind.LEADS, 21, False),
        (DataKind.TRANSACTIONAL, 5, True), (DataKind.MASTER, 6, False),
    ],
)
def test_thresholds_per_kind_of_data(kind: DataKind, errors: int, within: bool) -> None:
    assert measurement("t", kind, TODAY, 100, errors).within_threshold is within


def test_duplicates_count_as_errors() -> None:
    assert not measurement("terms", DataKind.MASTER, TODAY, 100, 2, 4).within_threshold


# ---------------------------------------------------------------------- SOPs and plan
def _sop(id: int, approved: bool, acks: list[tuple[int, int]]) -> SOP:
    v1 = SOPVersion(version=1, summary="s", author="A", written_on=TODAY - 40 * DAY,
                    approved_by="PM", approved_on=TODAY - 30 * DAY)
    v2 = SOPVersion(version=2, summary="s", author="A", written_on=TODAY - 10 * DAY,
                    approved_by="PM" if approved else "",
                    approved_on=TODAY - 5 * DAY if approved else None)
    return SOP(id=id, code=f"S{id}", title="t", versions=[v1, v2], acknowledgements=[
        Acknowledgement(staff_id=s, version=v, on=TODAY) for s, v in acks])


def test_sop_acknowledgements_count_the_version_in_force_for_active_certified_staff() -> None:
    staff = [person(1), person(2), person(3, active=False), person(4, Role.PROJECT_MANAGER)]
    sops = [
        _sop(1, True, [(1, 2), (2, 1), (3, 2), (4, 2)]),  # only staff 1 read v2 and counts
        _sop(2, False, [(1, 1), (2, 1), (2, 2)]),  # v2 is a draft: v1 is in force
        SOP(id=3, code="S3", title="draft only", versions=[SOPVersion(
            version=1, summary="s", author="A", written_on=TODAY)]),
    ]
    f = sop_figures(sops, staff)
    assert (f.total, f.approved) == (3, 2)
    assert f.acknowledgement_coverage == 0.75


def test_plan_figures() -> None:
    comment = ReviewComment(author="Consultant", at=NOW, text="ledger only",
                            blind_spot="used only as a ledger")
    items = [
        PlanItem(year=2, kind=PlanKind.ANALYSIS, title="a", comments=[comment]),
        PlanItem(year=1, kind=PlanKind.IMPROVEMENT, title="b", status=PlanStatus.DONE),
        PlanItem(year=1, kind=PlanKind.PROSPECTING, title="c"),
    ]
    f = plan_figures(items)
    assert (f.items, f.reviewed, f.done, f.by_year) == (3, 1, 1, {"1": 2, "2": 1})


# -------------------------------------------------------------------------- blockers
def _readiness(**overrides: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = dict(
        project=PROJECT, phases=[phase(1, 1, PhaseStatus.ACTIVE, [signed()])],
        staff=[person(1)], certifications=[cert(1, TODAY - DAY)], spot_checks=[], issues=[],
        sops=[_sop(1, True, [])], plan=[], quality=[], now=NOW,
    )
    args.update(overrides)
    return readiness(**args)  # type: ignore[arg-type]


def test_ready_when_nothing_blocks() -> None:
    r = _readiness()
    assert r.blockers == [] and r.ready
    assert r.to_json()["ready"] is True


def test_blockers_name_what_stands_in_the_way() -> None:
    r = _readiness(
        phases=[
            phase(1, 1, PhaseStatus.DONE, [GateItem(text="open")]),
            phase(2, 2, PhaseStatus.ACTIVE, [signed(), GateItem(text="a"), GateItem(text="b")]),
        ],
        staff=[person(1), person(2, Role.NEW_HIRE)],
        issues=[issue(50, Urgency.URGENT), issue(200, Urgency.GENERAL),
                issue(3, recurring=True)],
        sops=[_sop(1, True, []), SOP(id=2, code="S2", title="draft")],
        quality=[measurement("terms", DataKind.MASTER, TODAY, 100, 10)],
    )
    got = {(b.code, b.count, b.subject) for b in r.blockers}
    assert got == {
        ("gate", 2, "Phase 2"),  # the current phase only; phase 1 is done
        ("certification", 1, ""),
        ("urgent_overdue", 1, ""),  # an overdue general issue does not block
        ("recurring", 1, ""),
        ("data_quality", 1, "terms"),
        ("sops", 1, ""),
    }
    assert not r.ready


def test_empty_project_is_blocked_by_missing_phases_staff_and_sops() -> None:
    r = _readiness(phases=[], staff=[], certifications=[], sops=[])
    assert {b.code for b in r.blockers} == {"no_phases", "no_sops", "no_staff"}
    assert r.current_phase is None


def test_nobody_in_a_crm_role_blocks_go_live() -> None:
    # Issue 22: a project with no staff had no certification blocker at all.
    r = _readiness(staff=[person(1, Role.PROJECT_MANAGER)], certifications=[])
    assert [(b.code, b.count) for b in r.blockers] == [("no_staff", 0)]
    assert not r.ready


def test_status_json_keeps_its_keys() -> None:
    data = _readiness().to_json()
    assert set(data) == {
        "schema", "as_of", "project", "ready", "blockers", "current_phase", "phases",
        "certification", "issues", "sops", "plan", "data_quality",
    }
    assert set(data["issues"]) == {"open", "overdue", "at_risk", "recurring_without_preventive",
                                   "closed"}
    assert data["as_of"] == "2026-11-23T09:30:00"
