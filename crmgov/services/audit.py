"""Verifying the tamper-evident audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crmgov.storage.audit_log import AuditLog, BrokenLink, audit_path_for


@dataclass(frozen=True)
class AuditReport:
    """Outcome of `crmgov audit verify`."""

    path: Path
    events: int
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_trail(project_path: Path) -> AuditReport:
    """Check every link of the project's audit trail; report the first broken one."""
    log = AuditLog(audit_path_for(project_path.absolute()))
    count, broken = log.verify()
    return AuditReport(log.path, count, broken)
