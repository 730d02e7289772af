"""Fixtures shared by every test: a fixed clock and throwaway project files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from crmgov.i18n import set_language
from crmgov.services.projects import init_project
from crmgov.storage.store import ProjectStore

#: The 'now' every deterministic test and snapshot sees.
FIXED_NOW = datetime(2026, 11, 23, 9, 30, 0)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests start in English; a test that switches language does not leak into others."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Derived data (the issue index) goes to a throwaway folder, never ~/.cache; child
    processes inherit the variable."""
    monkeypatch.setenv("CRMGOV_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "project.json"


@pytest.fixture
def empty_store(project_path: Path) -> ProjectStore:
    """A new project with no records."""
    return init_project(project_path, "Test project", "tester", clock=fixed_clock)


@pytest.fixture
def demo_store(tmp_path: Path) -> ProjectStore:
    """The demo project as of FIXED_NOW, in English."""
    from crmgov.services.demo.writer import write_demo

    return write_demo(
        tmp_path / "demo.json", "tester", language="en", today=FIXED_NOW.date(), clock=fixed_clock
    )


@pytest.fixture
def demo_store_zh(tmp_path: Path) -> ProjectStore:
    """The demo project as of FIXED_NOW, in Chinese."""
    from crmgov.services.demo.writer import write_demo

    return write_demo(
        tmp_path / "demo-zh.json",
        "tester",
        language="zh",
        today=FIXED_NOW.date(),
        clock=fixed_clock,
    )
