"""A throwaway PostgreSQL server for the tests and the benchmarks (issue 23).

    python tests/pgserver.py            # start one, print its DSN, stop it on Ctrl-C

`start()` finds `initdb`/`pg_ctl` (on PATH, else the newest /usr/lib/postgresql/*/bin),
runs `initdb` into a new temporary folder and `pg_ctl start` with the unix socket in that
folder and a free loopback TCP port. PostgreSQL refuses to run as root, so when we are
root the cluster belongs to an unprivileged system user (`crmgov-pg`, created with
`useradd` when missing; `nobody` when that fails) and every server command runs through
`runuser -u USER --`. Local (unix socket) connections are trusted; over TCP the role
`crmgov_pw` must give its password (scram-sha-256), so a test can see a refused password.
The cluster is stopped and its folder removed at exit, and by a small watchdog process
if this process dies without running its exit handlers (kill -9).

`server()` returns the one server of this process: the one named by
CRMGOV_TEST_DATABASE=postgresql://… when that is set (an existing server, used as is:
each test makes and drops its own database there), else a throwaway one started on first
use. It raises `Unavailable` (with the reason) when neither can be had.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

#: The role that logs in with a password over TCP (to test a refused password).
PASSWORD_ROLE = "crmgov_pw"
PASSWORD = "crmgov-test-password"
#: The unprivileged owner of a throwaway cluster when we run as root.
SERVER_USER = "crmgov-pg"
ENV_DATABASE = "CRMGOV_TEST_DATABASE"


class Unavailable(RuntimeError):
    """No PostgreSQL server can be had; the message says why."""


@dataclass
class PgServer:
    """A running server. `dsn` is the superuser's DSN (database `postgres`)."""

    dsn: str
    #: The role, password and TCP DSN for password tests; None on an external server.
    password_dsn: str | None = None
    #: The superuser over TCP (trusted); None on an external server.
    tcp_dsn: str | None = None
    folder: Path | None = None
    owner: str | None = None
    bin_dir: Path | None = None
    _watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def external(self) -> bool:
        return self.folder is None

    def dsn_for(self, dbname: str, dsn: str | None = None) -> str:
        """The DSN `dsn` (the superuser's by default) with its database set to `dbname`."""
        return with_database(dsn or self.dsn, dbname)

    def create_database(self, prefix: str = "t") -> str:
        """Create a fresh empty database with a unique name; returns its name."""
        import psycopg
        from psycopg import sql

        name = f"{prefix}_{uuid.uuid4().hex[:16]}"
        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=30) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            if not self.external:
                # the password role may use every test database (refused-password tests
                # need a database it could otherwise open)
                conn.execute(
                    sql.SQL("GRANT ALL ON DATABASE {} TO {}").format(
                        sql.Identifier(name), sql.Identifier(PASSWORD_ROLE)
                    )
                )
        return name

    def drop_database(self, name: str) -> None:
        """Drop `name`, first ending every session still connected to it."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.dsn, autocommit=True, connect_timeout=30) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def stop(self) -> None:
        """Stop a throwaway cluster and remove its folder (an external server is left)."""
        if self.folder is None:
            return
        folder, self.folder = self.folder, None
        if self.bin_dir is not None and (folder / "data" / "postmaster.pid").exists():
            subprocess.run(
                _as_owner(self.owner)
                + [str(self.bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast",
                   "-w", "-t", "120", "stop"],
                cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
        if self._watchdog is not None and self._watchdog.stdin is not None:
            self._watchdog.stdin.close()  # the watchdog sees EOF and exits
            self._watchdog.wait()


def skip_or_fail(reason: str) -> None:
    """In a test: skip for want of a server, or fail where one is required
    (CRMGOV_REQUIRE_POSTGRES=1, set by CI: CI must not skip the server's tests)."""
    import pytest

    if os.environ.get("CRMGOV_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (CRMGOV_REQUIRE_POSTGRES=1): {reason}", pytrace=False)
    pytest.skip(f"no PostgreSQL server: {reason}")


def with_database(dsn: str, dbname: str) -> str:
    """`dsn` (a postgresql:// URL or a key=value string) naming database `dbname`."""
    if re.match(r"^postgres(ql)?://", dsn):
        parts = urlsplit(dsn)
        return urlunsplit(parts._replace(path="/" + quote(dbname)))
    from psycopg.conninfo import make_conninfo

    return make_conninfo(dsn, dbname=dbname)


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl, or None."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(os.path.realpath(initdb)).parent
    def version(path: str) -> tuple[int, ...]:
        found = re.search(r"/postgresql/([\d.]+)/", path)
        return tuple(int(p) for p in found.group(1).split(".")) if found else (0,)

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    return None


def _system_tool(name: str) -> str | None:
    """A system tool (runuser, useradd) even where PATH leaves out the sbin folders."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/bin:/bin")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_user() -> str | None:
    """The unprivileged user to run the cluster as (None: we are not root)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVER_USER)
        return SERVER_USER
    except KeyError:
        pass
    useradd = _system_tool("useradd")
    if useradd:
        subprocess.run(
            [useradd, "--system", "--no-create-home", "--home-dir", "/nonexistent",
             "--shell", "/usr/sbin/nologin", SERVER_USER],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
        )
        with contextlib.suppress(KeyError):  # another process may have made it meanwhile
            pwd.getpwnam(SERVER_USER)
            return SERVER_USER
    pwd.getpwnam("nobody")
    return "nobody"


