"""The warm process: database commands without the import cost of a fresh Python.

`python -m crmgov.cli.warm SOCKET` imports what database commands use (psycopg,
pydantic, every crmgov module but the TUI and the web server), then waits on SOCKET
(crmgov.launch names it). Each request carries a command line, the caller's folder,
environment and umask, and its standard input, output and error as file descriptors.
The process forks a child per request; the child takes all of that over and runs the
command as `crmgov` would have, writing straight to the caller's terminal or pipes, and
the caller waits for its exit code. A fork shares the imports: ~5 ms instead of ~0.55 s.

The child dies with its caller (a killed `crmgov` leaves no command running, as without
the warm process: its transaction is rolled back). The warm process holds no project and
no connection: each child opens its own. It ends after launch.IDLE_SECONDS without a
request, and makes way for a newer installation's (crmgov.launch: the socket's name).
"""

from __future__ import annotations

import fcntl
import gc
import io
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crmgov.launch import IDLE_SECONDS

#: The longest request (a command line and an environment) taken.
_MAX_REQUEST = 1 << 20
#: Packages not imported ahead: a database command never uses them.
_NOT_AHEAD = ("crmgov.tui", "crmgov.web", "crmgov.cli.warm")


def main(path: str) -> int:
    """Serve `path` until idle; 0 also when another warm process already serves it."""
    lock = open(path + ".lock", "a+")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # started twice by two first commands: the other one serves
    _retire_others(path)
    lock.seek(0)
    lock.truncate()
    lock.write(str(os.getpid()))
    lock.flush()
    os.chdir("/")  # hold no caller's folder; each child moves to its caller's
    _import_ahead()
    if _threads() > 1:
        return 0  # a fork would copy another thread's locks: stay cold rather than hang
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return 0  # a kernel before 5.3: no way to wait for a child here; stay cold
    gc.freeze()  # children never scan (nor copy) what is imported here
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    try:
        _serve(listener)
    finally:
        listener.close()
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
    return 0


def _serve(listener: socket.socket) -> None:
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "listener")
    # SIGTERM (a newer installation's warm process): stop taking requests, finish the
    # children, end. The wakeup socket makes a blocked select see the signal.
    wake_read, wake_write = socket.socketpair()
    wake_read.setblocking(False)
    wake_write.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno())
    signal.signal(signal.SIGTERM, lambda _signum, _frame: None)
    selector.register(wake_read, selectors.EVENT_READ, "wake")
    children: dict[int, tuple[int, socket.socket]] = {}  # pidfd: (pid, its caller)
    listening = True
    idle_since = time.monotonic()

    def close_in_child() -> None:
        """What a child must not keep: the listener, the wakeup, other callers."""
        signal.set_wakeup_fd(-1)
        for pidfd, (_pid, other) in children.items():
            os.close(pidfd)
            other.close()
        selector.close()
        listener.close()
        wake_read.close()
        wake_write.close()

    while listening or children:
        left = IDLE_SECONDS - (time.monotonic() - idle_since)
        if not children and left <= 0:
            return
        for key, _mask in selector.select(None if children else left):
            if key.data == "wake":
                if signal.SIGTERM in wake_read.recv(64) and listening:
                    selector.unregister(listener)
                    listening = False
            elif key.data == "listener":
                conn, _address = listener.accept()
                pid = _start(conn, close_in_child)
                if pid is None:
                    conn.close()
                    continue
                pidfd = os.pidfd_open(pid)
                children[pidfd] = (pid, conn)
                selector.register(pidfd, selectors.EVENT_READ, pidfd)
            else:
                selector.unregister(key.data)
                pid, conn = children.pop(key.data)
                os.close(key.data)
                _report(pid, conn)
                idle_since = time.monotonic()


def _report(pid: int, conn: socket.socket) -> None:
    """Tell the caller how the child ended (it also says so itself when it can)."""
    _pid, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    try:
        conn.sendall(b'{"exit": %d}\n' % (code if code >= 0 else 128 - code))
    except OSError:
        pass  # the caller is gone
    conn.close()


