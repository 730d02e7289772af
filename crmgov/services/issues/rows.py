"""Issues as plain rows for big tables, and the filters the CLI and the TUI share.

At 100k issues building pydantic views per keystroke is far too slow; `issue_rows` turns
the store's models into tuples once (~0.5 s), and `filter_rows` filters those (~15 ms).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from crmgov.domain.enums import Category, IssueStatus, SLAState, Urgency
from crmgov.domain.issues.figures import IssueFigures, count_issues
from crmgov.domain.issues.model import OPEN_STATUSES, Issue
from crmgov.domain.issues.rules import IssueRuleError, late_tasks
from crmgov.domain.issues.sla import CLOCK_STEPS, sla_clock
from crmgov.domain.phases.scope import GateIssue
from crmgov.domain.project import SLASettings
from crmgov.i18n import _, join_list
from crmgov.storage.interface import Store

TABLE = "issues"


class IssueRow(NamedTuple):
    """One issue as plain values, for big tables (no pydantic on the hot path).

    urgency, status, category and sla_state are StrEnum members (so they compare equal to
    their string values and `labels.label()` translates them).
    """

    id: int
    urgency: Urgency
    status: IssueStatus
    category: Category
    title: str
    owner: str
    requester: str
    sla_state: SLAState
    age_days: int
    """Whole days since the issue was logged."""
    recurring: bool
    due_at: datetime
    """When the current SLA window ends (sort by it for "time remaining")."""
    has_preventive: bool
    haystack: str
    """Lower-cased id, title, owner, requester and description, for filter-as-you-type."""


@dataclass(frozen=True)
class IssueFilter:
    """What `list_issues` and `filter_rows` keep.

    status: "open" (SLA clock running: new, triaged, in progress, reopened), "closed",
    "all", or one IssueStatus value. urgency/owner/recurring: None = any. overdue: only
    open issues past their due time; at_risk: only open issues in the last part of their
    window. has_preventive: None = any. text: case-insensitive substring of id, title,
    owner, requester or description. mine: owner is the acting user.
    """

    status: str = "open"
    urgency: str | None = None
    overdue: bool = False
    at_risk: bool = False
    owner: str | None = None
    recurring: bool | None = None
    has_preventive: bool | None = None
    text: str = ""
    mine: bool = False

    @property
    def open_only(self) -> bool:
        """Whether only open issues can match (their SLA clock is the one that runs)."""
        return self.status == "open" or self.overdue or self.at_risk

    def validate(self) -> IssueFilter:
        """Refuse unknown status/urgency values (IssueRuleError); returns self."""
        if self.status not in ("open", "closed", "all") and self.status not in set(IssueStatus):
            choices = join_list(dict.fromkeys(["open", "closed", "all", *IssueStatus]))
            message = _(
                "unknown status {value!r}; choose one of {choices}",
                value=self.status,
                choices=choices,
            )
            raise IssueRuleError(message, "status")
        if self.urgency is not None and self.urgency not in set(Urgency):
            choices = join_list(Urgency)
            message = _(
                "unknown urgency {value!r}; choose one of {choices}",
                value=self.urgency,
                choices=choices,
            )
            raise IssueRuleError(message, "urgency")
        return self


def issue_rows(store: Store, now: datetime) -> list[IssueRow]:
    """Every issue as an IssueRow, in id order (fast: plain attribute reads)."""
    return rows_of(store.all(TABLE), store, now)


def matching_rows(store: Store, flt: IssueFilter, now: datetime) -> list[IssueRow]:
    """The IssueRows `flt` keeps, in id order, building rows only for issues that can match.

    The one-shot path (CLI, list_issues): at 100k issues skipping closed issues and the
    search text when no text filter is set saves a third of `issue_rows`. A database
    answers from its columns, a search text included (no model is built: at 100k issues
    `issue list --text` took 6.8 s through the models, 3.7 s so).
    """
    needle = flt.text.strip().lower()
    if not needle:
        found = store.fields(TABLE, ROW_FIELDS, where=_where(flt))
        if found is not None:  # a database's columns: no model built
            return filter_rows(rows_of_fields(found, store.project.sla, now), flt, store.actor)
    else:
        found = store.fields(TABLE, (*ROW_FIELDS, "description"), where=_where(flt))
        if found is not None:  # the search text from the columns too; rows for the hits
            hits = [(r, text) for r in found if needle in (text := _haystack(r))]
            rows = rows_of_fields([r for r, _text in hits], store.project.sla, now)
            with_text = [row._replace(haystack=text)
                         for row, (_r, text) in zip(rows, hits, strict=True)]
            return filter_rows(with_text, flt, store.actor)
    issues = store.all(TABLE)
    if flt.open_only:
        issues = [i for i in issues if i.is_open]
    rows = rows_of(issues, store, now, with_text=bool(flt.text.strip()))
    return filter_rows(rows, flt, store.actor)


def matching_rows_json(
    store: Store, flt: IssueFilter, now: datetime
) -> tuple[list[IssueRow], list[bytes]] | None:
    """`matching_rows` and each kept issue's `stored_json`, read in one query from a
    database's columns (`issue list --json`: at 100k issues a second query for the 66k
    overdue issues' JSON cost ~0.5 s); None for a file's store or a search text (then
    use `matching_rows` and `stored_json_many`)."""
    if flt.text.strip():
        return None
    found = store.fields(TABLE, (*ROW_FIELDS, "stored_json"), where=_where(flt))
    if found is None:
        return None
    rows = filter_rows(rows_of_fields(found, store.project.sla, now), flt, store.actor)
    if len(rows) == len(found):
        return rows, [r[-1] for r in found]
    bodies = {r[0]: r[-1] for r in found}
    return rows, [bodies[r.id] for r in rows]


def _haystack(found: tuple[Any, ...]) -> str:
    """`IssueRow.haystack` from a `fields` row of ROW_FIELDS + description, as `rows_of`
    builds it from the model (which strips text; a missing owner/requester is "")."""
    i, title, owner, requester, description = (found[0], found[4], found[5], found[6],
                                                found[len(ROW_FIELDS) + 1])
    return (f"{i} {title.strip()} {(owner or '').strip()} {(requester or '').strip()} "
            f"{description.strip()}").lower()


def _where(flt: IssueFilter) -> dict[str, list[str | None]] | None:
    """What `store.fields` may leave out for `flt`: closed issues when only open ones can
    match (None: a document without a status is new, the model's default, so open)."""
    return {"status": [*(s.value for s in OPEN_STATUSES), None]} if flt.open_only else None


#: What an IssueRow without search text is built from (`rows_of_fields`): issue fields,
#: and `clock_steps`, the transitions in domain.issues.sla.CLOCK_STEPS (a database keeps
#: them in a column: most issues have none, where every issue has its transitions).
ROW_FIELDS = (
    "urgency", "status", "category", "title", "owner", "requester", "created_at",
    "recurring", "preventive_action", "clock_steps",
)  # fmt: skip

_URGENCY = {u.value: u for u in Urgency}
_STATUS = {s.value: s for s in IssueStatus}
_CATEGORY = {c.value: c for c in Category}


_NO_STEPS: list[Any] = []  # shared, never changed


class _Step(NamedTuple):
    status: IssueStatus
    at: datetime


class _Clocked(NamedTuple):
    """What `sla_clock` reads of an issue, from its stored JSON values."""

    urgency: Urgency
    status: IssueStatus
    created_at: datetime
    transitions: list[_Step]


def rows_of_fields(
    found: Iterable[tuple[Any, ...]], sla: SLASettings, now: datetime
) -> list[IssueRow]:
    """IssueRows (without search text) from `store.fields(TABLE, ROW_FIELDS)`: the same
    rows `rows_of` builds from the models (a test holds them equal on both backends).
    Values after ROW_FIELDS in a row (`matching_rows_json`'s JSON) are left alone."""
    enabled = gc.isenabled()
    gc.disable()  # 100k tuples: see rows_of
    try:
        # tuple.__new__ builds the named tuples without their Python-level __new__
        # (~0.1 s of 0.45 s at 66k rows).
        new, parse_time = tuple.__new__, datetime.fromisoformat
        facts: list[tuple[Any, ...]] = []
        clocked: list[_Clocked] = []
        fact, clock = facts.append, clocked.append
        for (i, u, s, c, title, owner, requester, created, recurring, preventive,
             steps, *_more) in found:  # fmt: skip
            # A field a document leaves out has the model's default; text is stripped as
            # the model strips it (a pushed file may hold what a person typed in).
            urgency, status = _URGENCY[u or "general"], _STATUS[s or "new"]
            created_at = parse_time(created)
            fact((i, urgency, status, _CATEGORY[c or "system"], title.strip(),
                  (owner or "").strip(), (requester or "").strip(), (now - created_at).days,
                  bool(recurring), bool(preventive and preventive.strip())))
            kept = [new(_Step, (_STATUS[t["status"]], parse_time(t["at"])))
                    for t in steps if t["status"] in CLOCK_STEPS] if steps else _NO_STEPS
            clock(new(_Clocked, (urgency, status, created_at, kept)))
        out: list[IssueRow] = [
            new(IssueRow, (i, u, s, c, title, owner, requester, state, age, recurring, due,
                           preventive, ""))
            for (i, u, s, c, title, owner, requester, age, recurring, preventive), (due, state)
            in zip(facts, sla_clock(clocked, sla, now), strict=True)  # type: ignore[arg-type]
        ]
        return out
    finally:
        if enabled:
            gc.enable()


def rows_of(
    issues: Iterable[Issue], store: Store, now: datetime, *, with_text: bool = True
) -> list[IssueRow]:
    """IssueRows for the given issues (`with_text=False` leaves `haystack` empty)."""
    # The loop allocates only acyclic tuples and strings, yet with 100k models alive each
    # automatic full collection scans millions of objects: measured 0.45 s → up to 1.8 s.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rows(list(issues), store.project.sla, now, with_text)
    finally:
        if enabled:
            gc.enable()


def _rows(
    issues: list[Issue], sla: SLASettings, now: datetime, with_text: bool
) -> list[IssueRow]:
    out: list[IssueRow] = []
    append = out.append
    for i, (due, state) in zip(issues, sla_clock(issues, sla, now), strict=True):
        append(
            IssueRow(
                i.id,
                i.urgency,
                i.status,
                i.category,
                i.title,
                i.owner,
                i.requester,
                state,
                (now - i.created_at).days,
                i.recurring,
                due,
                bool(i.preventive_action),
                f"{i.id} {i.title} {i.owner} {i.requester} {i.description}".lower()
                if with_text
                else "",
            )
        )
    return out


def counted_from_columns(
    store: Store, now: datetime
) -> tuple[IssueFigures, list[GateIssue]] | None:
    """The issue figures and the gates' GateIssues at `now` from a database's columns,
    as `readiness` computes them from the models (`crmgov status`, the dashboard: no
    Issue model is built); None for a file's store (read the models)."""
    found = store.fields(TABLE, (*ROW_FIELDS, "phase_id", "has_tasks"))
    if found is None:
        return None
    rows = rows_of_fields(found, store.project.sla, now)
    open_ = OPEN_STATUSES
    opened = [r for r in rows if r.status in open_]
    figures = count_issues(
        ((r.urgency, r.sla_state) for r in opened),
        closed=len(rows) - len(opened),
        recurring_gap=sum(1 for r in rows if r.recurring and not r.has_preventive),
    )
    urgent, phase_at = Urgency.URGENT, len(ROW_FIELDS) + 1
    gates = [
        GateIssue(r.id, r.title, r.urgency is urgent, r.status in open_, r.owner.casefold(),
                  r.requester.casefold(), f[phase_at], bool(f[phase_at + 1]), r.recurring,
                  r.has_preventive,
                  r.due_at if r.urgency is urgent and r.status in open_ else None)
        for r, f in zip(rows, found, strict=True)
        if r.recurring or r.status in open_  # as scope.gate_issues
    ]
    return figures, gates


def late_task_counts(store: Store, now: datetime) -> dict[int, int]:
    """Issue id → how many of its open tasks are past their due date (only issues with
    any). Kept out of IssueRow, which the issue index must be able to build without tasks."""
    today = now.date()
    counts = {}
    for issue in store.all(TABLE):
        if issue.tasks:
            late = late_tasks(issue, today)
            if late:
                counts[issue.id] = late
    return counts


def filter_rows(rows: Sequence[IssueRow], flt: IssueFilter, actor: str = "") -> list[IssueRow]:
    """The rows `flt` keeps (`actor` is who "mine" means)."""
    status = flt.status
    needle = flt.text.strip().lower()
    owner = actor if flt.mine else flt.owner
    overdue, at_risk = SLAState.OVERDUE, SLAState.AT_RISK
    out = []
    for r in rows:
        if status == "open":
            if r.status not in OPEN_STATUSES:
                continue
        elif status != "all" and r.status != status:
            continue
        if flt.urgency is not None and r.urgency != flt.urgency:
            continue
        if flt.overdue and r.sla_state != overdue:
            continue
        if flt.at_risk and r.sla_state != at_risk:
            continue
        if owner is not None and r.owner != owner:
            continue
        if flt.recurring is not None and r.recurring != flt.recurring:
            continue
        if flt.has_preventive is not None and r.has_preventive != flt.has_preventive:
            continue
        if needle and needle not in r.haystack:
            continue
        out.append(r)
    return out


def list_issues(store: Store, flt: IssueFilter, now: datetime) -> list[Issue]:
    """The issues `flt` keeps, in id order (IssueRuleError for an unknown status/urgency)."""
    flt.validate()
    return [store.get(TABLE, r.id) for r in matching_rows(store, flt, now)]
