"""Fixtures of the TUI's browser-quiz tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.quiz_fixture import quiz_project
from crmgov.storage.store import ProjectStore
from tests.conftest import fixed_clock


@pytest.fixture
def quiz_store(tmp_path: Path) -> ProjectStore:
    """A project with one quiz and two takers ("Taker 1", "Taker 2"), at FIXED_NOW."""
    return quiz_project(tmp_path / "quiz.json", takers=2, clock=fixed_clock)
