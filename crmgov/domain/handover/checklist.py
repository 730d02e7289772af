"""The handover closure checklist: each item a pure function of the project's live figures.

The service gathers `HandoverFacts` from every area (through their services) and the
checklist file names which checks apply; nothing here reads a file or a store. A check
whose area has no data to judge by answers `unknown`, which never counts as passed
("a criterion that reads an area not yet built says so instead of passing").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class ItemState(StrEnum):
    """A checklist line's answer."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class HandoverFacts:
    """The figures the checklist reads, gathered by services.handover.facts."""

    sops_total: int
    sops_approved: int
    sops_not_approved: list[str]
    """Codes of SOPs with no approved version in force."""
    sops_review_overdue: list[str] | None
    """Codes of SOPs whose review is overdue; None while the SOP area records no review
    dates."""
    open_issues: int
    open_issues_ownerless: list[int]
    self_handling_total: int
    self_handling_missing: list[int]
    """Deferred-scope / special-case issues that do not say how the company handles them."""
    recurring_without_preventive: list[int]
    internal_owner: str
    """The project's internal owner ('' when none is named)."""
    internal_owner_on_staff: bool
    """Whether an active staff member holds the internal-owner role."""
    owner_readiness_reviewed: bool | None
    """Whether the consultant reviewed the owner's readiness; None until it is assessed."""
    plan_items: int
    plan_reviewed: int
    plan_signed: bool | None
    """Whether the consultant and owner signed the plan; None while plans cannot be signed."""
    crm_staff: int
    certified: int
    quality_tables: int
    quality_failing: list[str]
    phases: int
    gates_open: list[str]
    """Names of phases whose gate the sponsor has not signed."""
    audit_ok: bool
    audit_problem: str = ""


@dataclass(frozen=True)
class ItemResult:
    """One answered checklist line."""

    check: str
    state: ItemState
    figure: str
    """The figure behind the answer, e.g. "9/10" (numbers only: presentation translates)."""
    subjects: list[str] = field(default_factory=list)
    """What fails (codes, ids, names), for the "where to fix it" line."""
    fix: str = ""
    """The area (TUI mode) where it is fixed."""

    @property
    def passed(self) -> bool:
        """Only a measured pass counts."""
        return self.state is ItemState.PASS


def _state(ok: bool | None) -> ItemState:
    if ok is None:
        return ItemState.UNKNOWN
    return ItemState.PASS if ok else ItemState.FAIL


def _ids(ids: Sequence[int]) -> list[str]:
    return [f"#{i}" for i in ids]


def _sops(f: HandoverFacts, _t: float | None) -> ItemResult:
    overdue = f.sops_review_overdue
    missing = list(f.sops_not_approved) + list(overdue or [])
    ok: bool | None = f.sops_total > 0 and not f.sops_not_approved and not overdue
    if ok and overdue is None:
        ok = None  # approved, but nobody can tell whether reviews are due
    return ItemResult("sops_in_force", _state(ok), f"{f.sops_approved}/{f.sops_total}",
                      missing, "sops")


def _owned(f: HandoverFacts, _t: float | None) -> ItemResult:
    ok = not f.open_issues_ownerless
    figure = f"{f.open_issues - len(f.open_issues_ownerless)}/{f.open_issues}"
    return ItemResult("open_issues_owned", _state(ok), figure, _ids(f.open_issues_ownerless),
                      "issues")


def _self_handling(f: HandoverFacts, _t: float | None) -> ItemResult:
    done = f.self_handling_total - len(f.self_handling_missing)
    return ItemResult("self_handling", _state(not f.self_handling_missing),
                      f"{done}/{f.self_handling_total}", _ids(f.self_handling_missing), "issues")


def _recurring(f: HandoverFacts, _t: float | None) -> ItemResult:
    gap = f.recurring_without_preventive
    return ItemResult("recurring_prevented", _state(not gap), str(len(gap)), _ids(gap), "issues")


def _owner(f: HandoverFacts, _t: float | None) -> ItemResult:
    named = bool(f.internal_owner) and f.internal_owner_on_staff
    ok: bool | None = named and bool(f.owner_readiness_reviewed)
    if named and f.owner_readiness_reviewed is None:
        ok = None
    return ItemResult("internal_owner", _state(ok), f.internal_owner or "—",
                      [] if named else ["internal_owner"], "plan")


def _plan(f: HandoverFacts, _t: float | None) -> ItemResult:
    reviewed = f.plan_items > 0 and f.plan_reviewed == f.plan_items
    ok: bool | None = reviewed and bool(f.plan_signed)
    if reviewed and f.plan_signed is None:
        ok = None
    return ItemResult("plan_reviewed", _state(ok), f"{f.plan_reviewed}/{f.plan_items}", [], "plan")


def _certification(f: HandoverFacts, threshold: float | None) -> ItemResult:
    need = 1.0 if threshold is None else threshold
    if f.crm_staff == 0:
        return ItemResult("certification_coverage", ItemState.UNKNOWN, "0/0", [], "staff")
    coverage = f.certified / f.crm_staff
    ok = coverage >= need
    return ItemResult("certification_coverage", _state(ok),
                      f"{f.certified}/{f.crm_staff} ({coverage:.0%} / {need:.0%})", [], "staff")


def _quality(f: HandoverFacts, _t: float | None) -> ItemResult:
    if f.quality_tables == 0:
        return ItemResult("data_quality", ItemState.UNKNOWN, "0/0", [], "quality")
    within = f.quality_tables - len(f.quality_failing)
    return ItemResult("data_quality", _state(not f.quality_failing),
                      f"{within}/{f.quality_tables}", list(f.quality_failing), "quality")


def _gates(f: HandoverFacts, _t: float | None) -> ItemResult:
    ok = f.phases > 0 and not f.gates_open
    return ItemResult("gates_signed", _state(ok), f"{f.phases - len(f.gates_open)}/{f.phases}",
                      list(f.gates_open), "phases")


def _audit(f: HandoverFacts, _t: float | None) -> ItemResult:
    return ItemResult("audit_intact", _state(f.audit_ok), "ok" if f.audit_ok else "broken",
                      [f.audit_problem] if f.audit_problem else [], "handover")


#: Every check a checklist file may name.
CHECKS: dict[str, Callable[[HandoverFacts, float | None], ItemResult]] = {
    "sops_in_force": _sops,
    "open_issues_owned": _owned,
    "self_handling": _self_handling,
    "recurring_prevented": _recurring,
    "internal_owner": _owner,
    "plan_reviewed": _plan,
    "certification_coverage": _certification,
    "data_quality": _quality,
    "gates_signed": _gates,
    "audit_intact": _audit,
}


def evaluate(
    facts: HandoverFacts, items: Sequence[tuple[str, float | None]]
) -> list[ItemResult]:
    """Answer each (check, threshold) of the checklist, in its order."""
    return [CHECKS[check](facts, threshold) for check, threshold in items]
