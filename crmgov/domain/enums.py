"""The domain's enumerations, kept free of pydantic.

Why a module of their own: the labels and the dashboard show these values before the
pydantic models are built (building them costs ~0.25 s of startup; see crmgov.tui.app),
so importing an enum must not import the models.
"""

from __future__ import annotations

from enum import StrEnum


class Urgency(StrEnum):
    """Urgent issues are handled within 48 hours, general ones within 5 days (domain.md §4)."""

    URGENT = "urgent"
    GENERAL = "general"


class Category(StrEnum):
    """What kind of problem an issue is."""

    DATA = "data"
    PROCESS = "process"
    SYSTEM = "system"
    TRAINING = "training"
    INTEGRATION = "integration"
    DEFERRED_SCOPE = "deferred_scope"
    SPECIAL_CASE = "special_case"
    SUPPORT = "support"
    """A support request to the consultant after handover (fewer of them = a good close)."""


class IssueStatus(StrEnum):
    """Life cycle: new → triaged → in progress → resolved → closed, and reopened."""

    NEW = "new"
    TRIAGED = "triaged"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    REOPENED = "reopened"


class TaskStatus(StrEnum):
    """A task is open until done (or dropped with a note)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class PlanKind(StrEnum):
    """What a plan item is about (domain.md §7)."""

    IMPROVEMENT = "improvement"
    OPEN_PROBLEM = "open_problem"
    NEW_SCOPE = "new_scope"
    ANALYSIS = "analysis"
    PROSPECTING = "prospecting"


class PlanStatus(StrEnum):
    """Progress of a plan item."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Language(StrEnum):
    """Languages the UI and the generated documents come in."""

    EN = "en"
    ZH = "zh"


class PhaseKind(StrEnum):
    """The step-by-step rollout of domain.md §1."""

    PILOT = "pilot"
    EXPAND = "expand"
    INTEGRATE = "integrate"
    OTHER = "other"


class PhaseStatus(StrEnum):
    """Where a phase stands; `evaluating` is the review before its gate decision."""

    PLANNED = "planned"
    ACTIVE = "active"
    EVALUATING = "evaluating"
    DONE = "done"
    ON_HOLD = "on_hold"


class DataKind(StrEnum):
    """Kinds of CRM data, which carry different error-rate thresholds (domain.md §3)."""

    STATIC = "static"
    TRANSACTIONAL = "transactional"
    KEY_FIELDS = "key_fields"
    LEADS = "leads"
    MASTER = "master"


class SLAState(StrEnum):
    """Open issues are on track, at risk (last 20% of the window) or overdue; finished
    issues either met their window or missed it."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    MET = "met"
    MISSED = "missed"


class Role(StrEnum):
    """Roles on a CRM project (domain.md, People)."""

    PROJECT_MANAGER = "project_manager"
    CONSULTANT = "consultant"
    INTERNAL_OWNER = "internal_owner"
    NEW_HIRE = "new_hire"
    VETERAN = "veteran"
    SALES_ASSISTANT = "sales_assistant"
    AUDITOR = "auditor"


class QuizPart(StrEnum):
    """Certification covers BOTH the system and the business process (domain.md §2)."""

    SYSTEM = "system"
    PROCESS = "process"


class SOPStatus(StrEnum):
    """Document control of one SOP version (ISO 9001 §7.5): draft → in review → approved →
    superseded; `retired` marks every version of an SOP withdrawn as a whole."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SUPERSEDED = "superseded"
    RETIRED = "retired"


class QuestionKind(StrEnum):
    """How a certification question is answered."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


class AttemptStatus(StrEnum):
    """A quiz attempt is in progress until submitted (by the taker or when time runs out)."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class CertState(StrEnum):
    """Where a person stands with their certificate (上岗证) on a given day."""

    CERTIFIED = "certified"
    EXPIRING = "expiring"
    RECERT_DUE = "recert_due"
    EXPIRED = "expired"
    REVOKED = "revoked"
    NOT_CERTIFIED = "not_certified"
    NOT_REQUIRED = "not_required"
