"""The project itself: the one record of a project file that every area reads."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from crmgov.domain.base import DomainModel, LocalTime, SingleLine, SingleLineText
from crmgov.domain.enums import Language


class SLASettings(DomainModel):
    """How long an issue may stay open, per urgency (domain.md §4: 48 h / 5 days)."""

    urgent_hours: int = Field(48, gt=0)
    """Hours within which an urgent issue must be resolved."""
    general_hours: int = Field(120, gt=0)
    """Hours within which a general issue must be resolved (5 days)."""
    at_risk_fraction: float = Field(0.2, gt=0, lt=1)
    """The last fraction of the window in which an open issue counts as at risk."""


class Project(DomainModel):
    """The CRM implementation project a file governs (one per file)."""

    name: SingleLine
    """Project name, e.g. "East Region CRM rollout"."""
    company: SingleLineText = ""
    """The company implementing the CRM."""
    consultant: SingleLineText = ""
    """The implementation consultant (实施顾问) who reviews the handover."""
    internal_owner: SingleLineText = ""
    """The internal owner who carries the system after the consultant leaves."""
    executive_sponsor: SingleLineText = ""
    """The executive who gives strategic backing (战略重视)."""
    go_live_target: date | None = None
    """Target go-live date; go-live itself is a decision backed by gate evidence."""
    language: Language = Language.EN
    """Language of the UI and generated documents unless --lang overrides it."""
    sla: SLASettings = Field(default_factory=SLASettings)
    """Issue resolution windows for this project."""
    created_at: LocalTime | None = None
    """When the project file was created."""
