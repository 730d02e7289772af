"""Startup of the TUI, measured black-box in a pseudo-terminal, against a bare app.

    .venv/bin/python -m benchmarks.bench_startup [--runs 5] [--big-runs 3] [--issues 100000]

Each run starts the command on a fresh 100x30 pty and reads everything it writes; times
count from just before the process is started:
- first paint: the first output with visible text (escape sequences removed);
- settled: the first moment the output holds a sentinel that appears only once the data
  is shown ("READY for go-live" on the dashboard; the last table row for the bare app).
Both projects are measured at the first start after the file changed (nothing
remembered) and at later starts (after a session of the app: the demo's figures
remembered, the big project's issue index saved).
The cases run in turn with the bare app (see `interleaved`), and each ratio is to the bare
runs taken alongside. Medians are printed with the ratios the targets refer to. Figures,
never assertions.

Why a pty and not tmux: polling `tmux capture-pane` every 10 ms starts a process 100
times a second, which on a 2-core machine takes CPU from the very process being timed.
"""

from __future__ import annotations

import argparse
import os
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

BIN = Path(sys.executable).parent
SENTINEL = "READY for go-live"

BARE_APP = textwrap.dedent(
    '''
    """A bare Textual app: header, a small table, footer."""
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header


    class Bare(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("id", "name", "status")
            for i in range(10):
                table.add_row(str(i), f"row-{i}", "open")


    Bare().run()
    '''
)


#: CSI, OSC and other escape sequences: what is left is the text a screen would show.
ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\"
    rb"|\x1b[@-Z\\-_]"
)


