"""Which table holds which kind of record."""

from __future__ import annotations

from crmgov.domain.base import DomainModel, Record
from crmgov.domain.issue import Issue
from crmgov.domain.plan import PlanItem
from crmgov.domain.project import Phase, Project
from crmgov.domain.quality import QualityMeasurement
from crmgov.domain.sop import SOP
from crmgov.domain.staff import Certification, QuizAttempt, SpotCheck, StaffMember

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
    "issues": Issue,
    "plan": PlanItem,
    "data_quality": QualityMeasurement,
}

ALL_MODELS: dict[str, type[DomainModel]] = {PROJECT: Project, **RECORD_TABLES}
