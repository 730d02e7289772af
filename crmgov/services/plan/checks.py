"""The blind-spot checks over the live project: gathers the facts the rules need.

`sop_facts` is the one place that reads the SOPs, through the SOP area's own list (its
review date is the SOP area's rule: services.sops.queries).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from crmgov.domain.certification.figures import certification_figures
from crmgov.domain.enums import Category
from crmgov.domain.plan.rules import (
    Finding,
    IssueFact,
    LiveFacts,
    Progress,
    SopFact,
    TableFact,
    live_findings,
    plan_findings,
    progress,
)
from crmgov.domain.quality.model import THRESHOLDS
from crmgov.services.plan.items import items
from crmgov.storage.interface import Store

#: Issues the close-out log must carry forward (domain.md §4, project close).
SPECIAL_CATEGORIES = frozenset({Category.DEFERRED_SCOPE, Category.SPECIAL_CASE})


def sop_facts(store: Store, today: date) -> list[SopFact]:
    """Code, title and review date of each SOP in force, from the SOP area's own list."""
    from crmgov.services.sops.queries import sop_rows

    return [SopFact(r.sop.code, r.sop.title, r.review_due)
            for r in sop_rows(store, today, "approved")]


def table_facts(measurements: Sequence[Any]) -> list[TableFact]:
    """The latest measurement of each CRM table that is over its threshold."""
    latest: dict[str, Any] = {}
    for m in sorted(measurements, key=lambda m: m.measured_on):
        latest[m.table] = m
    return [
        TableFact(m.table, m.error_rate, THRESHOLDS[m.kind])
        for _table, m in sorted(latest.items())
        if not m.within_threshold
    ]


def live_facts(store: Store, today: date) -> LiveFacts:
    """Everything the live checks read, from the project as it is."""
    cert = certification_figures(
        store.all("staff"), store.all("certifications"), store.all("spot_checks"), today
    )
    special = [
        IssueFact(i.id, i.title, i.category is Category.DEFERRED_SCOPE, i.self_handling)
        for i in store.all("issues")
        if i.category in SPECIAL_CATEGORIES
    ]
    return LiveFacts(
        today=today,
        special_issues=special,
        failing_tables=table_facts(store.all("data_quality")),
        sops=sop_facts(store, today),
        certification_coverage=cert.coverage if cert.required else None,
    )


def findings(store: Store, today: date) -> list[Finding]:
    """Every blind spot of the plan: its own checks, then those against the live data."""
    plan = items(store)
    return plan_findings(plan) + live_findings(plan, live_facts(store, today))


def plan_progress(store: Store, today: date) -> Progress | None:
    """Progress against time since go-live (None before go-live)."""
    return progress(items(store), store.project.go_live_target, today)
