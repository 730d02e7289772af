"""Which table holds which kind of record."""

from __future__ import annotations

from crmgov.domain.base import DomainModel, Record
from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.model import Certification, QuizAttempt, StaffMember
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.training import TrainingSession
from crmgov.domain.handover.review import Handover
from crmgov.domain.issues.model import Issue
from crmgov.domain.phases.model import Phase
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.project import Project
from crmgov.domain.quality.model import QualityMeasurement
from crmgov.domain.sops.model import SOP
from crmgov.domain.spotchecks.model import PlannedCheck, SpotCheck

#: Table holding the single Project document (doc id 1).
PROJECT = "project"
#: Table holding the schema version (doc id 1).
META = "_meta"

#: Record tables, in the order they are validated (referenced tables first).
RECORD_TABLES: dict[str, type[Record]] = {
    "phases": Phase,
    "staff": StaffMember,
    "sops": SOP,
    "quiz_attempts": QuizAttempt,
    "certifications": Certification,
    "spot_checks": SpotCheck,
    "spotcheck_plans": PlannedCheck,
    "questions": Question,
    "quizzes": QuizDefinition,
    "training": TrainingSession,
    "issues": Issue,
    "plan": PlanItem,
    "data_quality": QualityMeasurement,
    "handover": Handover,
}

ALL_MODELS: dict[str, type[DomainModel]] = {PROJECT: Project, **RECORD_TABLES}
