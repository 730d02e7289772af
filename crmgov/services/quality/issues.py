"""A failing check opens an issue (category data); the same check failing again after its
issue closed opens a recurring one, which cannot close without a preventive action.

Issues are written through the issue log's own services (services.issues.log), so every
rule of the log (recurrence, closing) holds for them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from crmgov.domain.quality.results import QualityIssueLink, QualityRun, TableResult, rule_label
from crmgov.domain.quality.rules import Verdict, limit_text
from crmgov.i18n import _

if TYPE_CHECKING:
    # The issue log and the storage are imported where an issue is written: `data check
    # --no-save` (failing_checks only) does not pay for them (~0.15 s of start-up).
    from crmgov.domain.issues.model import Issue
    from crmgov.storage.interface import Store

LINKS = "quality_links"


class QualityError(ValueError):
    """A refused data-quality action, with a translated message."""


@dataclass(frozen=True)
class FailingCheck:
    """One check over its fail level in a run: "table" or "table/rule:field"."""

    check: str
    table: str
    rule: str
    violations: int
    rows: int
    fail: float


def failing_checks(run: QualityRun) -> list[FailingCheck]:
    """Every failing table and rule of a run, table first."""
    out: list[FailingCheck] = []
    for t in run.tables:
        if t.verdict is Verdict.FAIL:
            out.append(FailingCheck(t.table, t.table, "", t.error_rows, t.rows, t.fail))
        for r in t.rules:
            if r.verdict is Verdict.FAIL:
                out.append(FailingCheck(f"{t.table}/{r.key}", t.table, r.key, r.violations,
                                        t.rows, r.fail))
    return out


def open_issue_of(store: Store, check: str) -> Issue | None:
    """The open issue a check already has, if any."""
    from crmgov.services.issues.log import get_issue

    for link in store.all(LINKS):
        if link.check == check:
            issue = get_issue(store, link.issue_id)
            if issue.is_open:
                return issue
    return None


def issue_texts(run: QualityRun, t: TableResult, fc: FailingCheck) -> tuple[str, str]:
    """Title and description of the issue a failing check opens."""
    what = rule_label(fc.rule) if fc.rule else _("error rate")
    title = _("Data check failing: {table} — {rule}", table=t.label, rule=what)
    description = _(
        "{count} of {rows} records ({rate:.1%}) break {rule}, against a limit of {fail}, "
        "in the export checked on {day} (run {run}). Find the root cause and a preventive "
        "measure: fixing the rows alone lets the error come back.",
        count=fc.violations, rows=fc.rows, rate=fc.violations / fc.rows if fc.rows else 0,
        rule=what, fail=limit_text(fc.fail), day=run.run_at.date().isoformat(), run=run.id,
    )
    return title, description


def open_check_issue(store: Store, run_id: int, check: str, now: datetime) -> Issue:
    """Open a data issue for a failing check of a saved run; recurring if the check had an
    issue before. QualityError if the check does not fail or already has an open issue."""
    from crmgov.services.issues.log import add_issue, update_issue

    try:
        run: QualityRun = store.get("quality_runs", run_id)
    except KeyError:
        raise QualityError(_("no data check {id}", id=run_id)) from None
    fc = next((f for f in failing_checks(run) if f.check == check), None)
    if fc is None:
        raise QualityError(_("check {check!r} does not fail in run {id}", check=check,
                             id=run_id))
    existing = open_issue_of(store, check)
    if existing is not None:
        raise QualityError(_("check {check!r} already has open issue {id}", check=check,
                             id=existing.id))
    table = run.table(fc.table)
    assert table is not None  # failing_checks only names tables of the run
    title, description = issue_texts(run, table, fc)
    earlier = sorted({link.issue_id for link in store.all(LINKS) if link.check == check})
    issue = add_issue(store, title=title, description=description, urgency="general",
                      category="data", owner=table.steward, now=now)
    if earlier:
        related = sorted(set(issue.related_ids) | set(earlier))
        issue = update_issue(store, issue.id, now, recurring=True, related_ids=related)
    with store.transaction("quality.issue") as txn:
        txn.insert(LINKS, QualityIssueLink(check=check, issue_id=issue.id, run_id=run.id,
                                           opened_at=now))
    return issue


def open_failing_issues(store: Store, run: QualityRun, now: datetime,
                        table: str | None = None) -> list[tuple[str, Issue, bool]]:
    """Open an issue for each failing check (of one table, or all) without an open one:
    (check, issue, new?)."""
    out: list[tuple[str, Issue, bool]] = []
    for fc in failing_checks(run):
        if table is not None and fc.table != table:
            continue
        existing = open_issue_of(store, fc.check)
        if existing is not None:
            out.append((fc.check, existing, False))
        else:
            out.append((fc.check, open_check_issue(store, run.id, fc.check, now), True))
    return out
