"""Remembered status: `stable_until` is exact, and a remembered status is shown only for
the same bytes and while it holds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmgov.domain.issues.figures import stable_until
from crmgov.services.status import snapshot as status_snapshot
from crmgov.services.status.snapshot import remember_status, remembered_status
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from tests.conftest import FIXED_NOW


def _figures(store: ProjectStore, now: datetime) -> dict:
    return {k: v for k, v in project_status(store, now).to_json().items() if k != "as_of"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=-30 * 24 * 3600, max_value=10 * 24 * 3600),
       share=st.floats(min_value=0, max_value=1, exclude_max=True))
def test_figures_hold_until_stable_until_and_change_there(
    demo_store: ProjectStore, offset: int, share: float
) -> None:
    now = FIXED_NOW + timedelta(seconds=offset)
    until = stable_until(demo_store.all("issues"), demo_store.project, now)
    assert until > now
    # Rounded to microseconds, a share just below 1 could land on `until` itself.
    later = min(now + (until - now) * share, until - timedelta(microseconds=1))
    assert _figures(demo_store, later) == _figures(demo_store, now)
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
    if until < midnight:  # an issue turns at risk or overdue right there
        assert _figures(demo_store, until)["issues"] != _figures(demo_store, now)["issues"]


def test_a_remembered_status_is_shown_while_it_holds(demo_store: ProjectStore) -> None:
    status = project_status(demo_store, FIXED_NOW)
    assert remember_status(demo_store, status)
    until = stable_until(demo_store.all("issues"), demo_store.project, FIXED_NOW)
    later = until - timedelta(seconds=1)
    shown = remembered_status(demo_store.path, later)
    assert shown == {**status.to_json(), "as_of": later.isoformat(timespec="seconds")}
    assert remembered_status(demo_store.path, until) is None
    assert remembered_status(demo_store.path, FIXED_NOW - timedelta(seconds=1)) is None


def test_a_changed_file_forgets_the_status(demo_store: ProjectStore) -> None:
    assert remember_status(demo_store, project_status(demo_store, FIXED_NOW))
    phase = demo_store.all("phases")[0]
    with demo_store.transaction("test") as txn:
        txn.update("phases", phase.model_copy(update={"name": "Pilot, renamed"}))
    assert remembered_status(demo_store.path, FIXED_NOW) is None
    assert remember_status(demo_store, project_status(demo_store, FIXED_NOW))
    shown = remembered_status(demo_store.path, FIXED_NOW)
    assert shown is not None
    assert [p["name"] for p in shown["phases"] if p["id"] == phase.id] == ["Pilot, renamed"]


def test_big_files_are_left_to_the_issue_index(
    demo_store: ProjectStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(status_snapshot, "SMALL_FILE", 1000)
    assert not remember_status(demo_store, project_status(demo_store, FIXED_NOW))
    assert remembered_status(demo_store.path, FIXED_NOW) is None


def test_crmgov_demo_remembers_the_figures_for_its_first_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crmgov import cli
    from crmgov.cli import tui_cmd

    seen = []
    monkeypatch.setattr(
        tui_cmd, "open_tui", lambda ctx: seen.append(remembered_status(ctx.settings.project_path,
                                                                        datetime.now())) or 0
    )
    path = tmp_path / "demo.json"
    assert cli.main(["demo", str(path)]) == 0
    assert seen and seen[0] is not None
    assert seen[0]["project"]["name"] == ProjectStore(path, "x").project.name
