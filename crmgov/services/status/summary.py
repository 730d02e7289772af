"""Go-live readiness of a project (the dashboard and `crmgov status`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.base import Record
from crmgov.domain.issues.figures import IssueFigures
from crmgov.domain.phases.scope import GateIssue
from crmgov.domain.project import Project
from crmgov.domain.readiness import Readiness, readiness
from crmgov.storage.interface import Store


def project_status(store: Store, now: datetime) -> Readiness:
    """Every readiness figure of the project at `now` (evidence files checked on disk)."""
    from crmgov.services.issues.rows import counted_from_columns
    from crmgov.services.phases.evidence import file_states

    phases = store.all("phases")
    # A database counts its issues from their columns (no 100k models validated).
    counted = counted_from_columns(store, now)
    return readiness(
        project=store.project,
        phases=phases,
        staff=store.all("staff"),
        certifications=store.all("certifications"),
        spot_checks=store.all("spot_checks"),
        issues=store.all("issues") if counted is None else (),
        sops=store.all("sops"),
        plan=store.all("plan"),
        quality=store.all("data_quality"),
        now=now,
        counted=None if counted is None else counted[0],
        gate_files={p.id: file_states(store, p) for p in phases},
        counted_gate_issues=None if counted is None else counted[1],
    )


def status_without_issues(
    project_file: Path,
    project: Project,
    records: Mapping[str, Mapping[int, Record]],
    counted: IssueFigures,
    now: datetime,
    gate_issues: Sequence[GateIssue] | None = None,
) -> Readiness:
    """The readiness figures from every table but the issues, whose figures were counted
    without Issue models (services.issues.index, services.issues.skim). Evidence files
    are checked on disk, relative to `project_file`'s folder, as project_status does."""
    from crmgov.services.phases.evidence import file_states_in

    # Each table holds its own model (validate.py checked them): Any, as in the store.
    tables: dict[str, list[Any]] = {t: list(found.values()) for t, found in records.items()}
    return readiness(
        project=project,
        phases=tables["phases"],
        staff=tables["staff"],
        certifications=tables["certifications"],
        spot_checks=tables["spot_checks"],
        issues=(),
        sops=tables["sops"],
        plan=tables["plan"],
        quality=tables["data_quality"],
        now=now,
        counted=counted,
        gate_files={p.id: file_states_in(project_file.parent, p) for p in tables["phases"]},
        counted_gate_issues=gate_issues,
    )
