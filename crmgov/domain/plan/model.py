"""The three-year improvement plan (三年改进计划) and the consultant's review of it.

A plan item is one improvement with a measurable target; the consultant's review is a set
of threads (comment, answers, resolved) on an item or on the whole plan, a verdict per item
(accepted / needs work), and the sign-off of consultant and internal owner, which freezes
the plan as a version (`PlanReview.versions`) that later changes are compared against.

Files written before the review existed still load: every new field has a default, the
old statuses "proposed"/"agreed" read as planned, and an item without an area takes one
from its old kind.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator, model_validator

from crmgov.domain.base import (
    DomainModel,
    LocalTime,
    NonBlank,
    Record,
    SingleLine,
    SingleLineText,
    Text,
)
from crmgov.domain.enums import PlanArea, PlanKind, PlanStatus, Verdict

#: Statuses of files written before the plan review; both mean "planned, not started".
LEGACY_PLANNED = frozenset({PlanStatus.PROPOSED.value, PlanStatus.AGREED.value})
#: The statuses a user may set (legacy ones are read as planned).
STATUSES = (PlanStatus.PLANNED, PlanStatus.IN_PROGRESS, PlanStatus.DONE, PlanStatus.DROPPED)
#: Plan years the review expects (the model still loads older 4th/5th-year items).
YEARS = (1, 2, 3)
#: Where an item's old kind puts it when it has no area yet.
AREA_OF_KIND = {
    PlanKind.ANALYSIS.value: PlanArea.ANALYTICS,
    PlanKind.PROSPECTING.value: PlanArea.PROSPECT_DEVELOPMENT,
    PlanKind.NEW_SCOPE.value: PlanArea.SCOPE_EXPANSION,
}

#: The other way round, for items written with an area only.
KIND_OF_AREA = {area.value: PlanKind(kind) for kind, area in AREA_OF_KIND.items()}


class ThreadState(StrEnum):
    """Where a review thread stands."""

    OPEN = "open"
    ANSWERED = "answered"
    RESOLVED = "resolved"


class Answer(DomainModel):
    """A reply in a review thread (the owner's answer, or the consultant's follow-up)."""

    author: NonBlank
    """Who answered."""
    at: LocalTime
    """When."""
    text: NonBlank
    """The answer."""


class ReviewComment(DomainModel):
    """A review thread: the consultant's comment, the answers to it, and its resolution."""

    author: SingleLine
    """Who commented (usually the consultant)."""
    at: LocalTime
    """When."""
    text: NonBlank
    """The comment."""
    blind_spot: Text = ""
    """A blind spot the review caught, e.g. "ledger only" or "prospects ignored"."""
    answers: list[Answer] = Field(default_factory=list)
    """Replies, oldest first."""
    resolved_by: Text = ""
    """Who resolved the thread; empty while it is open."""
    resolved_at: LocalTime | None = None
    """When it was resolved."""

    @property
    def state(self) -> ThreadState:
        """Open until answered; resolved once someone closes it."""
        if self.resolved_at is not None:
            return ThreadState.RESOLVED
        return ThreadState.ANSWERED if self.answers else ThreadState.OPEN


class ProgressNote(DomainModel):
    """A dated note of how an item is going."""

    on: date
    """The day of the note."""
    by: NonBlank
    """Who wrote it."""
    text: NonBlank
    """What happened."""


