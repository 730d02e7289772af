"""The demo's rollout: four phases whose gates show every kind of gate item.

1. Process redesign (other): signed by the sponsor, and still passing.
2. Pilot: East region sales: evaluated and signed, but since regressed (certificates in
   the pilot team expired or were revoked after the sign-off; its figures stay frozen).
3. Expansion: customer service (active): live items, evidence awaiting sign-off, a waiver.
4. Integration: ERP and finance (planned): integration points, one still without an owner.

The list keeps the pilot, expansion and integration at ids 1-3 (the demo's issues name
them); the redesign phase comes last in the table but first in rollout order.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from crmgov.domain.enums import PhaseKind, PhaseStatus
from crmgov.domain.phases.model import (
    Evaluation,
    EvidenceFile,
    FrozenItem,
    GateItem,
    GateSignOff,
    IntegrationPoint,
    Phase,
    PhaseScope,
    Waiver,
)
from crmgov.services.demo.text import DemoText, PhaseText
from crmgov.services.phases.checklists import GateChecklists

PM, CONSULTANT, OWNER = 0, 1, 2
#: Evidence files the demo writes beside its project file (relative to its folder).
EVIDENCE_DIR = "crmgov-demo-evidence"

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "redesign": "Process redesign: target sales and service processes",
        "redesign_goal": "Redesign the sales and service processes first and write them down; "
        "the CRM follows the process, not the other way round.",
        "redesign_ev": "Target process maps v2 (lead to order, case to closure), approved in "
        "the steering committee",
        "redesign_link": "https://intranet.example.com/crm/process-maps-v2",
        "pilot_results": "East sales worked only in the CRM for 20 weeks: 96% of visits and "
        "all quotes logged, accounts deduplicated, error rates under 5%.",
        "pilot_adjust": "Opportunity stages cut from 9 to 6; the sales assistant enters visits "
        "for travelling reps within one day; SOP-SAL-02 revised.",
        "owner_ev": "Finance memo FIN-2026-14: payment terms created by finance only",
        "owner_link": "https://intranet.example.com/finance/memo-fin-2026-14",
        "waiver": "Two recurring quote-PDF cases wait for the vendor's patch (due in three "
        "weeks); a manual check of every quote is in place until then.",
        "orders": "Orders to ERP", "invoices": "Invoice status from ERP",
        "credit": "Credit limits from finance",
        "erp": "ERP", "finance": "Finance system",
    },
    "zh": {
        "redesign": "流程重构：销售与服务目标流程",
        "redesign_goal": "先重构并写下销售与服务流程；让系统适应流程，而不是让流程迁就软件。",
        "redesign_ev": "目标流程图第2版（线索到订单、工单到关闭），已经项目指导委员会审批",
        "redesign_link": "https://intranet.example.com/crm/process-maps-v2",
        "pilot_results": "华东销售团队20周只用CRM工作：96%的拜访和全部报价已录入，客户已去重，"
        "错误率低于5%。",
        "pilot_adjust": "商机阶段由9个减为6个；销售内勤在一天内代出差销售录入拜访；"
        "SOP-SAL-02已修订。",
        "owner_ev": "财务通知 FIN-2026-14：付款条件只由财务创建",
        "owner_link": "https://intranet.example.com/finance/memo-fin-2026-14",
        "waiver": "两起重复发生的报价单PDF问题等待厂商补丁（三周内）；在此之前每张报价单人工复核。",
        "orders": "订单同步到ERP", "invoices": "从ERP回传发票状态",
        "credit": "从财务系统获取信用额度",
        "erp": "ERP", "finance": "财务系统",
    },
}


def evidence_file(lang: str) -> tuple[str, bytes]:
    """(relative path, content) of the demo's evidence file: the finance memo."""
    words = _TEXT[lang]
    body = f"# {words['owner_ev']}\n\n{words['owner_link']}\n".encode()
    return f"{EVIDENCE_DIR}/FIN-2026-14.{lang}.md", body


def write_evidence(folder: Path, lang: str) -> None:
    """Write the demo's evidence file into `folder` (the project file's folder)."""
    relative, body = evidence_file(lang)
    target = folder / relative
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(body)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0))


def _scope(p: PhaseText) -> PhaseScope:
    return PhaseScope(departments=list(p.departments), regions=list(p.regions),
                      functions=list(p.functions))


def _items(gates: GateChecklists, kind: PhaseKind, lang: str, tables: list[str]) -> list[GateItem]:
    items = [entry.gate_item(lang) for entry in gates.for_kind(kind)]
    # The checklist names tables in English; the demo's are named in its language.
    return [i.model_copy(update={"tables": tables}) if i.live == "data_quality" and tables
            else i for i in items]


def _evidenced(item: GateItem, note: str, by: str, when: datetime, link: str = "") -> GateItem:
    return item.model_copy(update={"evidence": note, "link": link, "signed_off_by": by,
                                   "signed_off_at": when})


