"""The demo's three-year plan, its review and the internal owner's readiness (en and zh).

The story: the plan was signed as version 1 three weeks ago; since then the owner changed a
goal, dropped an item and added one from a readiness gap, so the diff shows three changes
and the new and changed items wait for the consultant again (the new one is not
reviewed at all yet). The review threads are open,
answered and resolved. Two blind spots remain: no prospect-development item (the
consultant has said so in a plan-wide thread) and the Opportunities table over its
threshold with no item naming it. The owner is partly ready (about 61%).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from crmgov.domain.base import Record
from crmgov.domain.enums import (
    ConsultantView,
    OwnerAnswer,
    PlanArea,
    PlanStatus,
    Verdict,
)
from crmgov.domain.plan.model import (
    Answer,
    FrozenItem,
    PlanItem,
    PlanReview,
    PlanVersion,
    ProgressNote,
    ReviewComment,
)
from crmgov.domain.plan.owner import OwnerAssessment

A = PlanArea
PM, CONSULTANT, OWNER = 0, 1, 2
#: (year, quarter, area, owner index in DemoText.people, status, issue templates linked).
SHAPE: tuple[tuple[int, int, PlanArea, int, PlanStatus, tuple[int, ...]], ...] = (
    (1, 1, A.DATA_QUALITY, 27, PlanStatus.IN_PROGRESS, ()),        # 0 payment terms
    (1, 1, A.DATA_QUALITY, OWNER, PlanStatus.PLANNED, ()),         # 1 contact key fields
    (1, 2, A.TRAINING, PM, PlanStatus.IN_PROGRESS, ()),            # 2 certification
    (1, 2, A.PROCESS, OWNER, PlanStatus.IN_PROGRESS, ()),          # 3 SOP review
    (1, 3, A.ANALYTICS, 5, PlanStatus.PLANNED, ()),                # 4 funnel analysis
    (1, 4, A.INTEGRATION, OWNER, PlanStatus.PLANNED, (21, 23)),    # 5 ERP interface
    (2, 1, A.SCOPE_EXPANSION, 19, PlanStatus.PLANNED, (25,)),      # 6 field service
    (2, 2, A.PROCESS, OWNER, PlanStatus.PLANNED, (27, 28, 29)),    # 7 special cases
    (2, 3, A.ANALYTICS, 5, PlanStatus.PLANNED, ()),                # 8 stage conversion
    (2, 4, A.OTHER, PM, PlanStatus.PLANNED, ()),                   # 9 performance measures
    (3, 1, A.ANALYTICS, 13, PlanStatus.PLANNED, (26,)),            # 10 multi-currency
    (3, 2, A.SCOPE_EXPANSION, 19, PlanStatus.PLANNED, (24,)),      # 11 dealer portal
    (3, 3, A.SCOPE_EXPANSION, 5, PlanStatus.DROPPED, ()),          # 12 customer app (dropped)
    (1, 3, A.ANALYTICS, OWNER, PlanStatus.PLANNED, ()),            # 13 from the owner gap
    (1, 1, A.PROCESS, OWNER, PlanStatus.DONE, ()),                 # 14 weekly issue review
)
#: Added after version 1 was signed (from the owner's "reports" gap).
ADDED_AFTER_SIGNING = 13
#: Its goal was changed after signing (the old goal is in the text's `signed_goal`).
CHANGED_AFTER_SIGNING = 1
DROPPED_AFTER_SIGNING = 12
#: Due in days from today, per item.
DUE = (120, 150, 180, 200, 270, 330, 480, 540, 620, 700, 820, 900, 950, 260, -5)
#: (line id, answer, consultant view or None); texts come from the language pool.
OWNER_ANSWERS: tuple[tuple[str, OwnerAnswer | None, ConsultantView | None], ...] = (
    ("daily-admin", OwnerAnswer.YES, ConsultantView.CONFIRMED),
    ("accounts-rights", OwnerAnswer.YES, ConsultantView.CONFIRMED),
    ("process-changes", OwnerAnswer.PARTLY, ConsultantView.CONFIRMED),
    ("data-quality", OwnerAnswer.YES, ConsultantView.DISAGREES),
    ("reports", OwnerAnswer.PARTLY, ConsultantView.CONFIRMED),
    ("integrations", OwnerAnswer.NO, ConsultantView.CONFIRMED),
    ("training", OwnerAnswer.YES, ConsultantView.CONFIRMED),
    ("vendor-support", OwnerAnswer.PARTLY, None),
    ("issue-log", OwnerAnswer.YES, ConsultantView.CONFIRMED),
)


@dataclass(frozen=True)
class ItemText:
    """An item's words: objective, details, metric, baseline, goal."""

    title: str
    description: str
    metric: str
    baseline: str
    goal: str


@dataclass(frozen=True)
class ThreadText:
    """A thread: on item `item` (None = the whole plan), by the consultant, maybe answered
    by the owner, maybe resolved."""

    item: int | None
    text: str
    answer: str = ""
    resolved: bool = False
    blind_spot: str = ""
    days_ago: int = 10


