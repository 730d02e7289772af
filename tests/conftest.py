"""Fixtures shared by every test: a fixed clock and throwaway project files."""

from __future__ import annotations

from collections.abc import Iterator
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


# --- PostgreSQL (issue 23) -------------------------------------------------------------
# A real server: CRMGOV_TEST_DATABASE=postgresql://… names an existing one, else
# tests/pgserver.py starts a throwaway cluster once per session. Without one the tests that
# need it are skipped with the reason, except under CRMGOV_REQUIRE_POSTGRES=1 (CI), where
# they fail: CI must not skip them.


@pytest.fixture(scope="session")
def pg_cluster():
    """The PgServer of this session (tests/pgserver.py): DSNs, password role, helpers."""
    import pgserver

    try:
        return pgserver.server()
    except pgserver.Unavailable as exc:
        pgserver.skip_or_fail(str(exc))


@pytest.fixture(scope="session")
def pg_server(pg_cluster) -> str:
    """The server's superuser DSN (database `postgres`): make databases, never write here."""
    return pg_cluster.dsn


@pytest.fixture
def pg_dsn(pg_cluster) -> Iterator[str]:
    """A fresh, empty database of its own for this test (dropped afterwards, its sessions
    ended first): the DSN to hand to `crmgov init --database`."""
    name = pg_cluster.create_database()
    try:
        yield pg_cluster.dsn_for(name)
    finally:
        pg_cluster.drop_database(name)


# --- The warm process (crmgov.launch) ---------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _private_warm_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A `crmgov` database command run by a test starts or reaches a warm process: this
    session's own, in a folder of its own, ended when the session ends."""
    import os
    import signal

    folder = tmp_path_factory.mktemp("warm")
    folder.chmod(0o700)
    before = os.environ.get("CRMGOV_WARM_DIR")
    os.environ["CRMGOV_WARM_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("CRMGOV_WARM_DIR", None)
        else:
            os.environ["CRMGOV_WARM_DIR"] = before
        for lock in folder.glob("*.lock"):
            try:
                os.kill(int(lock.read_text().strip()), signal.SIGTERM)
            except (OSError, ValueError):
                pass
