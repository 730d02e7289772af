"""Fixtures of the backend-parametrised store tests (issue 23).

`pg_dsn` comes from tests/conftest.py where the throwaway-cluster fixture exists; until
then (and as a fallback) a server named by $CRMGOV_TEST_PG_ADMIN gives a fresh database
per test.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crmgov.services.projects import init_project
from tests.conftest import fixed_clock


@pytest.fixture
def pg_dsn(request: pytest.FixtureRequest) -> Iterator[str]:
    admin = os.environ.get("CRMGOV_TEST_PG_ADMIN")
    if not admin:
        if os.environ.get("CRMGOV_REQUIRE_POSTGRES") == "1":
            pytest.fail("CRMGOV_REQUIRE_POSTGRES=1 but no PostgreSQL server is set up")
        pytest.skip("no PostgreSQL server for the tests (set CRMGOV_TEST_PG_ADMIN)")
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, query = admin.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["json", "pg"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """A new, empty project on each backend."""
    if request.param == "json":
        location: Any = tmp_path / "p.json"
    else:
        location = request.getfixturevalue("pg_dsn")
    return init_project(location, "Test project", "tester", clock=fixed_clock)
