"""The demo's handover review: the consultant has started reviewing the pack.

A project 45 days before go-live is when the consultant's pre-review of the handover
begins, so the demo shows that moment: two sections accepted, two sent back with the
internal owner's answers (one accepted on the second look), the rest still to review, and
the support arrangements written down. Nothing is signed yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from crmgov.domain.enums import Language
from crmgov.domain.handover.review import Handover, ReviewEntry, SectionReview, Verdict

_TEXT = {
    Language.EN: {
        "phases": "Pilot gate evidence is complete; the expansion gate is still open, as the "
                  "pack says.",
        "sops_review": "SOP-FIN-01 (payment terms) is still a draft. Finance must approve it "
                       "before I can accept this section.",
        "sops_answer": "Finance reviews it on Thursday; the approval will be recorded then.",
        "issues_review": "Nine open issues have no owner, and two special cases do not say "
                         "how you handle them without me.",
        "issues_answer": "Owners assigned to all nine; handling notes written for both "
                         "special cases.",
        "issues_again": "Handling notes are clear. Owners confirmed.",
        "certification": "Coverage by department matches the access list the CRM "
                         "administrator holds.",
        "notes": "After handover the consultant supports remotely only: e-mail and one "
                 "video call a month for three months. The internal owner logs every "
                 "request as a support issue; urgent ones are answered within 48 hours.",
    },
    Language.ZH: {
        "phases": "试点关口的证据齐全；扩展阶段的关口仍未通过，文档中已如实反映。",
        "sops_review": "SOP-FIN-01（付款条件）仍是草稿。须由财务批准后我才能通过这一部分。",
        "sops_answer": "财务周四评审，批准结果届时录入。",
        "issues_review": "有九个未解决问题没有负责人，两个特殊业务没有写明离开顾问后公司如何处理。",
        "issues_answer": "九个问题都已指定负责人；两个特殊业务的处理办法已写好。",
        "issues_again": "处理办法清楚，负责人已确认。",
        "certification": "各部门的持证情况与 CRM 管理员手中的权限名单一致。",
        "notes": "交接后顾问仅提供远程支持：三个月内邮件支持，每月一次视频会议。"
                 "内部负责人把每次求助都登记为支持请求问题；紧急请求 48 小时内答复。",
    },
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0))


def handover(language: Language, consultant: str, owner: str, today: date) -> list[Handover]:
    """The one handover record of the demo."""
    t = _TEXT[language]
    one, two, three = (today - timedelta(days=d) for d in (6, 4, 2))

    def review(verdict: Verdict, day: date, text: str, hour: int = 10) -> ReviewEntry:
        return ReviewEntry(by=consultant, at=_at(day, hour), verdict=verdict, text=text)

    def answer(day: date, text: str) -> ReviewEntry:
        return ReviewEntry(by=owner, at=_at(day, 15), text=text)

    sections = [
        SectionReview(section="phases", verdict=Verdict.ACCEPTED,
                      thread=[review(Verdict.ACCEPTED, one, t["phases"])]),
        SectionReview(section="sops", verdict=Verdict.NEEDS_WORK, thread=[
            review(Verdict.NEEDS_WORK, one, t["sops_review"]), answer(two, t["sops_answer"]),
        ]),
        SectionReview(section="certification", verdict=Verdict.ACCEPTED,
                      thread=[review(Verdict.ACCEPTED, two, t["certification"])]),
        SectionReview(section="issues", verdict=Verdict.ACCEPTED, thread=[
            review(Verdict.NEEDS_WORK, one, t["issues_review"], 11),
            answer(two, t["issues_answer"]),
            review(Verdict.ACCEPTED, three, t["issues_again"]),
        ]),
    ]
    return [Handover(sections=sections, notes=t["notes"])]
