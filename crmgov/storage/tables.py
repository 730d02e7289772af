"""Which table holds which kind of record.

The model classes are imported when a table's class is first asked for, not with this
module: a command that touches two tables (`crmgov issue add` on a database) should not
build the pydantic classes of all twenty at its start.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TypeVar

from crmgov.domain.base import DomainModel, Record

#: Table holding the single Project document (doc id 1).
PROJECT = "project"
#: Table holding the schema version (doc id 1).
META = "_meta"

M = TypeVar("M", bound=DomainModel)


class _Registry(Mapping[str, type[M]]):
    """Table name → model class, each class imported on first use."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = where
        self._found: dict[str, type[M]] = {}

    def __getitem__(self, table: str) -> type[M]:
        found = self._found.get(table)
        if found is None:
            module, name = self._where[table].rsplit(".", 1)
            found = self._found[table] = getattr(importlib.import_module(module), name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, table: object) -> bool:
        return table in self._where


_RECORDS = {
    "phases": "crmgov.domain.phases.model.Phase",
    "staff": "crmgov.domain.certification.model.StaffMember",
    "sops": "crmgov.domain.sops.model.SOP",
    "quiz_attempts": "crmgov.domain.certification.model.QuizAttempt",
    "certifications": "crmgov.domain.certification.model.Certification",
    "spot_checks": "crmgov.domain.spotchecks.model.SpotCheck",
    "spotcheck_plans": "crmgov.domain.spotchecks.model.PlannedCheck",
    "questions": "crmgov.domain.certification.bank.Question",
    "quizzes": "crmgov.domain.certification.quizdef.QuizDefinition",
    "training": "crmgov.domain.certification.training.TrainingSession",
    "issues": "crmgov.domain.issues.model.Issue",
    "plan": "crmgov.domain.plan.model.PlanItem",
    "plan_review": "crmgov.domain.plan.model.PlanReview",
    "owner_readiness": "crmgov.domain.plan.owner.OwnerAssessment",
    "data_quality": "crmgov.domain.quality.model.QualityMeasurement",
    "quality_runs": "crmgov.domain.quality.results.QualityRun",
    "quality_decisions": "crmgov.domain.quality.results.DuplicateDecision",
    "quality_links": "crmgov.domain.quality.results.QualityIssueLink",
    "handover": "crmgov.domain.handover.review.Handover",
    # browser quiz links (services/web/invites.py)
    "invitations": "crmgov.domain.web.invite.Invitation",
}

#: Record tables, in the order they are validated (referenced tables first).
RECORD_TABLES: Mapping[str, type[Record]] = _Registry(_RECORDS)

ALL_MODELS: Mapping[str, type[DomainModel]] = _Registry(
    {PROJECT: "crmgov.domain.project.Project", **_RECORDS}
)
