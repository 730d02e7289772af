"""The TUI opening a database (`crmgov --database DSN`): the "Could not open" dialog
names the database as given, `//` and all, and never its password; the watch for other
writers' changes survives a lost connection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from crmgov.config import Settings
from crmgov.tui.app import make_app
from crmgov.tui.dialogs.load_error import LoadErrorScreen
from tests.conftest import fixed_clock
from tests.tui.conftest import settle


def _app(dsn: str, tmp_path: Path) -> Any:
    settings = Settings(tmp_path / "crmgov.json", "tester", database=dsn, clock=fixed_clock)
    return make_app(None, settings)


def _screen_text(app: Any) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static)) + app.sub_title


async def _dialog(app: Any) -> dict[str, str]:
    assert isinstance(app.screen, LoadErrorScreen)
    return {part: str(app.screen.query_one(f"#error-{part}", Static).render())
            for part in ("path", "message", "hint")}


async def test_a_refused_password_names_the_database_without_the_password(
    pg_cluster: Any, pg_dsn: str, tmp_path: Path
) -> None:
    if pg_cluster.password_dsn is None:
        pytest.skip("the server in use has no password role")
    wrong = pg_cluster.password_dsn.replace(":crmgov-test-password@", ":wrong-secret@")
    app = _app(wrong, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = await _dialog(app)
        # Path() folded it into "postgresql:/crmgov_pw@…"
        assert shown["path"] == wrong.replace(":wrong-secret@", "@")
        assert shown["path"].startswith("postgresql://crmgov_pw@")
        assert "password" in shown["message"]
        assert "wrong-secret" not in _screen_text(app)
        assert "Database" in _screen_text(app) and "PGPASSWORD" in shown["hint"]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2


async def test_a_malformed_dsn_is_a_dialog_not_a_crash(tmp_path: Path) -> None:
    """libpq's refusal of the DSN escaped the load worker (it is not a StoreError)."""
    app = _app("postgresql://pm:s3cr%et@127.0.0.1:1/crm", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = await _dialog(app)
        assert shown["path"] == "postgresql://pm@127.0.0.1:1/crm"
        assert "not a database address" in shown["message"]
        assert "s3cr" not in _screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2


async def test_an_empty_database_says_how_to_make_it_a_project(
    pg_dsn: str, tmp_path: Path
) -> None:
    app = _app(pg_dsn, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = await _dialog(app)
        assert shown["path"].startswith("postgresql://")
        assert "crmgov init --database" in shown["hint"] and "db push" in shown["hint"]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2


async def test_the_watch_survives_a_lost_connection(pg_dsn: str, tmp_path: Path) -> None:
    """The watch asked the database on the event loop; a lost connection raised out of
    the timer and ended the app with a traceback. Now: one warning, the app stays."""
    from crmgov.services.projects import init_project
    from crmgov.storage.errors import DatabaseError

    init_project(pg_dsn, "Team", "tester").close()  # type: ignore[attr-defined]
    app = _app(pg_dsn, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.store.loaded and app.title == "Team"
        shown_dsn = app.store.location
        assert app.sub_title == shown_dsn and shown_dsn.startswith("postgresql://")

        def lost() -> bool:
            raise DatabaseError(shown_dsn, "the connection to the database was lost (x)")

        app.store.changed_on_disk = lost
        app.watch_project_file()
        await settle(pilot)
        app.watch_project_file()  # said once, not every 2 s
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert sum("was lost" in m for m in messages) == 1, messages
        assert app.is_running and app.store.loaded
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_change_after_the_server_dropped_the_connections_is_shown(
    pg_dsn: str, tmp_path: Path
) -> None:
    """The server ended the TUI's sessions while idle (a restart, an idle timeout), then
    another writer changed the project: the reread failed on the dead connection and the
    app showed "Could not open" (exit 2 the only way out) over data it had read fine."""
    import psycopg

    from crmgov.services.projects import init_project

    init_project(pg_dsn, "Team", "tester").close()  # type: ignore[attr-defined]
    app = _app(pg_dsn, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.watch_project_file()  # opens the watch connection
        await settle(pilot)
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                          "datname = current_database() AND pid <> pg_backend_pid()")
        from crmgov.services.projects import open_project

        writer: Any = open_project(pg_dsn, "pm")
        with writer.transaction("project.rename") as txn:
            txn.set_project(writer.project.model_copy(update={"name": "Renamed"}))
        writer.close()
        for _look in range(2):  # the first look may find the watch connection dead
            app.watch_project_file()
            await settle(pilot)
        assert not isinstance(app.screen, LoadErrorScreen)
        assert app.load_error is None
        assert app.store.project.name == "Renamed"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
