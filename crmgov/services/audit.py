"""Verifying the tamper-evident audit trail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from crmgov.i18n import _
from crmgov.storage.audit_log import AuditLog, BrokenLink, audit_path_for

#: `_meta` is written first, so its audit_seq is normally within the file's first bytes.
_AUDIT_SEQ = re.compile(rb'"audit_seq":\s*(\d+)')
_HEAD = 4096


@dataclass(frozen=True)
class AuditReport:
    """Outcome of `crmgov audit verify`."""

    path: Path
    """The audit trail file."""
    events: int
    """Events whose links verified."""
    broken: BrokenLink | None
    """The first broken link, or None."""
    torn_line: int | None = None
    """An unterminated last line (interrupted append; the next change cuts it off)."""

    @property
    def ok(self) -> bool:
        """Whether the trail verifies."""
        return self.broken is None


def recorded_audit_seq(project_path: Path) -> int | None:
    """The last event the project file says it reflects (None if unknown or unreadable)."""
    try:
        with open(project_path, "rb") as handle:
            head = handle.read(_HEAD)
            match = _AUDIT_SEQ.search(head.split(b"\n", 1)[0])
            if match:
                return int(match.group(1))
            handle.seek(0)
            meta = orjson.loads(handle.read()).get("_meta", {}).get("1", {})
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return None
    value = meta.get("audit_seq") if isinstance(meta, dict) else None
    return value if isinstance(value, int) else None


def verify_trail(project_path: Path) -> AuditReport:
    """Check every link of the project's audit trail; report the first broken one.

    Besides the links, the trail must reach the last event the project file records:
    removing events from the end leaves every remaining link intact, so that is the only
    way to notice it.
    """
    project_path = project_path.expanduser().resolve()
    log = AuditLog(audit_path_for(project_path))
    # The file first, then the trail: writers append before they replace, so read in this
    # order a concurrent change can never make the trail look shorter than the file.
    recorded = recorded_audit_seq(project_path)
    result = log.verify()
    broken = result.broken
    if broken is None:
        if recorded is not None and result.last_seq < recorded:
            line = result.events + (1 if result.torn_line is None else 0)
            broken = BrokenLink(
                max(line, 1),
                _("the trail ends at event {last}, but the project file records event {recorded}:"
                  " events were removed from the end", last=result.last_seq, recorded=recorded),
            )
    return AuditReport(log.path, result.events, broken, result.torn_line)
