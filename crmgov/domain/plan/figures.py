"""The improvement plan's part of the readiness figures (domain.readiness)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from crmgov.domain.enums import PlanStatus
from crmgov.domain.plan.model import PlanItem
from crmgov.domain.plan.rules import progress


@dataclass
class PlanFigures:
    items: int
    reviewed: int
    by_year: dict[str, int]
    done: int
    progress: dict[str, Any] | None = None
    """After go-live: plan progress against time elapsed (domain.plan.rules.progress)."""


def plan_figures(
    items: Sequence[PlanItem], go_live: date | None = None, today: date | None = None
) -> PlanFigures:
    """Plan size, how much the consultant has reviewed, the spread over the years, and
    after go-live the progress against time elapsed."""
    by_year = Counter(str(i.year) for i in items)
    moving = progress(items, go_live, today) if today is not None else None
    return PlanFigures(
        items=len(items),
        reviewed=sum(1 for i in items if i.reviewed),
        by_year=dict(sorted(by_year.items())),
        done=sum(1 for i in items if i.status is PlanStatus.DONE),
        progress=None if moving is None else {**asdict(moving), "behind": moving.behind},
    )