class PlanItem(Record):
    """One line of the improvement plan."""

    year: int = Field(ge=1, le=5)
    """Plan year, 1 = the first year after handover."""
    quarter: int | None = Field(None, ge=1, le=4)
    """Quarter of that year (1–4), if decided."""
    kind: PlanKind = PlanKind.IMPROVEMENT
    """Improvement, open problem, new scope, analysis use, prospect development."""
    area: PlanArea = PlanArea.OTHER
    """Which part of the CRM's use the item improves."""
    title: SingleLine
    """The objective: what is to be achieved."""
    description: Text = ""
    """Details."""
    metric: Text = ""
    """What is measured, e.g. "contact-role fill rate"."""
    baseline: Text = ""
    """Where the metric stands now, e.g. "22%"."""
    goal: Text = ""
    """The value the metric must reach, e.g. "90%"."""
    target: date | None = None
    """By when the goal must be reached."""
    owner: SingleLineText = ""
    """Who is responsible inside the company."""
    status: PlanStatus = PlanStatus.PLANNED
    """Progress."""
    dropped_reason: Text = ""
    """Why the item was dropped (required for dropped)."""
    issue_id: int | None = None
    """The open issue it addresses (kept from older files; see `linked_issues`)."""
    issue_ids: list[int] = Field(default_factory=list)
    """The issues it addresses."""
    rank: int = 0
    """Order within its year and quarter (lower first)."""
    progress: list[ProgressNote] = Field(default_factory=list)
    """Dated progress notes, oldest first."""
    comments: list[ReviewComment] = Field(default_factory=list)
    """Review threads on this item, oldest first."""
    verdict: Verdict | None = None
    """The consultant's verdict: accepted or needs work (None = not judged yet)."""
    verdict_by: Text = ""
    """Who gave the verdict."""
    verdict_at: LocalTime | None = None
    """When."""
    reviewed_in_thread: bool = False
    """A file from before verdicts existed (no `verdict` field) recorded this item's review
    as a comment thread: it counts as reviewed without a verdict."""

    @model_validator(mode="before")
    @classmethod
    def _read_older_files(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "verdict" not in data and data.get("comments"):
            data = {**data, "reviewed_in_thread": True}
        if data.get("status") in LEGACY_PLANNED:
            data = {**data, "status": PlanStatus.PLANNED.value}
        if "area" not in data and data.get("kind") in AREA_OF_KIND:
            data = {**data, "area": AREA_OF_KIND[data["kind"]].value}
        elif "kind" not in data and str(data.get("area", "")) in KIND_OF_AREA:
            # Readers of the older field (e.g. the handover review) keep seeing it right.
            data = {**data, "kind": KIND_OF_AREA[str(data["area"])].value}
        return data

    @model_validator(mode="after")
    def _dropped_has_reason(self) -> PlanItem:
        if self.status is PlanStatus.DROPPED and not self.dropped_reason:
            raise ValueError("a dropped item needs a reason")
        return self

    @property
    def reviewed(self) -> bool:
        """Reviewed once the consultant gave a verdict (accepted or needs work). A thread
        alone is a question awaiting the verdict, except in files from before verdicts
        existed, which recorded a review as a comment (`reviewed_in_thread`). The one
        definition: the dashboard's and `status`'s figure, the plan's filter and column,
        the handover checklist all read this."""
        return self.verdict is not None or self.reviewed_in_thread

    @property
    def active(self) -> bool:
        """Still to be done (not done, not dropped)."""
        return self.status not in (PlanStatus.DONE, PlanStatus.DROPPED)

    @property
    def linked_issues(self) -> list[int]:
        """Every issue the item addresses, the old single link included."""
        ids = list(self.issue_ids)
        if self.issue_id is not None and self.issue_id not in ids:
            ids.insert(0, self.issue_id)
        return ids

    @property
    def has_target(self) -> bool:
        """A measurable target: a metric and the value it must reach."""
        return bool(self.metric and self.goal)

    def sort_key(self) -> tuple[int, int, int, int]:
        """Year, quarter (undecided last), rank, id."""
        return (self.year, self.quarter or 5, self.rank, self.id)


class FrozenItem(DomainModel):
    """What a signed plan version keeps of an item: the content, not the review."""

    id: int
    """The plan item's id."""
    year: int
    """Plan year."""
    quarter: int | None = None
    """Quarter."""
    area: PlanArea
    """Area."""
    title: NonBlank
    """Objective."""
    metric: Text = ""
    """Metric."""
    baseline: Text = ""
    """Baseline."""
    goal: Text = ""
    """Goal."""
    target: date | None = None
    """By when."""
    owner: Text = ""
    """Owner."""
    dropped_reason: Text = ""
    """Why it was dropped (dropping is a change of plan; progress is not, so the status
    itself is not frozen)."""
    issue_ids: list[int] = Field(default_factory=list)
    """Linked issues."""

    @classmethod
    def of(cls, item: PlanItem) -> FrozenItem:
        """The content of `item` as it would be frozen now."""
        return cls(
            id=item.id, year=item.year, quarter=item.quarter, area=item.area,
            title=item.title, metric=item.metric, baseline=item.baseline, goal=item.goal,
            target=item.target, owner=item.owner,
            dropped_reason=item.dropped_reason if item.status is PlanStatus.DROPPED else "",
            issue_ids=item.linked_issues,
        )


class Signature(DomainModel):
    """One side's sign-off of the plan content with the given digest."""

    role: NonBlank
    """"consultant" or "owner"."""
    name: NonBlank
    """Who signed."""
    at: LocalTime
    """When."""
    digest: NonBlank
    """Digest of the plan content signed (rules.plan_digest); stale once the plan changes."""


class PlanVersion(DomainModel):
    """The plan as signed by both sides."""

    number: int = Field(ge=1)
    """1 = the first signed version."""
    signed_at: LocalTime
    """When the second signature froze it."""
    consultant: NonBlank
    """Who signed for the consultant."""
    owner: NonBlank
    """Who signed as internal owner."""
    items: list[FrozenItem] = Field(default_factory=list)
    """The items as signed."""


class PlanReview(Record):
    """The review of the plan as a whole (one record, id 1, in table plan_review)."""

    threads: list[ReviewComment] = Field(default_factory=list)
    """Review threads on the whole plan."""
    signatures: list[Signature] = Field(default_factory=list)
    """Sign-offs given towards the next version."""
    versions: list[PlanVersion] = Field(default_factory=list)
    """Signed versions, oldest first."""

    @field_validator("signatures")
    @classmethod
    def _one_per_role(cls, value: list[Signature]) -> list[Signature]:
        roles = [s.role for s in value]
        if len(roles) != len(set(roles)):
            raise ValueError("one signature per role")
        return value

    @property
    def latest(self) -> PlanVersion | None:
        """The last signed version, if any."""
        return self.versions[-1] if self.versions else None
