"""Startup of the TUI, measured black-box in a real terminal (tmux), against a bare app.

    .venv/bin/python -m benchmarks.bench_startup [--runs 5] [--big-runs 3] [--issues 100000]

For each variant a fresh tmux session runs the command while this script polls
`tmux capture-pane` every 10 ms from the moment the session is created:
- first paint: the first capture with any visible text;
- settled: the first capture showing a sentinel that appears only once the data is shown
  ("READY for go-live" on the dashboard; the last table row for the bare app).
Medians are printed with the ratios the targets refer to. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
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


#: A tmux server of our own, so the user's sessions neither disturb nor get disturbed.
SOCKET = f"crmgov-bench-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def measure(command: str, sentinel: str, timeout: float = 60.0) -> tuple[float, float]:
    """(first paint, settled) in seconds for one run of `command` in a 100×30 terminal."""
    session = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "sh", "-c", command)
    first = settled = None
    try:
        while time.perf_counter() - start < timeout:
            screen = tmux("capture-pane", "-p", "-t", session)
            now = time.perf_counter() - start
            if first is None and screen.strip():
                first = now
            if sentinel in screen:
                settled = now
                break
            time.sleep(0.01)
    finally:
        tmux("kill-session", "-t", session)
    if first is None or settled is None:
        raise RuntimeError(f"{command!r}: no {'paint' if first is None else sentinel!r} seen")
    return first, settled


def run_variant(name: str, command: str, sentinel: str, runs: int) -> tuple[float, float]:
    measure(command, sentinel)  # warm the OS file cache and .pyc files
    results = [measure(command, sentinel) for _ in range(runs)]
    first = statistics.median(r[0] for r in results)
    settled = statistics.median(r[1] for r in results)
    print(f"{name:<34} first paint {first:6.3f} s   settled {settled:6.3f} s   ({runs} runs)")
    return first, settled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=3)
    parser.add_argument("--issues", type=int, default=100_000)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is required", file=sys.stderr)
        return 2

    from benchmarks.fixtures import make_big_project

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare = folder / "bare.py"
        bare.write_text(BARE_APP)
        demo = folder / "demo.json"
        big = folder / "big.json"
        crmgov = shlex.quote(str(BIN / "crmgov"))
        subprocess.run([str(BIN / "crmgov"), "demo", str(demo), "--no-tui"], check=True,
                       capture_output=True)
        make_big_project(big, args.issues)
        py = shlex.quote(sys.executable)
        # Keep the server alive between runs: a new session racing a server that is just
        # shutting down fails ("server exited unexpectedly") and would add its start-up.
        tmux("new-session", "-d", "-s", "keepalive", "sleep 3600")
        print(f"tmux 100x30, poll every 10 ms; {args.issues:,} issues in the big project\n")
        b_first, b_settled = run_variant(
            "bare Textual app", f"{py} {shlex.quote(str(bare))}", "row-9", args.runs
        )
        d_first, d_settled = run_variant(
            "crmgov, demo project", f"{crmgov} --project {shlex.quote(str(demo))}", SENTINEL,
            args.runs,
        )
        g_first, g_settled = run_variant(
            f"crmgov, {args.issues:,} issues", f"{crmgov} --project {shlex.quote(str(big))}",
            SENTINEL, args.big_runs,
        )
        tmux("kill-server")
    print()
    print(f"demo settled / bare settled      {d_settled / b_settled:5.2f}x  (target ≤ 1.3x)")
    print(f"big first paint / bare first     {g_first / b_first:5.2f}x  (target ≤ 1.5x)")
    print(f"big settled / bare settled       {g_settled / b_settled:5.2f}x  (target ≤ 5x)")
    print(f"demo first paint / bare first    {d_first / b_first:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