def _as_owner(owner: str | None) -> list[str]:
    if owner is None:
        return []
    runuser = _system_tool("runuser")
    if runuser:
        return [runuser, "-u", owner, "--"]
    raise Unavailable("running as root and `runuser` is missing: cannot start PostgreSQL")


_WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.read()  # EOF: the process that started the cluster has ended (or stopped it)
cmd, folder = sys.argv[1:-1], sys.argv[-1]
subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
shutil.rmtree(folder, ignore_errors=True)
"""


def start(durable: bool = False) -> PgServer:
    """Start a throwaway cluster. `durable=False` turns fsync off (tests: faster, and
    nothing survives the cluster anyway); benchmarks pass True to measure real commits."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise Unavailable(
            "PostgreSQL is not installed (no initdb/pg_ctl on PATH or in "
            "/usr/lib/postgresql/*/bin; `apt-get install postgresql`)"
        )
    owner = _server_user()
    as_owner = _as_owner(owner)
    folder = Path(tempfile.mkdtemp(prefix="crmgov-pg-", dir="/tmp"))
    data = folder / "data"
    if owner is not None:
        entry = pwd.getpwnam(owner)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"

    def run(argv: list[str]) -> None:
        done = subprocess.run(as_owner + argv, cwd=folder, env=env, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise Unavailable(f"{Path(argv[0]).name} failed: {' / '.join(tail)}")

    run([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
         "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"])
    port = _free_port()
    (data / "pg_hba.conf").write_text(
        "# crmgov's throwaway test cluster\n"
        "local all all trust\n"
        f"host all {PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256\n"
        "host all all 127.0.0.1/32 trust\n"
    )
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "port": str(port),
        "unix_socket_directories": f"'{folder}'",
        "max_connections": "200",
        "fsync": "on" if durable else "off",
        "full_page_writes": "on" if durable else "off",
        "logging_collector": "off",
    }
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("\n# crmgov test cluster\n")
        conf.writelines(f"{k} = {v}\n" for k, v in settings.items())
    stop_cmd = as_owner + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                           "-w", "-t", "60", "stop"]
    # started before the server, so that a kill -9 of this process between here and
    # atexit still stops the cluster; its own session keeps Ctrl-C from killing it
    watchdog = subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, *stop_cmd, str(folder)],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = PgServer(
        dsn=f"postgresql://postgres@/postgres?host={quote(str(folder), safe='/')}&port={port}",
        tcp_dsn=f"postgresql://postgres@127.0.0.1:{port}/postgres",
        password_dsn=f"postgresql://{PASSWORD_ROLE}:{PASSWORD}@127.0.0.1:{port}/postgres",
        folder=folder, owner=owner, bin_dir=bin_dir, _watchdog=watchdog,
    )
    atexit.register(server.stop)
    try:
        done = subprocess.run(
            as_owner + [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
                        "-w", "-t", "120", "start"],
            cwd=folder, env=env, capture_output=True, text=True, check=False,
            start_new_session=True,
        )
        if done.returncode != 0:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            tail = (log or done.stderr or done.stdout).strip().splitlines()[-3:]
            raise Unavailable(f"pg_ctl start failed: {' / '.join(tail)}")
        import psycopg
        from psycopg import sql

        with psycopg.connect(server.dsn, autocommit=True, connect_timeout=30) as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(PASSWORD_ROLE), sql.Literal(PASSWORD)
                )
            )
    except BaseException:
        server.stop()
        raise
    return server


_server: PgServer | None = None
_failure: Unavailable | None = None


def server() -> PgServer:
    """The server of this process (see the module's docstring); raises Unavailable."""
    global _server, _failure
    if _server is not None:
        return _server
    if _failure is not None:
        raise _failure
    try:
        try:
            import psycopg
        except ImportError as exc:
            raise Unavailable(
                f"psycopg is not installed ({exc}); pip install -e '.[test]'"
            ) from None
        external = os.environ.get(ENV_DATABASE, "").strip()
        if external:
            try:
                with psycopg.connect(external, autocommit=True, connect_timeout=30) as conn:
                    conn.execute("SELECT 1")
            except psycopg.Error as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                raise Unavailable(f"{ENV_DATABASE} cannot be reached: {first}") from None
            _server = PgServer(dsn=external)
        else:
            _server = start()
    except Unavailable as exc:
        _failure = exc
        raise
    return _server


def main() -> int:
    try:
        found = start(durable="--durable" in sys.argv)
    except Unavailable as exc:
        print(f"no PostgreSQL: {exc}", file=sys.stderr)
        return 1
    print(found.dsn)
    print(f"TCP (trusted): {found.tcp_dsn}")
    print(f"password role: {found.password_dsn}")
    print("Ctrl-C stops it and removes", found.folder, file=sys.stderr, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        while True:
            signal_pause()
    return 0


def signal_pause() -> None:
    import signal

    signal.pause()


if __name__ == "__main__":
    sys.exit(main())


# One module whichever way it is imported (`pgserver` from conftest, `tests.pgserver` from a
# test module, or by path from the benchmarks): one server per process, not one per name.
sys.modules.setdefault("pgserver", sys.modules[__name__])
sys.modules.setdefault("tests.pgserver", sys.modules[__name__])
