"""The auditor's use cases: verify the trail against the file, accept a known change,
and anchor the trail outside the project (see README "What the audit trail proves")."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from crmgov.i18n import _
from crmgov.storage.audit_log import AuditLog, BrokenLink, audit_path_for
from crmgov.storage.audit_replay import ACCEPT, Drift, drifts, never_landed, replay
from crmgov.storage.interface import Store
from crmgov.storage.tables import ALL_MODELS, META

#: `_meta` is written first, so its audit_seq is normally within the file's first bytes.
_AUDIT_SEQ = re.compile(rb'"audit_seq":\s*(\d+)')
_HEAD = 4096
#: An anchor: the full hash or at least its first 16 hex digits, optionally "SEQ:" first.
_ANCHOR = re.compile(r"^(?:(\d+):)?([0-9a-f]{16,64})$")


class AuditInputError(ValueError):
    """A bad argument to an audit command (an anchor that is not one, a blank reason)."""


@dataclass(frozen=True)
class Anchor:
    """The head of the trail as of the project file: keep it outside the project."""

    seq: int
    """Sequence number of the event."""
    hash: str
    """Its SHA-256, which chains every event before it."""
    at: str
    """When it was written."""

    @property
    def text(self) -> str:
        """`SEQ:HASH`, the form `audit verify --anchor` takes and reports print."""
        return f"{self.seq}:{self.hash}"


@dataclass
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
    missing: str | None = None
    """What is missing for a verification at all (no trail), if anything."""
    drift: list[Drift] = field(default_factory=list)
    """Records whose content in the file is not their last audited state."""
    lost: list[tuple[int, int]] = field(default_factory=list)
    """Ranges of events missing from the trail, not yet accepted."""
    anchor: str | None = None
    """The anchor asked for (its hash), if any."""
    anchor_seq: int | None = None
    """The event carrying that anchor, if the trail still holds it."""
    cut_short: tuple[int, int] | None = None
    """Events the file records but the trail no longer holds (cut from its end)."""

    @property
    def ok(self) -> bool:
        """Whether everything verifies: links, file content, no lost range, the anchor."""
        return (
            self.broken is None and self.missing is None and not self.drift
            and not self.lost and (self.anchor is None or self.anchor_seq is not None)
        )


def parse_anchor(text: str) -> str:
    """The hash part of `SEQ:HASH` or `HASH` (AuditInputError if it is not one)."""
    match = _ANCHOR.match(text.strip().lower())
    if match is None:
        raise AuditInputError(
            _("not an anchor: {text!r} (expected the SEQ:HASH or HASH that `crmgov audit "
              "anchor` prints)", text=text)
        )
    return match.group(2)


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


def _same(table: str, audited: dict[str, Any], stored: Any) -> bool:
    """Whether two documents are one record in two forms (e.g. a field added to the model
    later, present in one with its default and absent from the other)."""
    model = ALL_MODELS.get(table)
    if model is None or not isinstance(stored, dict):
        return False
    try:
        one = model.model_validate(audited).model_dump(mode="json", exclude={"id"})
        two = model.model_validate(stored).model_dump(mode="json", exclude={"id"})
    except ValueError:
        return False
    return bool(one == two)


def _file_data(project_path: Path) -> dict[str, Any] | None:
    try:
        data = orjson.loads(project_path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def verify_trail(project_path: Path, anchor: str | None = None) -> AuditReport:
    """Check the project's audit trail: every link, that it reaches the last event the
    file records, that replaying it gives every record's content in the file, that no
    lost range is unaccepted, and (with `anchor`) that it still holds that event.

    Removing events from the end leaves every remaining link intact: comparing with the
    file's recorded last event, and replaying, are what notice it.
    """
    project_path = project_path.expanduser().resolve()
    log = AuditLog(audit_path_for(project_path))
    wanted = parse_anchor(anchor) if anchor else None
    # The file first, then the trail: writers append before they replace, so read in this
    # order a concurrent change can never make the trail look shorter than the file.
    data = _file_data(project_path)
    recorded = recorded_audit_seq(project_path)
    result = log.verify(wanted)
    report = AuditReport(log.path, result.events, result.broken, result.torn_line,
                         anchor=wanted, anchor_seq=result.anchor_seq)
    if not result.exists:
        report.missing = _("there is no audit trail beside the project (expected {path})",
                           path=log.path)
        return report
    if report.broken is None and recorded is not None and result.last_seq < recorded:
        line = result.events + (1 if result.torn_line is None else 0)
        report.cut_short = (result.last_seq + 1, recorded)
        report.broken = BrokenLink(
            max(line, 1),
            _("the trail ends at event {last}, but the project file records event {recorded}:"
              " events were removed from the end", last=result.last_seq, recorded=recorded),
        )
    if data is None:
        report.missing = _("the project file cannot be read as JSON, so it cannot be "
                           "compared with the trail")
        return report
    if report.broken is not None and report.cut_short is None:
        return report  # replaying a broken chain would only repeat the break
    void = never_landed(log.events())
    if recorded is not None and result.last_seq > recorded:
        # A writer died after appending and before replacing the file; the next change
        # records that (audit.reconcile). Until then those events did not land either.
        void.update(range(recorded + 1, result.last_seq + 1))
    replayed = replay(log.events(), void)
    report.lost = replayed.lost
    report.drift = list(drifts(replayed.state, data, _same))
    return report


def latest_anchor(store: Store) -> Anchor | None:
    """The anchor of the event the project file reflects, for every generated report and
    the handover pack (None for a project without a trail)."""
    if not store.file_backed:
        with exported(store) as path:
            return anchor_of(path)
    return anchor_of(store.path)


def verify_store(store: Store, anchor: str | None = None) -> AuditReport:
    """`verify_trail` of a store of either backend (a database: of the file and trail it
    exports, named by the database's location)."""
    if store.file_backed:
        return verify_trail(store.path, anchor)
    with exported(store) as path:
        report = verify_trail(path, anchor)
    report.path = Path(store.location)
    return report


@contextmanager
def exported(store: Store) -> Iterator[Path]:
    """The project as a file and trail pair: the store's own for a file, else a copy in
    a temporary folder (a database): what `audit verify` and `audit anchor` read."""
    if store.file_backed:
        yield store.path
        return
    with tempfile.TemporaryDirectory(prefix="crmgov-audit-") as folder:
        yield store.export(Path(folder) / "project.json")


def anchor_of(project_path: Path) -> Anchor | None:
    """As `latest_anchor`, from the file's path (`crmgov audit anchor`)."""
    log = AuditLog(audit_path_for(project_path))
    recorded = recorded_audit_seq(project_path)
    event = log.head()
    if event is not None and recorded is not None and event.get("seq") != recorded:
        # Events of a writer that died before replacing the file follow: find the last
        # one the file reflects.
        event = next((e for e in log.events() if e.get("seq") == recorded), None)
    if event is None:
        return None
    return Anchor(int(event["seq"]), str(event["hash"]), str(event.get("at", "")))


@dataclass(frozen=True)
class Accepted:
    """What `accept_changes` recorded."""

    records: list[Drift]
    """Records whose content in the file is now their audited state."""
    lost: list[tuple[int, int]]
    """Lost ranges now accepted."""


def accept_changes(store: Store, reason: str) -> Accepted:
    """Record every difference between the trail and the file (a deliberate hand edit, a
    git merge) and every lost range as audited events carrying `reason`: afterwards
    `audit verify` passes again, and the trail says who accepted what, when and why.

    Refused with a blank reason. A broken chain is not accepted: it must be restored.
    """
    reason = reason.strip()
    if not reason:
        raise AuditInputError(_("give a reason (--reason) for accepting the changes"))
    # A database's content is compared before its transaction (the export reads in a
    # snapshot of its own); a file's under the lock, after the transaction reread it.
    early = None if store.file_backed else verify_store(store)
    with store.transaction(ACCEPT) as txn:
        # Under the lock, after the transaction reread the file: what is accepted is
        # exactly what is there.
        report = early or verify_trail(store.path)
        if report.broken is not None and report.cut_short is None:
            raise AuditInputError(
                _("the trail is broken at line {line} ({reason}); restore it first, "
                  "accepting does not mend a chain", line=report.broken.line,
                  reason=report.broken.reason)
            )
        # A range cut from the end is recorded as audit.lost by this very commit.
        lost = [*report.lost, *([report.cut_short] if report.cut_short else [])]
        for drift in report.drift:
            txn.note(drift.table, int(drift.record_id), drift.before, drift.after,
                     reason=reason)
        if lost:
            txn.note(META, 1, None, {"lost": [list(r) for r in lost], "reason": reason})
    return Accepted(report.drift, lost)
