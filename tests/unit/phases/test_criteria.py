"""Each live criterion at its threshold (passes) and one step past it (fails); data that is
not there fails and says so; the phase's scope picks what is counted."""

from __future__ import annotations

from crmgov.domain.enums import DataKind, IssueStatus, Role
from crmgov.domain.phases.model import IntegrationPoint
from crmgov.domain.phases.rules import evaluate_gate
from crmgov.domain.phases.scope import LiveInputs
from tests.unit.phases.helpers import (
    NOW,
    PROJECT,
    cert,
    inputs,
    issue,
    live,
    measured,
    person,
    phase,
    sop,
)


def judge(item, data, **scope):
    return evaluate_gate(phase(item, **scope), data).items[0]


def test_certification_at_and_past_its_threshold() -> None:
    staff = [person(i) for i in range(1, 5)]
    three = inputs(staff=staff, certs=[cert(1), cert(2), cert(3)])
    assert judge(live("certification", 0.75), three).passed
    assert judge(live("certification", 0.75), three).figure == "3/4 (75%)"
    failing = judge(live("certification", 0.76), three)
    assert not failing.passed and failing.records == ("P4",) and failing.record_ids == (4,)
    expired = inputs(staff=staff, certs=[cert(1), cert(2), cert(3, expired=True)])
    assert not judge(live("certification", 0.75), expired).passed


def test_certification_counts_only_active_crm_roles_in_scope() -> None:
    staff = [person(1), person(2, region="South"), person(3, dept="Finance"),
             person(4, role=Role.AUDITOR), person(5, active=False)]
    result = judge(live("certification"), inputs(staff=staff, certs=[cert(1)]))
    assert result.passed and result.figure == "1/1 (100%)"
    wider = judge(live("certification"), inputs(staff=staff, certs=[cert(1)]),
                  regions=())  # no regions: every region
    assert wider.figure == "1/2 (50%)" and wider.records == ("P2",)


def test_certification_without_staff_in_scope_says_so_and_fails() -> None:
    result = judge(live("certification"), inputs(staff=[person(1, dept="IT")]))
    assert not result.passed and result.unavailable
    missing = evaluate_gate(phase(live("certification")), LiveInputs(project=PROJECT, now=NOW))
    assert not missing.items[0].passed and missing.items[0].unavailable
    assert "no certification data" in missing.items[0].detail


def test_urgent_overdue_at_and_past_its_threshold() -> None:
    staff = [person(1)]
    late = [issue(1, urgent=True, hours_ago=49), issue(2, urgent=True, hours_ago=50),
            issue(3, urgent=True, hours_ago=47), issue(4, hours_ago=200)]
    data = inputs(staff=staff, issues=late)
    assert judge(live("urgent_overdue", 2), data).passed
    failing = judge(live("urgent_overdue", 1), data)
    assert not failing.passed and failing.record_ids == (1, 2) and failing.figure == "2"
    closed = inputs(staff=staff, issues=[issue(1, urgent=True, hours_ago=49,
                                               status=IssueStatus.CLOSED)])
    assert judge(live("urgent_overdue", 0), closed).passed


def test_open_issues_need_an_owner_and_dated_tasks() -> None:
    data = inputs(staff=[person(1)], issues=[
        issue(1), issue(2, tasks=False), issue(3, owner="", phase_id=1),
        issue(4, tasks=False, status=IssueStatus.CLOSED)])
    assert judge(live("issues_owned", 2), data).passed
    failing = judge(live("issues_owned", 1), data)
    assert not failing.passed and failing.record_ids == (2, 3)


def test_recurring_issues_need_a_preventive_action() -> None:
    data = inputs(staff=[person(1)], issues=[
        issue(1, recurring=True), issue(2, recurring=True, preventive="checklist"),
        issue(3, recurring=True, status=IssueStatus.CLOSED)])
    assert judge(live("recurring_prevented", 2), data).passed
    failing = judge(live("recurring_prevented", 1), data)
    assert not failing.passed and failing.record_ids == (1, 3)


def test_issue_scope_is_the_phase_or_its_people() -> None:
    staff = [person(1), person(2, region="South")]
    found = [issue(1, urgent=True, hours_ago=60, owner="P1"),
             issue(2, urgent=True, hours_ago=60, owner="P2"),
             issue(3, urgent=True, hours_ago=60, owner="Nobody", phase_id=1),
             issue(4, urgent=True, hours_ago=60, owner="Nobody", phase_id=2)]
    result = judge(live("urgent_overdue"), inputs(staff=staff, issues=found))
    assert result.record_ids == (1, 3)
    every = judge(live("urgent_overdue"), inputs(staff=staff, issues=found),
                  departments=(), regions=())
    assert every.record_ids == (1, 2, 3, 4)


def test_sops_approved_and_acknowledged_to_the_threshold() -> None:
    staff = [person(i) for i in range(1, 5)]
    sops = [sop(1, read_by=(1, 2, 3)), sop(2, read_by=(1, 2, 3, 4)), sop(3, dept="Finance")]
    data = inputs(staff=staff, sops=sops)
    ok = judge(live("sops", 0.875), data)  # 7 of 8 acknowledgements
    assert ok.passed and ok.figure == "2/2 · 88%"
    failing = judge(live("sops", 0.88), data)
    assert not failing.passed and failing.record_ids == (1,)
    draft = inputs(staff=staff, sops=[sop(1, approved=False), sop(2, read_by=(1, 2, 3, 4))])
    assert not judge(live("sops", 0.0), draft).passed
    none = judge(live("sops"), inputs(staff=staff, sops=[sop(3, dept="Finance")]))
    assert not none.passed and none.unavailable


def test_data_quality_at_and_past_the_tables_thresholds() -> None:
    tables = ["Accounts", "Contact keys"]
    at = inputs(quality=[measured("accounts", 5), measured("Contact keys", 1,
                                                          kind=DataKind.KEY_FIELDS)])
    assert judge(live("data_quality", tables=tables), at).passed  # 5% and 1%: at the limit
    past = inputs(quality=[measured("Accounts", 6), measured("Contact keys", 1)])
    failing = judge(live("data_quality", tables=tables), past)
    assert not failing.passed and failing.records == ("Accounts: 6.0% over 5.0%",)
    override = judge(live("data_quality", 0.06, tables=["Accounts"]), past)
    assert override.passed
    unmeasured = judge(live("data_quality", tables=["Leads"]), past)
    assert not unmeasured.passed and unmeasured.records == ("Leads: not measured",)


def test_sponsor_named() -> None:
    assert judge(live("sponsor"), inputs()).passed
    nobody = PROJECT.model_copy(update={"executive_sponsor": ""})
    assert not judge(live("sponsor"), inputs(project=nobody)).passed


def test_integration_points_at_and_past_the_threshold() -> None:
    p = phase(live("integration_points", 2))
    p = p.model_copy(update={"integration_points": [
        IntegrationPoint(name="Orders", owner="A", state="live"),
        IntegrationPoint(name="Invoices", owner="B", state="planned")]})
    assert evaluate_gate(p, inputs()).items[0].passed
    fewer = p.model_copy(update={"gate": [live("integration_points", 3)]})
    assert not evaluate_gate(fewer, inputs()).items[0].passed
    unowned = p.model_copy(update={"integration_points": [
        IntegrationPoint(name="Orders", owner="A"), IntegrationPoint(name="Credit")]})
    result = evaluate_gate(unowned, inputs()).items[0]
    assert not result.passed and result.records == ("Credit",)
