"""The `crmgov` script, and the hand-over of a database command to a warm process.

A fresh Python spends ~0.55 s importing psycopg, pydantic and crmgov before a command on a
database does any work (psycopg alone ~0.35 s on a 2-core box), most of an `issue add`.
So for a project in PostgreSQL a short command is handed to a warm process
(crmgov.cli.warm) that has all of that imported: it forks a child per command, which runs
the command on this process's terminal or pipes (passed over a Unix socket), environment
and folder, and this process waits for its exit status. The first command starts the warm
process and runs here itself; so does anything the warm process cannot take (the TUI, the
web server, an editor) and any failure to reach it. CRMGOV_WARM=0 turns it off;
CRMGOV_WARM=only refuses to run here a command that could go to the warm process
(benchmarks and tests: they must know which one they measured).

This module must import next to nothing: it runs before every command.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: importing typing costs ~15 ms of every command
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

#: The global options that take a value (cli.common.add_global_options).
VALUED = ("--project", "--database", "--as", "--lang")
#: Commands that always run here: they take over the terminal (the TUI, the kiosk), serve
#: for hours, or create or move a whole project.
STAY_HERE = frozenset({"demo", "init", "quiz", "serve", "db"})
#: Words that keep a command here wherever they appear: `sop edit` starts an editor, and a
#: child of the warm process has no controlling terminal to give it.
_STAY_WORDS = frozenset({"-h", "--help", "--version", "edit"})
#: How long the warm process waits for a command before it ends (seconds).
IDLE_SECONDS = 900
ENV_SWITCH = "CRMGOV_WARM"
ENV_DIR = "CRMGOV_WARM_DIR"


def command_word(argv: Sequence[str]) -> str | None:
    """The command a command line names (its first word that is no option), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in VALUED:
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def run() -> NoReturn:
    """The `crmgov` script: a database command goes to the warm process when it can."""
    argv = sys.argv[1:]
    if _wanted(argv):
        code = hand_over(argv)
        if code is not None:
            sys.exit(code)
        if os.environ.get(ENV_SWITCH) == "only":  # benchmarks and tests: warm or nothing
            _say(argv, "CRMGOV_WARM=only, and no warm process took the command "
                       "(one is starting now)")
            sys.exit(2)
    from crmgov.cli import run as run_here

    run_here()


def _wanted(argv: Sequence[str]) -> bool:
    """Whether `argv` may go to the warm process: a database project, a command that is not
    STAY_HERE, no --help/--version, and a system with fork and file-descriptor passing."""
    if os.environ.get(ENV_SWITCH, "1") == "0" or not hasattr(os, "pidfd_open"):
        return False
    word = command_word(argv)
    if word is None or word in STAY_HERE:
        return False
    database = project = None
    for i, arg in enumerate(argv):
        if arg in _STAY_WORDS:
            return False
        name, eq, value = arg.partition("=")
        if name in ("--database", "--project"):
            value = value if eq else (argv[i + 1] if i + 1 < len(argv) else "")
            if name == "--database":
                database = value
            else:
                project = value
    # As config.resolve_database: --database, else a DSN given to --project, else
    # $CRMGOV_DATABASE unless --project names a file.
    if database:
        return True
    if project:
        return project.startswith(("postgresql://", "postgres://"))
    return bool(os.environ.get("CRMGOV_DATABASE"))


