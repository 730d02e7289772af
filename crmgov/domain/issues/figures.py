"""The issue log's part of the readiness figures (domain.readiness): open, overdue and
at-risk issues by urgency, and until when those figures hold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from crmgov.domain.enums import SLAState, Urgency
from crmgov.domain.issues.model import OPEN_STATUSES, Issue, IssueSkim
from crmgov.domain.issues.sla import sla_clock, window
from crmgov.domain.project import Project


@dataclass
class IssueFigures:
    open_urgent: int
    open_general: int
    overdue_urgent: int
    overdue_general: int
    at_risk: int
    recurring_without_preventive: int
    closed: int

    @property
    def open_total(self) -> int:
        return self.open_urgent + self.open_general

    @property
    def overdue_total(self) -> int:
        return self.overdue_urgent + self.overdue_general


def issue_figures(
    issues: Sequence[Issue] | Sequence[IssueSkim], project: Project, now: datetime
) -> IssueFigures:
    """Open, overdue and at-risk counts by urgency; recurring issues still lacking prevention."""
    open_issues = [i for i in issues if i.status in OPEN_STATUSES]
    states = sla_clock(open_issues, project.sla, now)
    return count_issues(
        ((i.urgency, state) for i, (_due, state) in zip(open_issues, states, strict=True)),
        closed=len(issues) - len(open_issues),
        recurring_gap=sum(1 for i in issues if i.recurring and not i.preventive_action),
    )


def count_issues(
    open_states: Iterable[tuple[Urgency, SLAState]], *, closed: int, recurring_gap: int
) -> IssueFigures:
    """The issue figures from each open issue's (urgency, SLA state) and two totals; shared
    with the issue index (services.issues.index), which has no Issue models."""
    counts: Counter[tuple[str, str]] = Counter()
    for urgency, state in open_states:
        counts["open", urgency] += 1
        if state is SLAState.OVERDUE:
            counts["overdue", urgency] += 1
        elif state is SLAState.AT_RISK:
            counts["at_risk", ""] += 1
    return IssueFigures(
        open_urgent=counts["open", Urgency.URGENT],
        open_general=counts["open", Urgency.GENERAL],
        overdue_urgent=counts["overdue", Urgency.URGENT],
        overdue_general=counts["overdue", Urgency.GENERAL],
        at_risk=counts["at_risk", ""],
        recurring_without_preventive=recurring_gap,
        closed=closed,
    )


def stable_until(issues: Sequence[Issue], project: Project, now: datetime) -> datetime:
    """The first moment after `now` at which figures computed at `now` can differ while the
    project itself stays the same: the next midnight (certificates, spot checks and the
    go-live countdown go by the day), or the next open issue turning at risk or overdue.

    Lets a status computed earlier be shown as it is until then (services.status.snapshot).
    """
    limit = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    open_issues = [i for i in issues if i.status in OPEN_STATUSES]
    risk = {u: window(u, project.sla) * project.sla.at_risk_fraction for u in Urgency}
    for issue, (due, state) in zip(
        open_issues, sla_clock(open_issues, project.sla, now), strict=True
    ):
        if state is SLAState.ON_TRACK:
            limit = min(limit, due - risk[issue.urgency])  # at risk from that moment on
        elif state is SLAState.AT_RISK:
            limit = min(limit, due + timedelta(microseconds=1))  # overdue once past due
    return limit
