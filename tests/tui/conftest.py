"""TUI fixtures: apps built through `make_app` over tmp-path stores, with a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

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


@asynccontextmanager
async def opened(
    app: CrmgovApp, *keys: str, size: tuple[int, int] = (80, 24)
) -> AsyncIterator[Pilot]:
    """Run `app` at `size`, let it load, press `keys` (if any) and settle again: the
    opening of most TUI tests (`async with opened(app, "h") as pilot:`)."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        yield pilot


async def fill(pilot: Pilot, values: dict[str, str]) -> None:
    """Type `values` into the open form's text fields (`#field-NAME`)."""
    form = pilot.app.screen
    for name, value in values.items():
        form.query_one(f"#field-{name}", Input).value = value
    await pilot.pause()


async def save(pilot: Pilot) -> None:
    """Save the open form (ctrl+s) and wait for what the save started."""
    await pilot.press("ctrl+s")
    await settle(pilot)


def error_text(screen: Any, name: str) -> str:
    """The error the form shows under field `name` ("" when none is shown)."""
    widget = screen.query_one(f"#error-{name}", Static)
    return str(widget.render()) if widget.has_class("-shown") else ""


@pytest.fixture
def demo_app(demo_store: ProjectStore) -> CrmgovApp:
    """The demo project (English) at FIXED_NOW."""
    return build_app(demo_store.path)


@pytest.fixture
def demo_app_zh(demo_store_zh: ProjectStore) -> CrmgovApp:
    """The Chinese demo project; the language comes from the project file."""
    return build_app(demo_store_zh.path)


@pytest.fixture(params=["en", "zh"])
def demo_app_each_lang(request: pytest.FixtureRequest) -> CrmgovApp:
    """The demo app in English, then (a second run of the test) in Chinese; only the
    demo project of that language is written."""
    return request.getfixturevalue("demo_app" if request.param == "en" else "demo_app_zh")


@pytest.fixture
def sample_store(tmp_path: Path) -> ProjectStore:
    """A small hand-made project (tests/tui/sample.py)."""
    return write_sample(tmp_path / "sample.json", FIXED_NOW)


@pytest.fixture
def sample_app(sample_store: ProjectStore) -> CrmgovApp:
    return build_app(sample_store.path)