def hand_over(argv: Sequence[str]) -> int | None:
    """Run `argv` in a child of the warm process: its exit code, or None when it could not
    be handed over (nothing ran; run it here). Starts the warm process when none answers."""
    import _socket
    import json

    path = socket_path()
    if path is None:
        return None
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
        umask = os.umask(0o022)
        os.umask(umask)
        request = json.dumps({
            "argv": list(argv), "argv0": sys.argv[0], "cwd": os.getcwd(),
            "env": dict(os.environ), "umask": umask,
            "stdio": [[s.encoding, s.errors, s.line_buffering]
                      for s in (sys.stdin, sys.stdout, sys.stderr)],
        }).encode()
        frame = len(request).to_bytes(4, "big") + request
        fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
        sent = sock.sendmsg([frame], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
        sock.sendall(frame[sent:])
    except (OSError, AttributeError, ValueError):
        # No warm process (or a stale socket, or a closed standard stream): run here.
        sock.close()
        _start_warm(path)
        return None
    try:
        return _wait(sock, json.loads)
    except KeyboardInterrupt:  # before the child started: it never runs (see _wait)
        return 130


#: How long the caller waits for its child to start (a fork: milliseconds, even loaded).
_START_SECONDS = 30.0


def _wait(sock: object, loads: object) -> int | None:
    """Follow the child: its pid (signals are passed on to it), then its exit code; None
    when it never started (nothing ran: run it here). A child runs the command only after
    this process has its pid and says "g", so once this one gives up, or dies, it cannot."""
    import _signal

    pid = None
    buffer = b""
    sock.settimeout(_START_SECONDS)  # type: ignore[attr-defined]
    while True:
        try:
            chunk = sock.recv(4096)  # type: ignore[attr-defined]
        except OSError:  # TimeoutError included: give up on it
            chunk = b""
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            message = loads(line)  # type: ignore[operator]
            if "exit" in message:
                return int(message["exit"]) if pid is not None else None
            pid = int(message["pid"])
            sock.settimeout(None)  # type: ignore[attr-defined]
            for signum in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP, _signal.SIGQUIT):
                _signal.signal(signum, lambda signum, _frame, pid=pid: os.kill(pid, signum))
            sock.sendall(b"g")  # type: ignore[attr-defined]  # the child may run now
    sock.close()  # type: ignore[attr-defined]
    if pid is None:
        return None
    _say(sys.argv[1:], "the warm process ended before the command reported how it went; "
                       "CRMGOV_WARM=0 runs commands without it")
    return 1


def _say(argv: Sequence[str], message: str) -> None:
    """One line on stderr, in the --lang of the command line if it names one."""
    from crmgov.i18n import _, set_language

    for i, arg in enumerate(argv[:-1]):
        if arg == "--lang" and argv[i + 1] in ("en", "zh"):
            set_language(argv[i + 1])
    print("crmgov: " + _(message), file=sys.stderr)


def socket_path() -> str | None:
    """Where this installation's warm process listens: a folder of this user's only
    ($CRMGOV_WARM_DIR, else under $XDG_RUNTIME_DIR or /tmp), and a name made of what
    the code is (environment, import path, and every file of the crmgov package), so
    an upgraded or edited installation never reaches a process running the old code."""
    base = os.environ.get(ENV_DIR) or os.path.join(
        os.environ.get("XDG_RUNTIME_DIR") or "/tmp", f"crmgov-warm-{os.getuid()}")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        st = os.lstat(base)
    except OSError:
        return None
    if not os.path.isdir(base) or os.path.islink(base) or st.st_uid != os.getuid() \
            or st.st_mode & 0o077:
        return None  # not a private folder of this user's: no warm process
    import zlib

    import crmgov

    root = os.path.abspath(crmgov.__path__[0])  # the code itself (no shipped data file)
    # sys.path[0] is the folder of the script (or "" for -c): not what the code is.
    where = zlib.crc32("\0".join([sys.prefix, *sys.path[1:]]).encode())
    return os.path.join(base, f"{where:08x}-{zlib.crc32(_code_stamp(root)):08x}.sock")


def _code_stamp(root: str) -> bytes:
    """Every file under `root` with its size and modification time (~1 ms)."""
    parts = [sys.version]
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(entry.path)
                else:
                    st = entry.stat()
                    parts.append(f"{entry.path} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(sorted(parts)).encode()


def _start_warm(path: str) -> None:
    """Start the warm process for `path` in the background, detached from this terminal
    (it ends by itself after IDLE_SECONDS without a command); this command runs here."""
    import subprocess

    try:
        subprocess.Popen(
            [sys.executable, "-m", "crmgov.cli.warm", path],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True,
        )
    except OSError:
        pass  # then every command runs here, as without it
