"""Training sessions and who attended them: train first, then test (先培训、后考核)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from crmgov.domain.base import NonBlank, Record, Text


class TrainingSession(Record):
    """A training session on one topic, with its attendance."""

    topic: NonBlank
    """Training topic, e.g. "sales-process"; quizzes name the topics they require."""
    title: Text = ""
    """What was taught, in words."""
    held_on: date
    """Date of the session."""
    trainer: NonBlank
    """Who trained."""
    sop_codes: list[str] = Field(default_factory=list)
    """SOPs covered, e.g. ["SOP-SAL-01"]."""
    attendees: list[int] = Field(default_factory=list)
    """Staff ids of those who attended."""
    hours: float = Field(0, ge=0)
    """Length in hours (0 = not recorded)."""
