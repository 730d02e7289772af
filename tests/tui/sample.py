"""A small hand-made project for TUI tests that must not depend on the demo's contents."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from crmgov.domain.certification.model import Certification, QuizAttempt, StaffMember
from crmgov.domain.enums import (
    Category,
    DataKind,
    IssueStatus,
    PhaseKind,
    PhaseStatus,
    PlanKind,
    Role,
    Urgency,
)
from crmgov.domain.issues.model import Issue
from crmgov.domain.phases.model import GateItem, Phase, PhaseScope
from crmgov.domain.plan.model import PlanItem, ReviewComment
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.sops.model import SOP, Acknowledgement, SOPVersion
from crmgov.domain.spotchecks.model import SpotCheck
from crmgov.services.projects import init_project
from crmgov.storage.store import ProjectStore


def write_sample(path: Path, now: datetime) -> ProjectStore:
    """3 phases, 5 people, 4 issues (1 urgent overdue, 1 recurring), 2 SOPs, 2 plan items."""
    today = now.date()
    store = init_project(
        path, "Sample rollout", "tester", company="Acme Pumps",
        go_live_target=today + timedelta(days=40), clock=lambda: now,
    )
    signed = GateItem(text="Pilot error rate under 5%", evidence="report 7",
                      signed_off_by="Li Na", signed_off_at=now - timedelta(days=3))
    with store.transaction("test.sample") as t:
        t.insert_many("phases", [
            Phase(order=1, name="Pilot: East sales", kind=PhaseKind.PILOT, goal="Prove it",
                  status=PhaseStatus.ACTIVE,
                  scope=PhaseScope(departments=["Sales"], regions=["East"]),
                  gate=[signed, GateItem(text="All pilot users certified")]),
            Phase(order=2, name="Customer service", kind=PhaseKind.EXPAND, goal="Expand"),
            Phase(order=3, name="ERP integration", kind=PhaseKind.INTEGRATE, goal="Integrate"),
        ])
        staff = t.insert_many("staff", [
            StaffMember(name="Wang Fang", role=Role.VETERAN, department="Sales", region="East"),
            StaffMember(name="Zhao Lei", role=Role.NEW_HIRE, department="Sales", region="East"),
            StaffMember(name="Chen Jie", role=Role.SALES_ASSISTANT, department="Sales"),
            StaffMember(name="Li Na", role=Role.INTERNAL_OWNER, department="IT"),
            StaffMember(name="Sun Mei", role=Role.AUDITOR, department="Audit"),
        ])
        quiz = t.insert("quiz_attempts", QuizAttempt(
            staff_id=staff[0].id, bank="sales-basic", taken_at=now - timedelta(days=20),
            system_score=90, process_score=85))
        t.insert("quiz_attempts", QuizAttempt(
            staff_id=staff[1].id, bank="sales-basic", taken_at=now - timedelta(days=2),
            system_score=95, process_score=60))
        t.insert("certifications", Certification(
            staff_id=staff[0].id, attempt_id=quiz.id, issued_on=today - timedelta(days=20),
            expires_on=today + timedelta(days=10)))
        t.insert("spot_checks", SpotCheck(
            staff_id=staff[0].id, auditor="Sun Mei", checked_on=today - timedelta(days=5),
            records_checked=20, deviations=2, findings="two quotes approved late"))
        t.insert_many("issues", [
            Issue(title="Duplicate payment terms", description="One per customer name",
                  urgency=Urgency.URGENT, category=Category.DATA, owner="Li Na",
                  created_at=now - timedelta(days=4)),
            Issue(title="Quote approval slow", description="Takes three days",
                  created_at=now - timedelta(days=1), recurring=True),
            Issue(title="Export to ERP deferred", description="Phase 3",
                  category=Category.DEFERRED_SCOPE, created_at=now - timedelta(days=30),
                  status=IssueStatus.CLOSED, owner="Li Na",
                  self_handling="Finance re-keys invoices weekly"),
            Issue(title="Consignment orders", description="Rare case",
                  category=Category.SPECIAL_CASE, created_at=now - timedelta(days=2)),
        ])
        v1 = SOPVersion(version=1, summary="First", author="Li Na",
                        written_on=date(2026, 9, 1), approved_by="PM",
                        approved_on=date(2026, 9, 2))
        t.insert_many("sops", [
            SOP(code="SOP-SAL-01", title="Opportunity entry", department="Sales",
                versions=[v1], acknowledgements=[
                    Acknowledgement(staff_id=staff[0].id, version=1, on=date(2026, 9, 3))]),
            SOP(code="SOP-SVC-01", title="Service case intake", versions=[
                SOPVersion(version=1, summary="Draft", author="Li Na",
                           written_on=date(2026, 10, 1))]),
        ])
        t.insert_many("plan", [
            PlanItem(year=1, kind=PlanKind.IMPROVEMENT, title="Weekly data cleanup",
                     owner="Li Na", comments=[ReviewComment(
                         author="Consultant", at=now - timedelta(days=1), text="Good",
                         blind_spot="")]),
            PlanItem(year=2, kind=PlanKind.NEW_SCOPE, title="Service module"),
        ])
        t.insert_many("data_quality", [
            QualityMeasurement(table="accounts", kind=DataKind.STATIC, measured_on=today,
                               records=1000, errors=10),
            QualityMeasurement(table="contacts", kind=DataKind.KEY_FIELDS, measured_on=today,
                               records=1000, errors=80, fill_rate=0.2),
        ])
    return store
