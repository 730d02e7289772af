"""The open-issue log (问题记录): an issue, its tasks and its corrective/preventive action."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from crmgov.domain.base import (
    DomainModel,
    LocalTime,
    NonBlank,
    Record,
    SingleLine,
    SingleLineText,
    Text,
)
from crmgov.domain.enums import Category, IssueStatus, TaskStatus, Urgency

#: Categories that must say how the company handles the matter itself; they feed the handover.
SELF_HANDLING_CATEGORIES = frozenset({Category.DEFERRED_SCOPE, Category.SPECIAL_CASE})


#: States in which the SLA clock runs.
OPEN_STATUSES = frozenset(
    {IssueStatus.NEW, IssueStatus.TRIAGED, IssueStatus.IN_PROGRESS, IssueStatus.REOPENED}
)


class Task(DomainModel):
    """A dated piece of work an issue is broken into; undated tasks get delayed."""

    text: SingleLine
    """What must be done."""
    owner: SingleLine
    """Who does it (a staff member's name)."""
    due: date
    """When it must be done."""
    status: TaskStatus = TaskStatus.OPEN
    """Open, done or dropped."""
    note: Text = ""
    """Completion note: what was done, or why it was dropped."""


class Transition(DomainModel):
    """A status change, kept so every transition has a timestamp and an author."""

    status: IssueStatus
    """The state entered."""
    at: LocalTime
    """When it was entered."""
    by: SingleLineText = ""
    """Who made the change."""


class Issue(Record):
    """A problem met in use, written down so it is solved rather than forgotten."""

    title: SingleLine
    """One-line summary."""
    description: NonBlank
    """What happened; mandatory, never blank."""
    requester: SingleLineText = ""
    """Who raised it."""
    demands: Text = ""
    """The requester's concrete demands: what they need to consider it solved."""
    category: Category = Category.SYSTEM
    """Kind of problem."""
    urgency: Urgency = Urgency.GENERAL
    """Urgent (48 h) or general (5 days)."""
    status: IssueStatus = IssueStatus.NEW
    """Where the issue stands."""
    owner: SingleLineText = ""
    """Who is responsible for solving it (a staff member's name)."""
    phase_id: int | None = None
    """Rollout phase it belongs to, if any."""
    sop_id: int | None = None
    """SOP it concerns, if any."""
    created_at: LocalTime
    """When it was logged; the SLA clock starts here."""
    tasks: list[Task] = Field(default_factory=list)
    """The dated tasks it is broken into."""
    root_cause: Text = ""
    """Why it happened (required to close)."""
    corrective_action: Text = ""
    """What fixed this occurrence."""
    preventive_action: Text = ""
    """What stops it recurring (required to close, unless explicitly not needed)."""
    no_preventive_reason: Text = ""
    """Why no preventive action is needed, when that is the explicit decision."""
    preventive_fed_back: bool = False
    """Whether the preventive action was reported back to the requester."""
    recurring: bool = False
    """Resembles earlier issues: closing it requires a preventive action."""
    related_ids: list[int] = Field(default_factory=list)
    """Earlier issues this one resembles."""
    self_handling: Text = ""
    """For deferred scope / special cases: how the company handles this itself."""
    transitions: list[Transition] = Field(default_factory=list)
    """Every status change with its time and author."""

    @property
    def is_open(self) -> bool:
        """Whether the SLA clock is running."""
        return self.status in OPEN_STATUSES

    @property
    def closed_at(self) -> datetime | None:
        """When the issue was last closed, if it is closed."""
        if self.status is not IssueStatus.CLOSED:
            return None
        for t in reversed(self.transitions):
            if t.status is IssueStatus.CLOSED:
                return t.at
        return None


class IssueSkim(BaseModel):
    """The fields of an Issue that its SLA clock and the readiness figures read, defined as
    on Issue (a test holds them equal); every other field is skipped unread.

    Validating only these is ~3x faster than whole Issues: the dashboard counts a big log's
    figures this way while the full validation runs (services.issues.skim).
    """

    # Built when first used (the dashboard), not on every import: `issue add` never uses it.
    model_config = ConfigDict(extra="ignore", defer_build=True)

    urgency: Urgency = Urgency.GENERAL
    """As Issue.urgency."""
    status: IssueStatus = IssueStatus.NEW
    """As Issue.status."""
    created_at: LocalTime
    """As Issue.created_at."""
    recurring: bool = False
    """As Issue.recurring."""
    preventive_action: Text = ""
    """As Issue.preventive_action."""
    transitions: list[Transition] = Field(default_factory=list)
    """As Issue.transitions."""
    # What the phases' gate criteria read (domain.phases.scope.GateIssue).
    title: SingleLine
    """As Issue.title."""
    owner: SingleLineText = ""
    """As Issue.owner."""
    requester: SingleLineText = ""
    """As Issue.requester."""
    phase_id: int | None = None
    """As Issue.phase_id."""
    tasks: list[Task] = Field(default_factory=list)
    """As Issue.tasks."""