def measure(
    argv: list[str], sentinel: str, timeout: float = 60.0, session: float | None = None
) -> tuple[float, float]:
    """(first paint, settled) in seconds for one run of `argv` on a 100x30 pty.

    `session`: instead of being killed once settled, the app runs that many seconds more
    and is then closed with `q`, as a person's session would end (crmgov then remembers
    what the next start uses: services.status.snapshot, services.issues.index)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    output = b""
    first = settled = None
    try:
        while settled is None and time.perf_counter() - start < timeout:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                output += os.read(master, 1 << 16)
            except OSError:  # the command ended
                break
            now = time.perf_counter() - start
            text = ESCAPES.sub(b"", output)
            if first is None and text.strip():
                first = now
            if sentinel.encode() in text:
                settled = now
        if session is not None:
            _close_after(process, master, session)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)
    if first is None or settled is None:
        raise RuntimeError(f"{argv!r}: no {'paint' if first is None else sentinel!r} seen")
    return first, settled


def _close_after(process: subprocess.Popen[bytes], master: int, seconds: float) -> None:
    """Let the app run `seconds`, press q, and wait for it to end (output drained)."""
    end = time.perf_counter() + seconds
    quit_sent = False
    while process.poll() is None and time.perf_counter() < end + 60:
        if not quit_sent and time.perf_counter() >= end:
            os.write(master, b"q")
            quit_sent = True
        if select.select([master], [], [], 0.05)[0]:
            try:
                os.read(master, 1 << 16)
            except OSError:
                break


Run = Callable[[], tuple[float, float]]


def interleaved(cases: dict[str, Run], runs: int) -> dict[str, tuple[float, float]]:
    """Medians of `runs` runs of each case, the cases taking turns.

    On a shared machine the speed drifts over minutes (the bare app alone measured
    0.28-0.50 s on different runs of this script); taking turns exposes every case to
    the same drift, so the ratios hold even when the absolute figures move.
    """
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, run in cases.items():
            # The process before may have just been killed: freeing a 100k project's
            # ~850 MB goes on after it has gone, and slowed the next start.
            time.sleep(1.0)
            results[name].append(run())
    return {name: report(name, found) for name, found in results.items()}


def warm(command: list[str], sentinel: str, ready: Callable[[], bool] = lambda: True) -> None:
    """One session ended with q: warms the OS file cache and .pyc files, and lets crmgov
    remember what later starts use; then waits for `ready` (e.g. the detached process
    saving the issue index)."""
    measure(command, sentinel, session=5.0)
    deadline = time.monotonic() + 120
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.2)


def report(name: str, results: list[tuple[float, float]]) -> tuple[float, float]:
    """Print and return the medians (first paint, settled) of some runs."""
    first = statistics.median(r[0] for r in results)
    settled = statistics.median(r[1] for r in results)
    print(
        f"{name:<34} first paint {first:6.3f} s   settled {settled:6.3f} s   "
        f"({len(results)} runs)"
    )
    return first, settled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=3)
    parser.add_argument("--issues", type=int, default=100_000)
    args = parser.parse_args()
    if sys.platform == "win32":
        print("needs a POSIX pseudo-terminal", file=sys.stderr)
        return 2

    from benchmarks.fixtures import make_big_project

    _compile_crmgov()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = folder / "bare.py"
        bare.write_text(BARE_APP)
        demo = folder / "demo.json"
        big = folder / "big.json"
        crmgov = str(BIN / "crmgov")
        subprocess.run([crmgov, "demo", str(demo), "--no-tui"], check=True, capture_output=True)
        make_big_project(big, args.issues)
        # What crmgov remembers between starts (the issue index, the demo's figures) goes
        # to a private cache folder, so the runs with and without it are known.
        cache = folder / "cache"
        os.environ["CRMGOV_CACHE_DIR"] = str(cache)
        print(f"pty 100x30; {args.issues:,} issues in the big project\n")
        bare_command = [sys.executable, str(bare)]
        bare_run: Run = lambda: measure(bare_command, "row-9")  # noqa: E731
        demo_command = [crmgov, "--project", str(demo)]
        big_command = [crmgov, "--project", str(big)]
        warm(bare_command, "row-9")
        warm(demo_command, SENTINEL)
        small = interleaved({
            "bare Textual app": bare_run,
            "crmgov, demo, later starts": lambda: measure(demo_command, SENTINEL),
            "crmgov, demo, first start": lambda: _fresh_start(demo_command, cache),
        }, args.runs)
        print()
        warm(big_command, SENTINEL)
        cold = interleaved({
            "bare Textual app": bare_run,
            f"crmgov, {args.issues:,} issues, first start":
                lambda: _fresh_start(big_command, cache),
        }, args.big_runs)
        print()
        warm(big_command, SENTINEL, ready=lambda: any(cache.glob("issues-*.json")))
        later = interleaved({
            "bare Textual app": bare_run,
            f"crmgov, {args.issues:,} issues, later": lambda: measure(big_command, SENTINEL),
        }, args.big_runs)
    (b_first, b_settled), (d_first, d_settled), (f_first, f_settled) = small.values()
    (cb_first, cb_settled), (c_first, c_settled) = cold.values()
    (gb_first, gb_settled), (g_first, g_settled) = later.values()
    print()
    print("Ratios to the bare app measured in turn with each case:")
    print(f"demo settled / bare settled      {d_settled / b_settled:5.2f}x  (target ≤ 1.3x; "
          f"first start {f_settled / b_settled:.2f}x)")
    print(f"demo first paint / bare first    {d_first / b_first:5.2f}x")
    print(f"big first paint / bare first     {g_first / gb_first:5.2f}x  (target ≤ 1.5x)")
    print(f"big settled / bare settled       {g_settled / gb_settled:5.2f}x  (target ≤ 5x)")
    print(f"  … first start (no issue index) {c_first / cb_first:5.2f}x first paint, "
          f"{c_settled / cb_settled:5.2f}x settled")
    return 0


def _compile_crmgov() -> None:
    """Write crmgov's .pyc files, as installing a wheel does (pip compiles on install).

    In an editable install Python writes them on the first import, unless
    PYTHONDONTWRITEBYTECODE is set (as on some CI and sandbox machines): then every
    measured start would compile crmgov's changed modules from source (~3 ms each), a cost
    no installed crmgov pays and the bare app (Textual's .pyc are installed) does not pay.
    """
    import compileall

    import crmgov

    compileall.compile_dir(Path(crmgov.__file__).parent, quiet=1)


def _fresh_start(command: list[str], cache: Path) -> tuple[float, float]:
    """One start with nothing remembered (the first after the file changed).

    What is remembered is put aside and back afterwards, so that the later starts measured
    in turn with this one still find it. The process is killed once settled, before it
    could save anything itself; anything it did save is dropped."""
    aside = cache.with_name(cache.name + ".aside")
    if cache.exists():
        cache.rename(aside)
    try:
        return measure(command, SENTINEL)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if aside.exists():
            aside.rename(cache)


if __name__ == "__main__":
    sys.exit(main())
