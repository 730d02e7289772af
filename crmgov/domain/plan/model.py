"""The three-year improvement plan (三年改进计划) and the consultant's review of it."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from crmgov.domain.base import (
    DomainModel,
    LocalTime,
    NonBlank,
    Record,
    SingleLine,
    SingleLineText,
    Text,
)
from crmgov.domain.enums import PlanKind, PlanStatus


class ReviewComment(DomainModel):
    """The consultant's comment on a plan item."""

    author: SingleLine
    """Who commented (usually the consultant)."""
    at: LocalTime
    """When."""
    text: NonBlank
    """The comment."""
    blind_spot: Text = ""
    """A blind spot the review caught, e.g. "ledger only" or "prospects ignored"."""


class PlanItem(Record):
    """One line of the improvement plan."""

    year: int = Field(ge=1, le=5)
    """Plan year, 1 = the first year after handover."""
    kind: PlanKind
    """Improvement, open problem, new scope, analysis use, prospect development."""
    title: SingleLine
    """What is to be done."""
    description: Text = ""
    """Details."""
    owner: SingleLineText = ""
    """Who is responsible inside the company."""
    target: date | None = None
    """Target date."""
    status: PlanStatus = PlanStatus.PROPOSED
    """Progress."""
    issue_id: int | None = None
    """The open issue it addresses, if any."""
    comments: list[ReviewComment] = Field(default_factory=list)
    """Review comments, oldest first."""

    @property
    def reviewed(self) -> bool:
        """An item counts as reviewed once it carries at least one comment."""
        return bool(self.comments)
