"""A big project's issue log as saved facts, so listings and the status need no models.

Validating 100k issues into models costs ~2 s here: pydantic-core's own floor, and most of
the budget of `crmgov issue list --overdue --json`. A listing or the status needs only a
few facts per issue, and they change only when the file does. So after a full load of a
big project they are saved (storage.derived) under the digest of the file's exact bytes,
with where each issue's JSON sits in the file. The next command that finds them for the
bytes it has just read validates only the small tables and answers from the facts:

- `crmgov issue list` without --text (the search would need every description),
- `crmgov status`, and the dashboard's figures (services.status.prefetch).

Everything else opens the project in full. Who saves the facts, in a detached process so
nobody waits: every CLI command that opened the project in full (after its output), the
dashboard's status child after a full load, and the TUI when it closes. A changed file is
simply not found in the cache, so the facts are never out of date, only missing until the
next full load.

The answers equal those from the models (tests compare rows, JSON and figures).
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from crmgov.domain.base import Record
from crmgov.domain.enums import Category, IssueStatus, SLAState, Urgency
from crmgov.domain.issues.figures import IssueFigures, count_issues
from crmgov.domain.issues.model import OPEN_STATUSES
from crmgov.domain.issues.sla import sla_clock, state_at, window
from crmgov.domain.phases.scope import GateIssue
from crmgov.domain.project import Project
from crmgov.domain.readiness import Readiness
from crmgov.services.issues.rows import TABLE, IssueFilter, IssueRow, filter_rows
from crmgov.services.status.summary import status_without_issues
from crmgov.storage import migrations
from crmgov.storage.atomic import Span
from crmgov.storage.derived import (
    ISSUE_INDEX,
    derived_for_file,
    has_derived,
    has_derived_for_file,
    write_derived,
)
from crmgov.storage.interface import Store
from crmgov.storage.store import Layout
from crmgov.storage.validate import Invalid, no_gc, parse, validate

#: Smaller logs are not indexed: their full load takes ~0.1 s.
INDEX_MIN_ISSUES = 5_000
KIND = ISSUE_INDEX
#: Any moment: sla_clock's due times and met/missed states do not depend on "now".
_ANY_TIME = datetime(2000, 1, 1)
#: One fact list per issue, in this order.
FIELDS = (
    "id", "urgency", "status", "category", "title", "owner", "requester",
    "created", "due", "final", "recurring", "preventive", "start", "end", "phase", "tasks",
)  # fmt: skip

_URGENCY = {u.value: u for u in Urgency}
_STATUS = {s.value: s for s in IssueStatus}
_CATEGORY = {c.value: c for c in Category}
_FINAL = {SLAState.MET.value: SLAState.MET, SLAState.MISSED.value: SLAState.MISSED}


def refresh_index(store: Store) -> bool:
    """Save the issue facts for the store's current content when the log is big and they
    are not saved yet; returns whether it wrote them (about a second at 100k issues)."""
    if not store.file_backed or store.count(TABLE) < INDEX_MIN_ISSUES:
        return False
    layout = store.layout(TABLE)
    if has_derived(store.path, KIND, layout.digest):
        return False
    with no_gc():
        facts = _facts(layout)
    payload = {"table": layout.table_span, "issues": facts}
    return write_derived(store.path, KIND, layout.digest, payload)


def _facts(layout: Layout) -> list[tuple[Any, ...]]:
    issues = [issue for issue, _span in layout.records]
    clock = sla_clock(issues, layout.project.sla, _ANY_TIME)
    facts = []
    # Times as ISO text: datetime.fromisoformat reads them back exactly and ~4x faster
    # than adding a timedelta to an epoch.
    for (i, (start, end)), (due, state) in zip(layout.records, clock, strict=True):
        facts.append((
            i.id, i.urgency, i.status, i.category, i.title, i.owner, i.requester,
            i.created_at.isoformat(), due.isoformat(), None if i.is_open else state,
            i.recurring, bool(i.preventive_action), start, end, i.phase_id, bool(i.tasks),
        ))  # fmt: skip
    return facts


def refresh_index_detached(store: Store) -> bool:
    """`refresh_index` in a detached process, so the command or the app does not wait.

    Double fork: the intermediate child exits at once (no zombie is left), the grandchild
    has no terminal and nobody waits for it. Forking copies the loaded project for free
    (copy-on-write), where a new process would read and validate it all over again. Only
    call this from a single-threaded process (the CLI, the status prefetch child). Without
    fork (Windows) nothing happens: the index is a speed-up, not a requirement.

    Returns whether a process was started; the caller should then end with os._exit
    (see cli.run) rather than tear down a big heap it shares copy-on-write.
    """
    if not store.file_backed:
        return False  # a database answers listings from its own tables
    if store.count(TABLE) < INDEX_MIN_ISSUES or not hasattr(os, "fork"):
        return False
    if threading.active_count() > 1:
        return False  # a thread may hold a lock the forked copy would wait on forever
    if has_derived_for_file(store.path, KIND):
        # Already saved for these bytes (a command that only read): a writer would spend
        # 0.4-0.9 s of CPU finding that out, beside the next command (issue 19).
        return False
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid:
        os.waitpid(pid, 0)
        return True
    try:
        if os.fork() == 0:
            os.setsid()
            quiet = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(quiet, fd)
            os.nice(10)
            refresh_index(store)
    finally:
        os._exit(0)


@dataclass
class IndexedProject:
    """A project read through its issue index: every table but the issues validated into
    models, the issues as saved facts, and the file's bytes for their stored JSON."""

    path: Path
    actor: str
    project: Project
    records: dict[str, dict[int, Record]]
    facts: list[list[Any]]
    raw: bytes
    _where: dict[int, Span] = field(default_factory=dict, repr=False)

    def rows(self, now: datetime, *, open_only: bool = False) -> list[IssueRow]:
        """IssueRows at `now`, in id order, exactly as `issue_rows` builds them from models
        (without the search text: `haystack` is empty)."""
        sla = self.project.sla
        spans = {u: window(u, sla) for u in Urgency}
        with no_gc():  # 100k tuples: see storage.validate.no_gc
            return self._rows(now, open_only, spans, sla.at_risk_fraction)

    def _rows(
        self, now: datetime, open_only: bool, spans: dict[Urgency, timedelta], fraction: float
    ) -> list[IssueRow]:
        out: list[IssueRow] = []
        append, parse_time = out.append, datetime.fromisoformat
        for (record_id, u, s, c, title, owner, requester, created, due, final, recurring,
             preventive, _start, _end, _phase, _tasks) in self.facts:  # fmt: skip
            if final is not None and open_only:
                continue
            urgency = _URGENCY[u]
            due_at = parse_time(due)
            state = (
                state_at(due_at, spans[urgency], None, now, fraction)
                if final is None
                else _FINAL[final]
            )
            append(IssueRow(
                record_id, urgency, _STATUS[s], _CATEGORY[c], title, owner, requester, state,
                (now - parse_time(created)).days, recurring, due_at, preventive, "",
            ))  # fmt: skip
        return out

    def matching_rows(self, flt: IssueFilter, now: datetime) -> list[IssueRow]:
        """What `issue_rows.matching_rows` returns, for a filter without search text."""
        if flt.text.strip():
            raise ValueError("the issue index holds no search text")
        return filter_rows(self.rows(now, open_only=flt.open_only), flt, self.actor)

    def stored_json(self, table: str, record_id: int) -> bytes:
        """An issue's JSON as the file stores it (as `ProjectStore.stored_json`)."""
        if table != TABLE:
            raise KeyError(table)
        if not self._where:
            self._where = {f[0]: (f[12], f[13]) for f in self.facts}
        start, end = self._where[record_id]
        return self.raw[start:end]

    def stored_json_many(self, table: str, record_ids: list[int]) -> list[bytes]:
        """`stored_json` of many issues."""
        return [self.stored_json(table, i) for i in record_ids]

    def issue_figures(self, now: datetime) -> IssueFigures:
        """What `readiness.issue_figures` computes from the models."""
        open_rows = self.rows(now, open_only=True)
        return count_issues(
            ((row.urgency, row.sla_state) for row in open_rows),
            closed=len(self.facts) - len(open_rows),
            recurring_gap=sum(1 for f in self.facts if f[10] and not f[11]),
        )

    def status(self, now: datetime) -> Readiness:
        """Every readiness figure at `now` (as services.status.project_status)."""
        return status_without_issues(self.path, self.project, self.records,
                                     self.issue_figures(now), now, self.gate_issues())

    def gate_issues(self) -> list[GateIssue]:
        """What the gates' issue criteria read (domain.phases.scope.GateIssue)."""
        urgent, open_ = Urgency.URGENT.value, {s.value for s in OPEN_STATUSES}
        parse = datetime.fromisoformat
        return [
            GateIssue(f[0], f[4], f[1] == urgent, f[2] in open_, f[5].strip().casefold(),
                      f[6].strip().casefold(), f[14], f[15], f[10], f[11],
                      parse(f[8]) if f[1] == urgent and f[2] in open_ else None)
            for f in self.facts
            if f[10] or f[2] in open_  # as scope.gate_issues: closed, not recurring: none
        ]


