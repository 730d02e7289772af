"""The warm process (crmgov.launch, crmgov.cli.warm): a database command handed to it
behaves as the same command run in its own process — output, exit code, language,
folder, identity — and dies with the `crmgov` that asked for it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from crmgov import launch

CRMGOV = str(Path(sys.executable).parent / "crmgov")
#: A safety net only: every wait below ends as soon as what it waits for is seen.
DEADLINE = 180.0


def _crmgov(*args: str, env: dict[str, str], cwd: Path | None = None,
            stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([CRMGOV, *args], env=env, cwd=cwd, input=stdin, text=True,
                          capture_output=True, timeout=DEADLINE)


def _until(check, what: str) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + DEADLINE
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def _agent_pids(folder: Path) -> list[int]:
    pids = []
    for lock in folder.glob("*.lock"):
        text = lock.read_text().strip()
        if text and Path(f"/proc/{text}").exists():
            pids.append(int(text))
    return pids


@pytest.fixture(scope="module")
def warm_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("warm-test")
    folder.chmod(0o700)
    yield folder
    for pid in _agent_pids(folder):
        os.kill(pid, signal.SIGTERM)


@pytest.fixture
def team(pg_dsn: str, warm_dir: Path, tmp_path: Path) -> tuple[dict[str, str], str]:
    """A database project with one issue, and an environment whose commands must go to
    a ready warm process (CRMGOV_WARM=only)."""
    env = {**os.environ, "CRMGOV_WARM_DIR": str(warm_dir), "CRMGOV_USER": "pm",
           "CRMGOV_DATABASE": pg_dsn, "CRMGOV_WARM": "0"}
    env.pop("CRMGOV_PROJECT", None)
    assert _crmgov("init", "--database", pg_dsn, "--name", "Team", env=env).returncode == 0
    added = _crmgov("issue", "add", "--title", "Invoices sync twice", "--description",
                    "the nightly job", "--urgency", "urgent", env=env)
    assert added.returncode == 0, added.stderr
    env["CRMGOV_WARM"] = "only"
    _crmgov("status", env=env)  # starts the warm process if none runs yet
    socket_path = _socket_path(env)
    _until(lambda: _answers(socket_path), "the warm process listens")
    return env, pg_dsn


def _socket_path(env: dict[str, str]) -> Path:
    found = subprocess.run(
        [sys.executable, "-c", "from crmgov.launch import socket_path; print(socket_path())"],
        env=env, capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


@pytest.mark.parametrize("args", [
    ("issue", "show", "1"),
    ("--lang", "zh", "issue", "show", "1"),
    ("issue", "list", "--json"),
    ("status",),
    ("issue", "show", "99"),  # exit 2, one line on stderr
    ("issue", "add", "--title", "x", "--description", "y", "--urgency", "bogus"),
    ("audit", "verify"),
], ids=["show", "zh", "json", "status", "missing", "usage", "audit"])
def test_a_command_says_the_same_warm_as_in_its_own_process(
    team: tuple[dict[str, str], str], args: tuple[str, ...]
) -> None:
    env, _dsn = team
    warm = _crmgov(*args, env=env)
    cold = _crmgov(*args, env={**env, "CRMGOV_WARM": "0"})
    assert (warm.returncode, warm.stdout, warm.stderr) == (
        cold.returncode, cold.stdout, cold.stderr)
    assert cold.stdout or cold.stderr


def test_the_callers_folder_identity_and_umask_are_the_commands(
    team: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, dsn = team
    here = tmp_path / "here"
    here.mkdir()
    done = subprocess.run(
        ["sh", "-c", f'umask 077; exec "{CRMGOV}" --as "Wang Fang" report issues '
                     "--format md --out relative.md"],
        env=env, cwd=here, capture_output=True, text=True, timeout=DEADLINE)
    assert done.returncode == 0, done.stderr
    written = here / "relative.md"
    assert "Open issues: **1**" in written.read_text()
    assert written.stat().st_mode & 0o077 == 0
    added = _crmgov("--as", "Wang Fang", "issue", "add", "--title", "Quotes lost",
                    "--description", "d", "--urgency", "general", env=env, cwd=here)
    assert added.returncode == 0, added.stderr
    with psycopg.connect(dsn) as conn:
        actor = conn.execute(
            "SELECT event->>'actor' FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    assert actor == ("Wang Fang",)


def _blocked_add(env: dict[str, str], dsn: str) -> tuple[psycopg.Connection, subprocess.Popen[str]]:
    """An `issue add` handed to the warm process and waiting on the project row, which
    this connection holds locked."""
    holder = psycopg.connect(dsn)
    holder.execute("SELECT 1 FROM project WHERE id = 1 FOR UPDATE")
    add = subprocess.Popen(
        [CRMGOV, "issue", "add", "--title", "Never", "--description", "d", "--urgency",
         "general"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def waiting() -> bool:
        with psycopg.connect(dsn) as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()").fetchone() == (1,)

    _until(waiting, "the add waits on the project row")
    return holder, add


def _issues(dsn: str) -> int:
    with psycopg.connect(dsn) as conn:
        row = conn.execute("SELECT count(*) FROM issues").fetchone()
    assert row is not None
    return int(row[0])


def test_a_killed_crmgov_leaves_no_command_running(team: tuple[dict[str, str], str]) -> None:
    env, dsn = team
    holder, add = _blocked_add(env, dsn)
    agent = _agent_pids(Path(env["CRMGOV_WARM_DIR"]))
    children = [p for p in _children(agent[0])]
    assert children, "the add runs in a child of the warm process"
    add.kill()  # SIGKILL: nothing can be passed on
    add.wait(timeout=DEADLINE)
    _until(lambda: not any(Path(f"/proc/{p}").exists() for p in children),
           "the warm child ends with its caller")
    holder.rollback()
    holder.close()
    assert _issues(dsn) == 1


def test_ctrl_c_reaches_the_command(team: tuple[dict[str, str], str]) -> None:
    env, dsn = team
    holder, add = _blocked_add(env, dsn)
    add.send_signal(signal.SIGINT)
    _out, _err = add.communicate(timeout=DEADLINE)
    holder.rollback()
    holder.close()
    assert add.returncode == 130
    assert _issues(dsn) == 1


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_newer_installation_retires_the_old_warm_process(tmp_path: Path) -> None:
    folder = tmp_path / "warm"
    folder.mkdir(mode=0o700)
    old, new = folder / "0000abcd-00000001.sock", folder / "0000abcd-00000002.sock"
    first = subprocess.Popen([sys.executable, "-m", "crmgov.cli.warm", str(old)])
    try:
        _until(lambda: _answers(old), "the old warm process listens")
        twice = subprocess.run([sys.executable, "-m", "crmgov.cli.warm", str(old)],
                               timeout=DEADLINE)
        assert twice.returncode == 0  # the same code twice: the second one leaves at once
        assert first.poll() is None
        second = subprocess.Popen([sys.executable, "-m", "crmgov.cli.warm", str(new)])
        try:
            assert first.wait(timeout=DEADLINE) == 0
            assert not old.exists()
            _until(lambda: _answers(new), "the new warm process listens")
        finally:
            second.terminate()
            second.wait(timeout=DEADLINE)
    finally:
        if first.poll() is None:
            first.kill()


@pytest.mark.parametrize(("argv", "environ", "wanted"), [
    (["issue", "add"], {"CRMGOV_DATABASE": "postgresql://h/db"}, True),
    (["--database", "postgresql://h/db", "status"], {}, True),
    (["--database=postgresql://h/db", "status"], {}, True),
    (["--project", "postgresql://h/db", "gate", "1"], {}, True),
    (["status"], {}, False),  # a file
    (["--project", "p.json", "status"], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),
    ([], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),  # the TUI
    (["demo"], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),
    (["serve"], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),
    (["quiz", "take"], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),
    (["sop", "edit", "1"], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),
    (["issue", "--help"], {"CRMGOV_DATABASE": "postgresql://h/db"}, False),
    (["status"], {"CRMGOV_DATABASE": "postgresql://h/db", "CRMGOV_WARM": "0"}, False),
])
def test_which_commands_go_to_the_warm_process(
    argv: list[str], environ: dict[str, str], wanted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CRMGOV_DATABASE", "CRMGOV_WARM", "CRMGOV_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert launch._wanted(argv) is wanted


def test_a_folder_others_may_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("CRMGOV_WARM_DIR", str(shared))
    assert launch.socket_path() is None
    shared.chmod(0o700)
    assert launch.socket_path() is not None


def test_the_socket_name_changes_with_the_code(tmp_path: Path) -> None:
    code = tmp_path / "pkg"
    (code / "sub").mkdir(parents=True)
    (code / "sub" / "m.py").write_text("x = 1\n")
    before = launch._code_stamp(str(code))
    assert launch._code_stamp(str(code)) == before
    (code / "sub" / "m.py").write_text("x = 22\n")
    assert launch._code_stamp(str(code)) != before


def test_a_caller_that_gives_up_before_the_start_runs_nothing(
    team: tuple[dict[str, str], str]
) -> None:
    """The child runs only once its caller has its pid and says so ("g"): a caller that
    times out or is interrupted before that, and then runs the command itself, never
    has it run twice."""
    import json

    env, dsn = team
    request = json.dumps({
        "argv": ["issue", "add", "--title", "Twice?", "--description", "d",
                 "--urgency", "general"],
        "argv0": CRMGOV, "cwd": "/", "env": env, "umask": 0o022,
        "stdio": [["utf-8", "strict", False]] * 3,
    }).encode()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as caller, \
            open(os.devnull, "r+b") as null:
        caller.connect(str(_socket_path(env)))
        socket.send_fds(caller, [len(request).to_bytes(4, "big") + request], [null.fileno()] * 3)
        replies = caller.makefile("rb")
        assert "pid" in json.loads(replies.readline())
        caller.shutdown(socket.SHUT_WR)  # gives up without its "g"
        ended = json.loads(replies.readline())  # the warm process: how the child ended
    # 0: it returned before the command (not killed in the middle of one, 137).
    assert ended == {"exit": 0}
    assert _issues(dsn) == 1
