"""`sla_clock` (behind `rows_of` and the dashboard) must agree with `sla_state` exactly."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fixtures import synthetic_issues
from crmgov.domain.enums import IssueStatus
from crmgov.domain.issues.model import Transition
from crmgov.domain.issues.sla import due_at, sla_state
from crmgov.services.issues.log import rows_of
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def _agree(store: ProjectStore, issues: list, now: datetime) -> None:
    sla = store.project.sla
    for issue, row in zip(issues, rows_of(issues, store, now), strict=True):
        assert row.sla_state is sla_state(issue, sla, now), issue.id
        assert row.due_at == due_at(issue, sla), issue.id


def test_rows_agree_with_the_domain_on_the_demo(demo_store: ProjectStore) -> None:
    _agree(demo_store, demo_store.all("issues"), FIXED_NOW)


# The store is only read (its SLA settings), so sharing it across examples is safe.
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    hours=st.integers(-24 * 30, 24 * 30),
    reopen=st.booleans(),
)
def test_rows_agree_with_the_domain_on_varied_issues(
    empty_store: ProjectStore, seed: int, hours: int, reopen: bool
) -> None:
    now = FIXED_NOW + timedelta(hours=hours)
    issues = synthetic_issues(40, FIXED_NOW, seed=seed)
    if reopen:
        issues = [
            i.model_copy(
                update={
                    "status": IssueStatus.REOPENED,
                    "transitions": [
                        *i.transitions,
                        Transition(
                            status=IssueStatus.REOPENED, at=i.created_at + timedelta(days=2)
                        ),
                    ],
                }
            )
            for i in issues
        ]
    issues = [i.model_copy(update={"id": n}) for n, i in enumerate(issues, 1)]
    _agree(empty_store, issues, now)