def open_indexed(path: Path | str, actor: str) -> IndexedProject | None:
    """The project at `path` through its issue index, or None when there is none for the
    file's current bytes (the caller then opens the project in full, which also reports
    any problem with the file precisely)."""
    path = Path(path).expanduser().resolve()  # the same key ProjectStore uses
    with no_gc():
        found = derived_for_file(path, KIND)
    if found is None:
        return None
    raw, saved = found
    try:
        (start, end), facts = saved["table"], saved["issues"]
        if not _well_formed(facts):
            return None
        data = parse(raw[:start] + b'"%b":{}' % TABLE.encode() + raw[end:])
        if migrations.version_of(data) != migrations.SCHEMA_VERSION:
            return None
        project, records = validate(data, known={TABLE: {f[0] for f in facts}})
    except (Invalid, KeyError, TypeError, ValueError):
        return None
    return IndexedProject(path, actor, project, records, facts, raw)


def _well_formed(facts: Any) -> bool:
    """Whether saved facts have the shape `rows` relies on (~40 ms at 100k issues).

    crmgov wrote them for exactly these bytes, but the cache is a file anyone can edit;
    a damaged one must mean "no index", never a traceback.
    """
    try:
        return isinstance(facts, list) and all(
            len(f) == len(FIELDS)
            and type(f[0]) is int
            and f[1] in _URGENCY
            and f[2] in _STATUS
            and f[3] in _CATEGORY
            and type(f[4]) is str
            and type(f[5]) is str
            and type(f[6]) is str
            and type(f[7]) is str
            and type(f[8]) is str
            and (f[9] is None or f[9] in _FINAL)
            and type(f[12]) is int
            and type(f[13]) is int
            and (f[14] is None or type(f[14]) is int)
            and type(f[15]) is bool
            for f in facts
        )
    except TypeError:  # an unhashable value where an enum's should be
        return False
