"""The demo's spot checks: a plan with one check overdue, checks recorded step by step, a
certificate revoked after a failed check, and a deviation that recurred and became a
recurring issue (the first closed with its root cause and preventive action)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from crmgov.domain.enums import Category, IssueStatus, Language, Role, Urgency
from crmgov.domain.issues.model import Issue, Transition
from crmgov.domain.sops.rules import step_ref, steps_of
from crmgov.domain.spotchecks.model import (
    Consequence,
    ConsequenceKind,
    PlannedCheck,
    SpotCheck,
    StepResult,
)
from crmgov.services.demo import build

_TEXT = {
    Language.EN: {
        "late": "qualified {days} working days after entry",
        "ok": "as written",
        "finding": "Leads qualified late: the three-day rule is not being followed.",
        "again": "Same step again: qualification still late after the first finding.",
        "skip": "Stages skipped without the decision-maker contact; recertification required.",
        "root": "Qualification was left to the weekly pipeline meeting instead of done daily.",
        "prevent": "Daily CRM task list for unqualified leads older than two days.",
        "title": "Spot check: {ref} not followed",
        "desc": "Spot check #{id} of {person}: {records} deviated from {ref}.",
    },
    Language.ZH: {
        "late": "录入后 {days} 个工作日才完成资格确认",
        "ok": "符合规定",
        "finding": "线索资格确认滞后：未遵守三个工作日的规定。",
        "again": "同一步骤再次偏差：首次发现后资格确认仍然滞后。",
        "skip": "未联系决策人就跳过阶段；需要重新认证。",
        "root": "资格确认被推迟到每周的销售例会，而不是每天完成。",
        "prevent": "CRM 每日任务清单提醒超过两天未确认资格的线索。",
        "title": "抽查：未遵守 {ref}",
        "desc": "第 {id} 次抽查（{person}）：{records} 未遵守 {ref}。",
    },
}


def enrich(tables: dict[str, Sequence[Any]], language: Language, today: date) -> None:
    """Add the plan and the step-by-step checks to the demo's tables (in place)."""
    t = _TEXT[language]
    # Records get their ids when the demo is written: id = position + 1 in each table.
    staff = [p.model_copy(update={"id": n}) for n, p in enumerate(tables["staff"], 1)]
    sops = [s.model_copy(update={"id": n}) for n, s in enumerate(tables["sops"], 1)]
    checks: list[SpotCheck] = list(tables["spot_checks"])
    issues: list[Issue] = list(tables["issues"])
    certs = list(tables["certifications"])
    cert_ids = {id(c): n for n, c in enumerate(certs, 1)}
    sop = next((s for s in sops if s.current is not None and len(steps_of(s.current)) >= 3),
               None)
    auditor = next((p.name for p in staff if p.role is Role.AUDITOR), "Audit")
    valid = {c.staff_id for c in certs if c.valid_on(today)}
    veterans = [p for p in staff if p.active and p.role is Role.VETERAN and p.id in valid]
    if sop is None or len(veterans) < 6:
        return
    step, step_text = steps_of(sop.current)[2]
    first_step = steps_of(sop.current)[0][0]
    ref = step_ref(sop.code, step)

    def results(late: int, days: int) -> list[StepResult]:
        out = []
        for n in range(1, 6):
            record = f"lead {4300 + 10 * days + n}"
            out.append(StepResult(record=record, step_id=first_step, conforms=True, note=t["ok"]))
            out.append(StepResult(record=record, step_id=step, conforms=n > late,
                                  note=t["late"].format(days=4 + n) if n <= late else t["ok"]))
        return out

    def check(person: Any, days: int, late: int, finding: str, plan: int | None = None
              ) -> SpotCheck:
        rs = results(late, days)
        c = SpotCheck(staff_id=person.id, auditor=auditor,
                      checked_on=today - timedelta(days=days), records_checked=5,
                      deviations=late, sop_id=sop.id, sop_version=sop.current.version,
                      findings=finding, results=rs, plan_id=plan)
        checks.append(c)
        return c

    def check_id(c: SpotCheck) -> int:
        return checks.index(c) + 1

    def issue(c: SpotCheck, closed: bool, related: list[int]) -> int:
        made = build.at(c.checked_on, 16)
        person = next(p for p in staff if p.id == c.staff_id)
        late = sorted({r.record for r in c.results if not r.conforms})
        status = IssueStatus.CLOSED if closed else IssueStatus.TRIAGED
        transitions = [Transition(status=IssueStatus.NEW, at=made, by=auditor),
                       Transition(status=IssueStatus.TRIAGED, at=made + timedelta(hours=3),
                                  by=auditor)]
        if closed:
            transitions.append(Transition(status=IssueStatus.RESOLVED,
                                          at=made + timedelta(days=3), by=auditor))
            transitions.append(Transition(status=IssueStatus.CLOSED,
                                          at=made + timedelta(days=4), by=auditor))
        description = t["desc"].format(id=check_id(c), person=person.name,
                                       records=", ".join(late), ref=ref)
        i = Issue(title=t["title"].format(ref=ref), description=f"{description} ({step_text})",
                  requester=auditor, category=Category.PROCESS, urgency=Urgency.GENERAL,
                  status=status, owner=person.name, sop_id=sop.id, created_at=made,
                  transitions=transitions, recurring=bool(related), related_ids=related,
                  root_cause=t["root"] if closed else "",
                  corrective_action=t["ok"] if closed else "",
                  preventive_action=t["prevent"] if closed else "")
        issues.append(i)
        return len(issues)

    one, two, three, four, five, six = veterans[:6]
    plans = [
        PlannedCheck(staff_id=two.id, sop_id=sop.id, auditor=auditor,
                     due=today - timedelta(days=9), planned_on=today - timedelta(days=30),
                     seed=20261102, weight=12.5, done_check_id=None),
        PlannedCheck(staff_id=three.id, sop_id=sop.id, auditor=auditor,
                     due=today - timedelta(days=3), planned_on=today - timedelta(days=30),
                     seed=20261102, weight=9.0),
        PlannedCheck(staff_id=four.id, sop_id=sop.id, auditor=auditor,
                     due=today + timedelta(days=6), planned_on=today - timedelta(days=2),
                     seed=20261130, weight=15.0),
        PlannedCheck(staff_id=five.id, sop_id=sop.id, auditor=auditor,
                     due=today + timedelta(days=17), planned_on=today - timedelta(days=2),
                     seed=20261130, weight=7.5),
    ]
    first = check(one, 45, 2, t["finding"])
    i1 = issue(first, closed=True, related=[])
    first.consequences.append(Consequence(kind=ConsequenceKind.ISSUE, ref=i1, step_id=step,
                                          at=build.at(first.checked_on, 16)))
    again = check(two, 10, 3, t["again"], plan=1)
    plans[0] = plans[0].model_copy(update={"done_check_id": check_id(again)})
    i2 = issue(again, closed=False, related=[i1])
    again.consequences.append(Consequence(kind=ConsequenceKind.ISSUE, ref=i2, step_id=step,
                                          at=build.at(again.checked_on, 16)))
    # A certificate the demo already revoked: the failed check that revoked it.
    revoked = next((c for c in certs if c.revoked and c.revoked_on), None)
    if revoked is not None:
        holder = next(p for p in staff if p.id == revoked.staff_id)
        failed = check(holder, (today - revoked.revoked_on).days, 4, t["skip"])
        failed.consequences.append(Consequence(kind=ConsequenceKind.REVOKE,
                                               ref=cert_ids[id(revoked)],
                                               note=t["skip"],
                                               at=build.at(revoked.revoked_on, 17)))
        certs[certs.index(revoked)] = revoked.model_copy(update={
            "revoked_reason": f"#{check_id(failed)}: {t['skip']}"})
    del six
    tables["spot_checks"], tables["issues"], tables["certifications"] = checks, issues, certs
    tables["spotcheck_plans"] = plans
