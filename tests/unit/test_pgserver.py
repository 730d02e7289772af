"""The PostgreSQL test fixtures themselves (tests/pgserver.py, conftest's pg_* fixtures)."""

from __future__ import annotations

import os
import pwd

import pgserver
import pytest

psycopg = pytest.importorskip("psycopg")


def test_a_fresh_database_answers(pg_dsn: str) -> None:
    with psycopg.connect(pg_dsn) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
        tables = conn.execute(
            "select count(*) from information_schema.tables where table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)


def test_each_test_has_a_database_of_its_own_and_it_is_dropped(pg_cluster, pg_server) -> None:
    first, second = pg_cluster.create_database(), pg_cluster.create_database()
    assert first != second
    held = psycopg.connect(pg_cluster.dsn_for(first))  # a session left open is ended
    pg_cluster.drop_database(first)
    pg_cluster.drop_database(second)
    assert _ended(held)
    held.close()
    with psycopg.connect(pg_server) as conn:
        names = {row[0] for row in conn.execute("select datname from pg_database")}
    assert first not in names and second not in names


def _ended(conn) -> bool:
    try:
        conn.execute("select 1")
    except psycopg.OperationalError:
        return True
    return False


def test_the_dsn_is_a_url_naming_the_database(pg_dsn: str) -> None:
    assert pg_dsn.startswith("postgresql://")
    with psycopg.connect(pg_dsn) as conn:
        name = conn.execute("select current_database()").fetchone()[0]
    assert name.startswith("t_") and name in pg_dsn


def test_a_wrong_password_is_refused(pg_cluster, pg_dsn: str) -> None:
    if pg_cluster.password_dsn is None:
        pytest.skip("an external server (CRMGOV_TEST_DATABASE): no password role of ours")
    dbname = pg_dsn.split("?")[0].rsplit("/", 1)[1]
    right = pg_cluster.dsn_for(dbname, pg_cluster.password_dsn)
    with psycopg.connect(right) as conn:
        assert conn.execute("select current_user").fetchone() == (pgserver.PASSWORD_ROLE,)
    wrong = right.replace(pgserver.PASSWORD, "not-the-password")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=30)


def test_a_throwaway_cluster_runs_unprivileged(pg_cluster, pg_server: str) -> None:
    if pg_cluster.external:
        pytest.skip("an external server (CRMGOV_TEST_DATABASE)")
    with psycopg.connect(pg_server) as conn:
        data = conn.execute("select current_setting('data_directory')").fetchone()[0]
    assert data.startswith(str(pg_cluster.folder))
    owner = pwd.getpwuid(os.stat(data).st_uid).pw_name
    if os.geteuid() == 0:
        assert owner == pg_cluster.owner != "root"


def test_without_a_server_the_tests_skip_with_the_reason(monkeypatch) -> None:
    monkeypatch.delenv("CRMGOV_REQUIRE_POSTGRES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server: initdb missing"):
        pgserver.skip_or_fail("initdb missing")


def test_where_a_server_is_required_they_fail_instead(monkeypatch) -> None:
    monkeypatch.setenv("CRMGOV_REQUIRE_POSTGRES", "1")
    with pytest.raises(pytest.fail.Exception, match="required.*initdb missing"):
        pgserver.skip_or_fail("initdb missing")


def test_without_postgresql_installed_the_reason_says_so(monkeypatch) -> None:
    monkeypatch.setattr(pgserver, "find_bin_dir", lambda: None)
    with pytest.raises(pgserver.Unavailable, match="apt-get install postgresql"):
        pgserver.start()


def test_an_unreachable_external_server_is_a_reason(monkeypatch) -> None:
    monkeypatch.setattr(pgserver, "_server", None)
    monkeypatch.setattr(pgserver, "_failure", None)
    monkeypatch.setenv(pgserver.ENV_DATABASE, "postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(pgserver.Unavailable, match="CRMGOV_TEST_DATABASE cannot be reached"):
        pgserver.server()


def test_with_database_keeps_the_rest_of_the_dsn() -> None:
    url = "postgresql://u:p@h:5433/old?sslmode=disable"
    assert pgserver.with_database(url, "new") == "postgresql://u:p@h:5433/new?sslmode=disable"
    socket = "postgresql://postgres@/postgres?host=/tmp/x&port=5"
    assert pgserver.with_database(socket, "t_1") == "postgresql://postgres@/t_1?host=/tmp/x&port=5"