def _start(conn: socket.socket, close_in_child: Callable[[], None]) -> int | None:
    """Read one request and fork its child; the child's pid, or None for a bad request."""
    try:
        conn.settimeout(5.0)
        uid = struct.unpack("3i", conn.getsockopt(
            socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
        data, fds, _flags, _address = socket.recv_fds(conn, 65536, 3)
    except OSError:
        return None
    try:
        if uid != os.getuid() or len(fds) != 3 or len(data) < 4:
            return None
        size = int.from_bytes(data[:4], "big")
        if size > _MAX_REQUEST:
            return None
        while len(data) < 4 + size:
            more = conn.recv(4 + size - len(data))
            if not more:
                return None
            data += more
        request = json.loads(data[4:4 + size])
        conn.settimeout(None)
        pid = os.fork()
        if pid == 0:
            code = 70
            try:
                close_in_child()
                code = _child(conn, request, fds)
            finally:
                os._exit(code)
        return pid
    except (OSError, ValueError, KeyError, TypeError):
        return None
    finally:
        for fd in fds:
            os.close(fd)  # the child has its copies; the caller keeps its own


def _child(conn: socket.socket, request: dict[str, Any], fds: list[int]) -> int:
    """Become the caller's command: its streams, folder, environment; run; its exit code."""
    import locale
    import threading

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for target, fd in zip((0, 1, 2), fds, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    os.umask(int(request["umask"]))
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    try:
        locale.setlocale(locale.LC_CTYPE, "")
    except locale.Error:
        pass
    # The caller's streams as its Python set them up (a tty line-buffered, a pipe not).
    streams = [
        io.TextIOWrapper(
            open(fd, "rb" if fd == 0 else "wb", closefd=False),  # noqa: SIM115
            encoding=encoding, errors=errors, line_buffering=line_buffering)
        for fd, (encoding, errors, line_buffering) in enumerate(request["stdio"])
    ]
    sys.stdin, sys.stdout, sys.stderr = streams
    argv = [str(a) for a in request["argv"]]
    sys.argv = [str(request["argv0"]), *argv]
    conn.sendall(b'{"pid": %d}\n' % os.getpid())
    if conn.recv(1) != b"g":
        return 0  # the caller gave up before it knew this child: it runs nothing
    threading.Thread(target=_die_with_caller, args=(conn,), daemon=True).start()
    try:
        os.chdir(request["cwd"])
    except OSError as exc:
        from crmgov.i18n import _, os_reason

        print("crmgov: " + _("cannot work in {folder}: {reason}", folder=request["cwd"],
                             reason=os_reason(exc)), file=sys.stderr)
        return 2
    code = _run(argv)
    try:
        conn.sendall(b'{"exit": %d}\n' % code)
    except OSError:
        pass
    return code


def _run(argv: list[str]) -> int:
    """`crmgov.cli.run` for a database: dispatch, then flush (what a normal exit does)."""
    import traceback

    from crmgov.cli import dispatch

    try:
        code, _ctx = dispatch(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # a bug: the traceback a normal run would print
        traceback.print_exc()
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe: as a normal run, the exit code stands
    return code


def _die_with_caller(conn: socket.socket) -> None:
    """The caller sends nothing after its request: an end of stream means it was killed,
    and its command must not go on without it."""
    try:
        while conn.recv(1):
            pass
    except OSError:
        pass
    os.kill(os.getpid(), signal.SIGKILL)


def _import_ahead() -> None:
    """Import every module a database command may use, once, before any fork."""
    import importlib
    import pkgutil

    import psycopg  # noqa: F401

    import crmgov

    # What reports and the handover pack import when they run. Not polars nor openpyxl:
    # they start threads as they load, and a fork must not copy a process with threads.
    for name in ("jinja2", "docx"):
        importlib.import_module(name)
    from crmgov.i18n import set_language

    for info in pkgutil.walk_packages(crmgov.__path__, "crmgov."):
        if info.name.startswith(_NOT_AHEAD):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - an optional module missing: the child imports it
            continue
    set_language("zh")  # read the catalogs once
    set_language("en")


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _retire_others(path: str) -> None:
    """Ask the warm processes of older code of this installation (same prefix, other
    stamp) to end once their children are done: nothing will reach them again."""
    mine = Path(path)
    prefix = mine.name.split("-", 1)[0] + "-"
    for lock in mine.parent.glob(prefix + "*.sock.lock"):
        if lock.name == mine.name + ".lock":
            continue
        try:
            with lock.open("r") as held:
                try:
                    fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:  # its process runs: ask it to end
                    pid = int(held.read().strip() or 0)
                    if pid > 0 and b"crmgov.cli.warm" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        os.kill(pid, signal.SIGTERM)
                    continue
            lock.unlink()  # left by an ended process
        except (OSError, ValueError):
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