@dataclass(frozen=True)
class PlanDemoText:
    """Every word of the demo plan in one language."""

    items: tuple[ItemText, ...]
    signed_goal: str
    dropped_reason: str
    threads: tuple[ThreadText, ...]
    needs_work: tuple[int, str]
    progress: dict[int, tuple[str, ...]]
    owner: dict[str, tuple[str, str]]
    """Line id → (what I don't know yet, the consultant's comment)."""


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour))


def _text(language: str) -> PlanDemoText:
    if language == "zh":
        from crmgov.services.demo.plan_zh import TEXT as ZH

        return ZH
    from crmgov.services.demo.plan_en import TEXT as EN

    return EN


def plan_tables(
    language: str, people: Sequence[str], sop_codes: Sequence[str],
    issue_ids: dict[int, list[int]], today: date,
) -> dict[str, list[Record]]:
    """The records of the plan, plan_review and owner_readiness tables (ids = position + 1).

    `issue_ids` maps an issue template to the ids of its issues: every deferred-scope and
    special-case issue is linked to the item its template belongs to (SHAPE)."""
    text = _text(language)
    consultant, owner = people[CONSULTANT], people[OWNER]
    signed_on = today - timedelta(days=21)
    threads: dict[int | None, list[ReviewComment]] = {}
    for t in text.threads:
        at = _at(today - timedelta(days=t.days_ago), 15)
        answers = ([Answer(author=owner, at=at + timedelta(days=1), text=t.answer)]
                   if t.answer else [])
        threads.setdefault(t.item, []).append(ReviewComment(
            author=consultant, at=at, text=t.text, blind_spot=t.blind_spot, answers=answers,
            resolved_by=consultant if t.resolved else "",
            resolved_at=at + timedelta(days=2) if t.resolved else None,
        ))
    items: list[PlanItem] = []
    for n, ((year, quarter, area, who, status, templates), words) in enumerate(
        zip(SHAPE, text.items, strict=True)
    ):
        # The latest issue of each template (special cases carry their own handling).
        linked = [issue_ids[t][-1] for t in templates if issue_ids.get(t)]
        description = words.description
        if n == 3:  # the SOP review names every SOP it covers
            sep = "、" if language == "zh" else ", "
            description = f"{description} {sep.join(sop_codes)}"
        reviewed = n not in (ADDED_AFTER_SIGNING, CHANGED_AFTER_SIGNING)
        verdict = Verdict.ACCEPTED if reviewed else None
        if n == text.needs_work[0]:
            verdict = Verdict.NEEDS_WORK
        notes = [ProgressNote(on=today - timedelta(days=40 - 15 * k), by=owner, text=note)
                 for k, note in enumerate(text.progress.get(n, ()))]
        comments = list(threads.get(n, []))
        if n == text.needs_work[0]:
            comments.append(ReviewComment(author=consultant, at=_at(today - timedelta(days=3)),
                                          text=text.needs_work[1]))
        items.append(PlanItem(
            id=n + 1, year=year, quarter=quarter, area=area, title=words.title,
            description=description, metric=words.metric, baseline=words.baseline,
            goal=words.goal, target=today + timedelta(days=DUE[n]), owner=people[who],
            status=status, dropped_reason=text.dropped_reason if status is PlanStatus.DROPPED
            else "", issue_ids=linked, rank=n + 1, progress=notes, comments=comments,
            verdict=verdict, verdict_by=consultant if verdict else "",
            verdict_at=_at(signed_on - timedelta(days=1)) if verdict else None,
        ))
    frozen = []
    for item in sorted(items, key=PlanItem.sort_key):
        if item.id - 1 == ADDED_AFTER_SIGNING:
            continue
        f = FrozenItem.of(item)
        if item.id - 1 == CHANGED_AFTER_SIGNING:
            f = f.model_copy(update={"goal": text.signed_goal})
        if item.id - 1 == DROPPED_AFTER_SIGNING:
            f = f.model_copy(update={"dropped_reason": ""})
        frozen.append(f)
    review = PlanReview(
        id=1, threads=threads.get(None, []),
        versions=[PlanVersion(number=1, signed_at=_at(signed_on, 16), consultant=consultant,
                              owner=owner, items=frozen)],
    )
    assessments: list[Record] = []
    for n, (line, answer, view) in enumerate(OWNER_ANSWERS):
        unknown, comment = text.owner.get(line, ("", ""))
        assessments.append(OwnerAssessment(
            id=n + 1, line=line, answer=answer, unknown=unknown, answered_by=owner,
            answered_at=_at(today - timedelta(days=25)), view=view,
            comment=comment if view else "", reviewed_by=consultant if view else "",
            reviewed_at=_at(today - timedelta(days=24)) if view else None,
            plan_item_id=ADDED_AFTER_SIGNING + 1 if line == "reports" else None,
        ))
    return {"plan": list(items), "plan_review": [review], "owner_readiness": assessments}
