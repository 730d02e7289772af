"""The dashboard: the demo's readiness figures, states while loading and on errors."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.widgets import Static

from crmgov.config import Settings
from crmgov.services.status.summary import project_status
from crmgov.storage.store import ProjectStore
from crmgov.tui.app import CrmgovApp, make_app
from crmgov.tui.dialogs.load_error import LoadErrorScreen
from crmgov.tui.widgets.board import ReadinessBoard
from crmgov.tui.widgets.board_layout import Item
from tests.conftest import FIXED_NOW, fixed_clock
from tests.tui.conftest import build_app, settle


def board(app) -> ReadinessBoard:
    return app.screen.query_one(ReadinessBoard)


def figure(app, fid: str) -> Item:
    return board(app).item(fid)


def verdict(app) -> str:
    return board(app).headline.text


def slow_store(path: Path, release: threading.Event) -> ProjectStore:
    """A store whose load waits for `release`: the app stays in its loading state."""

    class SlowStore(ProjectStore):
        def load(self) -> None:
            release.wait(timeout=30)
            super().load()

    return SlowStore(path, "tester", clock=fixed_clock)


def prefetch_app(store: ProjectStore, prefetch: object) -> CrmgovApp:
    """An app over `store` handed a stand-in for the CLI's StatusPrefetch."""
    settings = Settings(store.path, "tester", clock=fixed_clock)
    return make_app(store, settings, prefetch)  # type: ignore[arg-type]


async def test_dashboard_shows_the_demo_figures(demo_app, demo_store) -> None:
    expected = project_status(demo_store, FIXED_NOW)
    async with demo_app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app = demo_app
        assert app.current_mode == "dashboard"
        assert app.title == demo_store.project.name
        i, c, s, p = expected.issues, expected.certification, expected.sops, expected.plan
        assert figure(app, "open-urgent").value == str(i.open_urgent)
        assert figure(app, "open-general").value == str(i.open_general)
        assert figure(app, "overdue-urgent").value == str(i.overdue_urgent)
        assert figure(app, "overdue-general").value == str(i.overdue_general)
        assert figure(app, "at-risk").value == str(i.at_risk)
        assert figure(app, "recurring").value == str(i.recurring_without_preventive)
        assert figure(app, "certified").value.startswith(f"{c.certified}/{c.required} ")
        assert figure(app, "uncertified").value == str(len(c.uncertified))
        assert figure(app, "sops-approved").value == f"{s.approved}/{s.total}"
        assert figure(app, "plan-reviewed").value == f"{p.reviewed}/{p.items}"
        assert expected.current_phase is not None
        assert figure(app, "phase-current").label == expected.current_phase.name
        assert ("NOT READY" in verdict(app)) == (not expected.ready)
        assert len(board(app).card("blockers").items) == len(expected.blockers)
        assert (figure(app, "overdue-urgent").tone == "bad") == bool(i.overdue_urgent)


async def test_loading_state_is_visible_until_the_worker_finishes(sample_store) -> None:
    release = threading.Event()
    app = build_app(sample_store.path)
    app.store = slow_store(sample_store.path, release)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Loading sample.json" in verdict(app)
        assert board(app).headline.tone == "loading"
        assert board(app).cards == ()
        assert not app.store.loaded
        release.set()
        await settle(pilot)
        assert "READY" in verdict(app)
        assert board(app).headline.tone != "loading"


