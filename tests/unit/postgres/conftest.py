"""Fixtures of the backend-parametrised store tests (issue 23).

`pg_dsn` (tests/conftest.py) is a fresh database on the session's throwaway cluster; the
PostgreSQL cases are skipped with the reason where no server can be started.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crmgov.services.projects import init_project
from tests.conftest import fixed_clock


@pytest.fixture(params=["json", "pg"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A new, empty project on each backend."""
    if request.param == "json":
        location: Any = tmp_path / "p.json"
    else:
        location = request.getfixturevalue("pg_dsn")
    return init_project(location, "Test project", "tester", clock=fixed_clock)