def _frozen(items: list[GateItem], figures: list[str]) -> list[FrozenItem]:
    return [FrozenItem(key=i.key, text=i.text, passed=True, figure=f)
            for i, f in zip(items, figures, strict=False)]


def demo_phases(text: DemoText, gates: GateChecklists, today: date, lang: str) -> list[Phase]:
    """The four demo phases as of `today`, in `lang` (en or zh)."""
    t, d = today, timedelta(days=1)
    words = _TEXT[lang]
    pm, owner, sponsor = text.people[PM], text.people[OWNER], text.sponsor
    p1, p2, p3 = text.phases
    table = {key: text.quality[key].table for key in text.quality}

    # 1 (rollout order): process redesign, signed and still passing.
    # Its live item is the sponsor named (an issue-based one would fail on the demo's log).
    sponsor_named = [e.gate_item(lang) for e in gates.for_kind(PhaseKind.PILOT)
                     if e.live == "sponsor"]
    redesign_items = [e.gate_item(lang) for e in gates.for_kind(PhaseKind.OTHER)
                      if not e.live] + sponsor_named
    signed_on = t - 402 * d
    redesign_items = [
        _evidenced(i, words["redesign_ev"], sponsor if i.role == "sponsor" else pm,
                   _at(signed_on - d, 15), words["redesign_link"]) if not i.live else i
        for i in redesign_items
    ]
    redesign = Phase(
        order=1, name=words["redesign"], kind=PhaseKind.OTHER, goal=words["redesign_goal"],
        scope=PhaseScope(departments=[text.departments["pmo"]]),
        planned_start=t - 470 * d, planned_end=t - 410 * d, actual_start=t - 468 * d,
        actual_end=signed_on, status=PhaseStatus.DONE, gate=redesign_items,
        sign_off=GateSignOff(by=sponsor, at=_at(signed_on, 17), items=_frozen(
            redesign_items, ["✓", "✓", sponsor])),
    )

    # 2: pilot, evaluated and signed; live figures have since regressed.
    pilot_items = _items(gates, PhaseKind.PILOT, lang, [table["accounts"], table["contacts"]])
    pilot_end = t - 250 * d
    pilot_items = [
        _evidenced(i, text.gate_evidence[4], sponsor, _at(pilot_end - 3 * d, 16))
        if not i.live else i for i in pilot_items
    ]
    pilot = Phase(
        order=2, name=p1.name, kind=PhaseKind.PILOT, goal=p1.goal, scope=_scope(p1),
        planned_start=t - 400 * d, planned_end=t - 260 * d, actual_start=t - 395 * d,
        actual_end=pilot_end, status=PhaseStatus.DONE, gate=pilot_items,
        evaluation=Evaluation(results=words["pilot_results"], adjustments=words["pilot_adjust"],
                              decision="proceed", signed_by=sponsor,
                              signed_on=pilot_end - 4 * d),
        sign_off=GateSignOff(by=sponsor, at=_at(pilot_end - 2 * d, 17), items=_frozen(
            pilot_items, ["14/14 (100%)", "2/2", "3/3 · 96%", "0", sponsor, "✓"])),
    )

    # 3: expansion, active: live items, evidence awaiting sign-off, a waiver.
    expand_items = []
    for i in _items(gates, PhaseKind.EXPAND, lang, [table["service_cases"], table["contacts"]]):
        if i.key == "master-data-owner" or (not i.live and i.role != "sponsor"):
            relative, body = evidence_file(lang)
            pinned = EvidenceFile(path=relative, size=len(body),
                                  sha256=hashlib.sha256(body).hexdigest())
            i = i.model_copy(update={"evidence": words["owner_ev"], "link": words["owner_link"],
                                     "file": pinned})
        elif i.live == "recurring_prevented":
            i = i.model_copy(update={"waiver": Waiver(
                reason=words["waiver"], by=sponsor, until=t + 21 * d, at=_at(t - 3 * d, 11))})
        expand_items.append(i)
    expand = Phase(
        order=3, name=p2.name, kind=PhaseKind.EXPAND, goal=p2.goal, scope=_scope(p2),
        planned_start=t - 230 * d, planned_end=t + 30 * d, actual_start=t - 225 * d,
        status=PhaseStatus.ACTIVE, gate=expand_items,
    )

    # 4: integration, planned, with its integration points.
    integrate = Phase(
        order=4, name=p3.name, kind=PhaseKind.INTEGRATE, goal=p3.goal, scope=_scope(p3),
        planned_start=t + 60 * d, planned_end=t + 240 * d, status=PhaseStatus.PLANNED,
        gate=_items(gates, PhaseKind.INTEGRATE, lang, []),
        integration_points=[
            IntegrationPoint(name=words["orders"], system=words["erp"], owner=owner,
                             state="building"),
            IntegrationPoint(name=words["invoices"], system=words["erp"], owner=owner,
                             state="planned"),
            IntegrationPoint(name=words["credit"], system=words["finance"], owner="",
                             state="planned"),
        ],
    )
    return [pilot, expand, integrate, redesign]
