"""The SLA clock of the issue log: urgent within 48 hours, general within 5 days."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from crmgov.domain.issue import Issue, IssueStatus, Urgency
from crmgov.domain.project import SLASettings


class SLAState(StrEnum):
    """Open issues are on track, at risk (last 20% of the window) or overdue; finished
    issues either met their window or missed it."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"


def window(urgency: Urgency, sla: SLASettings) -> timedelta:
    """How long an issue of this urgency may stay open."""
    hours = sla.urgent_hours if urgency is Urgency.URGENT else sla.general_hours
    return timedelta(hours=hours)


def due_at(issue: Issue, sla: SLASettings) -> datetime:
    """When the issue must be resolved."""
    return issue.created_at + window(issue.urgency, sla)


def finished_at(issue: Issue) -> datetime | None:
    """When the issue was last resolved or closed, if it is finished now."""
    if issue.is_open:
        return None
    for t in reversed(issue.transitions):
        if t.status in (IssueStatus.RESOLVED, IssueStatus.CLOSED):
            return t.at
    return issue.created_at


def remaining(issue: Issue, sla: SLASettings, now: datetime) -> timedelta:
    """Time left before the due time (negative once overdue)."""
    return due_at(issue, sla) - now


def sla_state(issue: Issue, sla: SLASettings, now: datetime) -> SLAState:
    """Where the issue stands against its window at `now`."""
    due = due_at(issue, sla)
    done = finished_at(issue)
    if done is not None:
        return SLAState.MET if done <= due else SLAState.MISSED
    if now > due:
        return SLAState.OVERDUE
    if due - now <= window(issue.urgency, sla) * sla.at_risk_fraction:
        return SLAState.AT_RISK
    return SLAState.ON_TRACK
