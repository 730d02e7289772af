"""Each dashboard issue figure and the filtered list it leads to count the same issues."""

from __future__ import annotations

from crmgov.services.issues import IssueFilter, filter_rows, issue_rows
from crmgov.services.status import project_status
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
