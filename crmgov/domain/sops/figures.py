"""The SOPs' part of the readiness figures (domain.readiness)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.sops.model import SOP


@dataclass
class SOPFigures:
    total: int
    approved: int
    acknowledgement_coverage: float
    """Acknowledged over expected; 0 when nobody has to read an SOP in force (no staff it
    applies to yet: not "everyone has read it")."""
    review_overdue: int = 0
    """SOPs in force past their review date (domain.sops.rules.review_overdue)."""
    acknowledgement_expected: int = 0
    """Acknowledgements expected over every SOP in force (0: nobody has to read one)."""


def sop_figures(
    sops: Sequence[SOP], staff: Sequence[StaffMember], today: date | None = None
) -> SOPFigures:
    """Approved SOPs (retired ones no longer count), and the share of acknowledgements of
    the version in force over everyone each SOP applies to (domain.sops.rules.coverage)."""
    from crmgov.domain.sops.rules import coverage, review_overdue

    live = [s for s in sops if not s.retired]
    approved = [s for s in live if s.current is not None]
    expected = acknowledged = 0
    for sop in approved:
        cov = coverage(sop, staff)
        expected += cov.expected
        acknowledged += len(cov.acknowledged)
    return SOPFigures(
        total=len(live),
        approved=len(approved),
        acknowledgement_coverage=round(acknowledged / expected, 4) if expected else 0.0,
        review_overdue=sum(1 for s in approved if today and review_overdue(s, today)),
        acknowledgement_expected=expected,
    )
