"""Go-live readiness of a project (the dashboard and `crmgov status`)."""

from __future__ import annotations

from datetime import datetime

from crmgov.domain.readiness import Readiness, readiness
from crmgov.storage.store import ProjectStore


def project_status(store: ProjectStore, now: datetime) -> Readiness:
    """Every readiness figure of the project at `now`."""
    return readiness(
        project=store.project,
        phases=store.all("phases"),
        staff=store.all("staff"),
        certifications=store.all("certifications"),
        spot_checks=store.all("spot_checks"),
        issues=store.all("issues"),
        sops=store.all("sops"),
        plan=store.all("plan"),
        quality=store.all("data_quality"),
        now=now,
    )
