"""TUI fixtures: apps built through `make_app` over tmp-path stores, with a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from crmgov.config import Settings
from crmgov.storage.store import ProjectStore
from crmgov.tui.app import CrmgovApp, make_app
from tests.conftest import FIXED_NOW, fixed_clock
from tests.tui.sample import write_sample

AppFactory = Callable[..., CrmgovApp]


def build_app(path: Path, *, language: str | None = None, theme: str = "textual-dark") -> CrmgovApp:
    """An app over the project at `path`, not yet loaded: the app's worker loads it."""
    settings = Settings(path, "tester", language=language, theme=theme, clock=fixed_clock)
    return make_app(ProjectStore(path, "tester", clock=fixed_clock), settings)


async def settle(pilot: Pilot) -> None:
    """Wait until the load worker and every screen's worker have finished and painted.

    Each finished worker may start another (load → dashboard figures), so wait a bounded
    number of rounds rather than sleeping.
    """
    app = pilot.app
    for _round in range(20):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            return
    raise AssertionError("workers did not settle")


@pytest.fixture
def demo_app(demo_store: ProjectStore) -> CrmgovApp:
    """The demo project (English) at FIXED_NOW."""
    return build_app(demo_store.path)


@pytest.fixture
def demo_app_zh(demo_store_zh: ProjectStore) -> CrmgovApp:
    """The Chinese demo project; the language comes from the project file."""
    return build_app(demo_store_zh.path)


@pytest.fixture
def sample_store(tmp_path: Path) -> ProjectStore:
    """A small hand-made project (tests/tui/sample.py)."""
    return write_sample(tmp_path / "sample.json", FIXED_NOW)


@pytest.fixture
def sample_app(sample_store: ProjectStore) -> CrmgovApp:
    return build_app(sample_store.path)
