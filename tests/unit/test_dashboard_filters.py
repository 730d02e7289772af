"""Each dashboard issue figure and the filtered list it leads to count the same issues."""

from __future__ import annotations

from crmgov.services.issues.log import IssueFilter, filter_rows, issue_rows
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def test_figures_match_their_filters(demo_store: ProjectStore) -> None:
    figures = project_status(demo_store, FIXED_NOW).issues
    rows = issue_rows(demo_store, FIXED_NOW)

    def count(**kw: object) -> int:
        return len(filter_rows(rows, IssueFilter(**kw), demo_store.actor))  # type: ignore[arg-type]

    assert count() == figures.open_total
    assert count(urgency="urgent") == figures.open_urgent
    assert count(overdue=True) == figures.overdue_total
    assert count(overdue=True, urgency="urgent") == figures.overdue_urgent
    assert count(at_risk=True) == figures.at_risk > 0
    assert (
        count(status="all", recurring=True, has_preventive=False)
        == figures.recurring_without_preventive
        > 0
    )


def test_matching_rows_agrees_with_filtering_all_rows(demo_store: ProjectStore) -> None:
    from crmgov.services.issues.log import matching_rows

    rows = issue_rows(demo_store, FIXED_NOW)
    for flt in (
        IssueFilter(),
        IssueFilter(status="all"),
        IssueFilter(status="closed"),
        IssueFilter(status="all", overdue=True),
        IssueFilter(at_risk=True, urgency="urgent"),
        IssueFilter(status="all", text="customer"),
    ):
        expected = [r.id for r in filter_rows(rows, flt, demo_store.actor)]
        assert [r.id for r in matching_rows(demo_store, flt, FIXED_NOW)] == expected, flt
