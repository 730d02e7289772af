"""The shape of the demo project's text pools, one instance per language.

The English and Chinese pools are parallel: the same index means the same person, account,
SOP or issue template in both languages, so the two demos differ only in their words and
`random.Random(seed)` makes the same draws for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from crmgov.domain.enums import Category, PlanKind


@dataclass(frozen=True)
class IssueTemplate:
    """One kind of problem the demo company meets; `{account}` is filled per issue."""

    category: Category
    title: str
    description: str
    demands: str
    root_cause: str
    corrective: str
    preventive: str
    self_handling: str = ""
    chronic: bool = False
    """Keeps coming back until someone takes a preventive action (recurring issues)."""


@dataclass(frozen=True)
class PhaseText:
    """Name, goal and scope of a rollout phase."""

    name: str
    goal: str
    departments: tuple[str, ...]
    regions: tuple[str, ...]
    functions: tuple[str, ...]


@dataclass(frozen=True)
class PlanText:
    """A three-year-plan item and, optionally, the consultant's review of it."""

    year: int
    kind: PlanKind
    title: str
    description: str
    comment: str = ""
    blind_spot: str = ""


@dataclass(frozen=True)
class QualityText:
    """A CRM table the demo measures, with the story its measurements tell."""

    table: str
    note: str


@dataclass(frozen=True)
class DemoText:
    """Every word of the demo in one language."""

    project_name: str
    company: str
    sponsor: str
    people: tuple[str, ...]
    """Staff names; index i is the same person in every language."""
    departments: dict[str, str]
    """Keys: sales, service, finance, it, audit, pmo, partner."""
    regions: dict[str, str]
    """Keys: east, south, north, west."""
    phases: tuple[PhaseText, PhaseText, PhaseText]
    gate_evidence: tuple[str, ...]
    """Evidence texts, used in order for the gate items that have evidence."""
    accounts: tuple[str, ...]
    task_texts: tuple[str, ...]
    task_done_notes: tuple[str, ...]
    task_dropped_note: str
    no_preventive_reasons: tuple[str, ...]
    weak_no_preventive_reasons: tuple[str, ...]
    """Reasons given when a recurring issue was closed with only the rows fixed."""
    spot_findings_clean: str
    spot_findings: tuple[str, ...]
    revoked_reason: str
    plan: tuple[PlanText, ...]
    quality: dict[str, QualityText]
    """Keys: accounts, contacts, contact_keys, opportunities, opportunity_keys, leads,
    payment_terms, service_cases."""
    issues: tuple[IssueTemplate, ...]
