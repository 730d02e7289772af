"""The certification part of the readiness figures (domain.readiness): who must hold a
certificate, who does, whose expires soon, and whether veterans are being spot-checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from crmgov.domain.certification.model import CERTIFIED_ROLES, Certification, StaffMember
from crmgov.domain.spotchecks.model import SpotCheck

#: Spot checks older than this no longer count as supervision.
SPOT_CHECK_WINDOW = timedelta(days=90)
#: Certificates expiring within this are flagged for recertification.
EXPIRY_WARNING = timedelta(days=30)


@dataclass
class CertificationFigures:
    required: int
    certified: int
    coverage: float
    uncertified: list[str]
    expiring_soon: int
    spot_checks_recent: int
    spot_check_failures_recent: int


@dataclass
class CertificationSets:
    """Who and what each certification figure counts (ids), so that a figure and the view
    it opens always agree: the dashboard, `crmgov status` and the Staff area all read these."""

    required: list[int]
    """Active staff in CRM roles (people who left are in no figure)."""
    certified: list[int]
    """Of those, holders of a valid, unrevoked certificate today."""
    uncertified: list[int]
    """Of those, the rest: they must (re)certify before working in the CRM."""
    expiring: list[int]
    """Of those, people whose longest-lasting valid certificate ends within 30 days."""
    spot_checks_recent: list[int]
    """Spot-check record ids of the last 90 days."""
    spot_check_failures_recent: list[int]
    """Of those, the checks that found deviations."""


def certification_sets(
    staff: Sequence[StaffMember],
    certifications: Sequence[Certification],
    spot_checks: Sequence[SpotCheck],
    today: date,
) -> CertificationSets:
    """The ids behind every certification figure (see CertificationSets)."""
    required = [s for s in staff if s.active and s.role in CERTIFIED_ROLES]
    valid = {c.staff_id for c in certifications if c.valid_on(today)}
    # A person is "expiring" only if their longest-lasting valid certificate expires soon:
    # someone who renewed early still holds the old one, which must not flag them.
    last_valid_day: dict[int, date] = {}
    for c in certifications:
        if c.valid_on(today):
            until = c.expires_on or date.max
            last_valid_day[c.staff_id] = max(until, last_valid_day.get(c.staff_id, until))
    expiring = {s for s, until in last_valid_day.items() if until - today <= EXPIRY_WARNING}
    recent = [c for c in spot_checks if today - c.checked_on <= SPOT_CHECK_WINDOW]
    return CertificationSets(
        required=[s.id for s in required],
        certified=[s.id for s in required if s.id in valid],
        uncertified=[s.id for s in required if s.id not in valid],
        expiring=[s.id for s in required if s.id in expiring],
        spot_checks_recent=[c.id for c in recent],
        spot_check_failures_recent=[c.id for c in recent if not c.passed],
    )


def certification_figures(
    staff: Sequence[StaffMember],
    certifications: Sequence[Certification],
    spot_checks: Sequence[SpotCheck],
    today: date,
) -> CertificationFigures:
    """Who must hold a certificate, who does, and whether veterans are being checked."""
    sets = certification_sets(staff, certifications, spot_checks, today)
    names = {s.id: s.name for s in staff}
    return CertificationFigures(
        required=len(sets.required),
        certified=len(sets.certified),
        # Nobody to certify is not "everyone certified": 0, and a `no_staff` blocker.
        coverage=round(len(sets.certified) / len(sets.required), 4) if sets.required else 0.0,
        uncertified=sorted(names[i] for i in sets.uncertified),
        expiring_soon=len(sets.expiring),
        spot_checks_recent=len(sets.spot_checks_recent),
        spot_check_failures_recent=len(sets.spot_check_failures_recent),
    )