async def test_damaged_project_file_shows_the_error_and_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"project": {"1": {"name": "x"}')
    before = path.read_bytes()
    app = build_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        shown = str(app.screen.query_one("#error-message", Static).render())
        assert "not valid JSON" in shown
        assert str(path) in str(app.screen.query_one("#error-path", Static).render())
        await pilot.press("p")  # areas stay closed: there is nothing to show
        assert app.current_mode == "dashboard"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2
    assert app.return_value == 2
    assert path.read_bytes() == before


async def test_missing_project_file_says_how_to_create_one(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    app = build_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadErrorScreen)
        hint = str(app.screen.query_one("#error-hint", Static).render())
        assert "crmgov init" in hint and "crmgov demo" in hint
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2
    assert not path.exists()


async def test_data_changed_refreshes_the_figures(sample_app, sample_store) -> None:
    from crmgov.domain.enums import Urgency
    from crmgov.domain.issues.model import Issue

    async with sample_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = int(figure(sample_app, "open-urgent").value)
        with sample_app.store.transaction("test.add") as t:
            t.insert("issues", Issue(title="New", description="d", urgency=Urgency.URGENT,
                                     created_at=FIXED_NOW))
        sample_app.data_changed()
        await settle(pilot)
        assert int(figure(sample_app, "open-urgent").value) == before + 1


async def test_language_comes_from_the_project_once_loaded(demo_app_zh) -> None:
    async with demo_app_zh.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "上线" in verdict(demo_app_zh)
        assert board(demo_app_zh).card("issues").title == "问题"
        descriptions = {b.id: b.description for _k, b in demo_app_zh._bindings}
        assert descriptions["area.dashboard"] == "总览"


class ReadyPrefetch:
    """Stands in for StatusPrefetch: a child that has already printed `status`."""

    def __init__(self, status: dict, *, quick: bool = False) -> None:
        self.status = status
        self.is_quick = quick

    def done(self) -> bool:
        return True

    def quick(self) -> bool:
        return self.is_quick

    def result(self) -> dict:
        return self.status


async def test_prefetched_figures_show_before_the_app_has_loaded(demo_store) -> None:
    release = threading.Event()
    status = project_status(demo_store, FIXED_NOW).to_json()
    app = prefetch_app(slow_store(demo_store.path, release), ReadyPrefetch(status))
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not app.store.loaded
        assert board(app).headline.tone != "loading"
        assert app.title == demo_store.project.name
        assert figure(app, "open-urgent").value == str(status["issues"]["open"]["urgent"])
        shown = board(app).cards
        assert len(board(app).card("blockers").items) == len(status["blockers"])
        release.set()
        await settle(pilot)
        assert app.store.loaded
        # The app's own load found the same figures: the board was not redrawn.
        assert board(app).cards is shown


async def test_the_dashboard_remembers_its_figures_for_the_next_start(demo_store) -> None:
    from crmgov.services.status.snapshot import RememberedStatus, remembered_status

    assert remembered_status(demo_store.path, FIXED_NOW) is None
    first = prefetch_app(ProjectStore(demo_store.path, "tester", clock=fixed_clock), None)
    async with first.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
    status = remembered_status(demo_store.path, FIXED_NOW)
    assert status is not None
    assert status == project_status(demo_store, FIXED_NOW).to_json()

    release = threading.Event()
    second = prefetch_app(slow_store(demo_store.path, release), RememberedStatus(status))
    async with second.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert not second.store.loaded  # shown from what the first start remembered
        assert figure(second, "open-urgent").value == str(status["issues"]["open"]["urgent"])
        release.set()
        await settle(pilot)


class LatePrefetch(ReadyPrefetch):
    """A child still running: its result comes when `arrive` is set."""

    def __init__(self, status: dict, *, quick: bool = False) -> None:
        super().__init__(status, quick=quick)
        self.arrive = threading.Event()

    def done(self) -> bool:
        return self.arrive.is_set()

    def result(self) -> dict:
        self.arrive.wait(timeout=30)
        return self.status


async def test_a_late_prefetch_never_replaces_the_loaded_figures(
    demo_store,
) -> None:
    status = project_status(demo_store, FIXED_NOW).to_json()
    stale = {**status, "project": {**status["project"], "name": "Stale name"}}
    prefetch = LatePrefetch(stale)
    app = prefetch_app(ProjectStore(demo_store.path, "tester", clock=fixed_clock), prefetch)
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(200):  # the app's own load, while the child has not answered
            await pilot.pause(0.05)
            if app.store.loaded:
                break
        assert app.store.loaded
        assert not prefetch.done()
        prefetch.arrive.set()
        await settle(pilot)
        assert app.title == demo_store.project.name  # not the child's late answer


async def test_a_quick_prefetch_is_painted_before_the_app_starts_its_own_load(
    demo_store,
) -> None:
    # The app's load holds the GIL for seconds at 100k issues: it must not start while
    # figures that come within a second (issue index, skim) are waiting to be painted.
    status = project_status(demo_store, FIXED_NOW).to_json()
    prefetch = LatePrefetch(status, quick=True)
    started = threading.Event()

    class WatchedStore(ProjectStore):
        def load(self) -> None:
            started.set()
            super().load()

    app = prefetch_app(WatchedStore(demo_store.path, "tester", clock=fixed_clock), prefetch)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        assert not started.is_set()
        assert "Loading demo.json" in verdict(app)
        prefetch.arrive.set()
        await settle(pilot)
        assert started.is_set() and app.store.loaded
        assert figure(app, "open-urgent").value == str(status["issues"]["open"]["urgent"])


async def test_a_failed_prefetch_leaves_the_loading_state_to_the_app(sample_store) -> None:
    release = threading.Event()
    failed = ReadyPrefetch(None)  # type: ignore[arg-type]
    app = prefetch_app(slow_store(sample_store.path, release), failed)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Loading sample.json" in verdict(app)
        release.set()
        await settle(pilot)
        assert "READY" in verdict(app)
