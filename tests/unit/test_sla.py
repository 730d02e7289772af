"""The SLA clock: windows per urgency, the at-risk mark, the due boundary, reopening."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from crmgov.domain.enums import IssueStatus, SLAState, Urgency
from crmgov.domain.issues.model import Issue, Transition
from crmgov.domain.issues.sla import due_at, remaining, sla_state, window
from crmgov.domain.project import SLASettings

T0 = datetime(2026, 11, 2, 9, 0, 0)
SLA = SLASettings()
SECOND = timedelta(seconds=1)


def _issue(urgency: Urgency = Urgency.URGENT, **kw: object) -> Issue:
    return Issue(title="t", description="d", urgency=urgency, created_at=T0, **kw)  # type: ignore[arg-type]


def test_default_windows_are_48_hours_and_5_days() -> None:
    assert window(Urgency.URGENT, SLA) == timedelta(hours=48)
    assert window(Urgency.GENERAL, SLA) == timedelta(days=5)
    assert due_at(_issue(Urgency.GENERAL), SLA) == T0 + timedelta(days=5)


def test_project_settings_change_the_window() -> None:
    sla = SLASettings(urgent_hours=8, general_hours=24)
    assert due_at(_issue(), sla) == T0 + timedelta(hours=8)


def test_at_risk_starts_exactly_at_the_80_percent_mark() -> None:
    mark = T0 + timedelta(hours=48) * 0.8  # 38 h 24 min
    assert sla_state(_issue(), SLA, mark - SECOND) is SLAState.ON_TRACK
    assert sla_state(_issue(), SLA, mark) is SLAState.AT_RISK


def test_overdue_starts_just_after_the_due_time() -> None:
    due = T0 + timedelta(hours=48)
    assert sla_state(_issue(), SLA, due) is SLAState.AT_RISK
    assert remaining(_issue(), SLA, due) == timedelta(0)
    assert sla_state(_issue(), SLA, due + SECOND) is SLAState.OVERDUE
    assert remaining(_issue(), SLA, due + SECOND) == -SECOND


def test_finished_issues_met_or_missed_their_window() -> None:
    on_time = _issue(
        status=IssueStatus.RESOLVED,
        transitions=[Transition(status=IssueStatus.RESOLVED, at=T0 + timedelta(hours=48))],
    )
    late = _issue(
        status=IssueStatus.CLOSED,
        transitions=[Transition(status=IssueStatus.CLOSED, at=T0 + timedelta(hours=49))],
    )
    later = T0 + timedelta(days=30)
    assert sla_state(on_time, SLA, later) is SLAState.MET
    assert sla_state(late, SLA, later) is SLAState.MISSED


def test_reopening_starts_a_fresh_window() -> None:
    reopened_at = T0 + timedelta(days=10)
    issue = _issue(
        status=IssueStatus.REOPENED,
        transitions=[
            Transition(status=IssueStatus.CLOSED, at=T0 + timedelta(hours=5)),
            Transition(status=IssueStatus.REOPENED, at=reopened_at),
        ],
    )
    assert due_at(issue, SLA) == reopened_at + timedelta(hours=48)
    assert sla_state(issue, SLA, reopened_at + timedelta(hours=1)) is SLAState.ON_TRACK


@given(
    elapsed=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    urgency=st.sampled_from(list(Urgency)),
    fraction=st.floats(min_value=0.05, max_value=0.95),
)
def test_open_state_follows_remaining_time(
    elapsed: timedelta, urgency: Urgency, fraction: float
) -> None:
    """For any time after logging: overdue ⇔ remaining < 0; at risk ⇔ 0 ≤ remaining ≤
    fraction × window; else on track. Remaining time falls exactly as the clock advances."""
    sla = SLASettings(at_risk_fraction=fraction)
    issue = _issue(urgency)
    now = T0 + elapsed
    left = remaining(issue, sla, now)
    assert left == window(urgency, sla) - elapsed
    state = sla_state(issue, sla, now)
    if left < timedelta(0):
        assert state is SLAState.OVERDUE
    elif left <= window(urgency, sla) * fraction:
        assert state is SLAState.AT_RISK
    else:
        assert state is SLAState.ON_TRACK


@given(
    a=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
    b=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
)
def test_the_state_never_improves_as_time_passes(a: timedelta, b: timedelta) -> None:
    order = [SLAState.ON_TRACK, SLAState.AT_RISK, SLAState.OVERDUE]
    early, late = sorted((a, b))
    issue = _issue(Urgency.GENERAL)
    s1, s2 = sla_state(issue, SLA, T0 + early), sla_state(issue, SLA, T0 + late)
    assert order.index(s1) <= order.index(s2)
