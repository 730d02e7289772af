"""The issue table at scale, headless: fill, filter keystrokes, sort, memory (prints only).

python -m benchmarks.bench_issue_table [N=100000] [EXISTING.json]

EXISTING.json: reuse a project written by `python -m benchmarks.fixtures PATH N` (saves
the ~30 s of writing one).

Keystroke latency is measured from the key press to the table showing the rows of the
filter then typed (Pilot's own round trip included), over a mix of narrowing keys (each
scans the previous result), widening keys (backspace: a full scan) and quick filters.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.fixtures import make_big_project


def _rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


async def _settled(screen: Any) -> None:
    """Wait until the table shows the rows of the filter now typed.

    Polls with asyncio.sleep rather than Pilot.pause: Pilot waits until the whole process
    has been idle for a while, which would add its own waiting to every figure.
    """
    while (
        screen._filtering
        or screen._last is None
        or (screen._last[0], screen._last[1]) != (screen._generation, screen._spec)
        or screen.table.rows is not screen._last[2]
    ):
        await asyncio.sleep(0.001)


async def _key(app: Any, screen: Any, key: str) -> float:
    """Seconds from posting `key` (as the terminal driver does) to the table updated."""
    from textual import events

    character = key if len(key) == 1 else None
    before = (screen._spec, screen.table.sort_column, screen.table.sort_reverse)
    t0 = time.perf_counter()
    app.post_message(events.Key(key, character))
    # Let the key reach the focused widget and change the filter (or the sort) first.
    while (screen._spec, screen.table.sort_column, screen.table.sort_reverse) == before:
        await asyncio.sleep(0.001)
        if time.perf_counter() - t0 > 5:
            raise RuntimeError(f"key {key!r} changed nothing")
    await _settled(screen)
    return time.perf_counter() - t0


def _pcts(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {max(values) * 1000:.1f} ms (n={len(values)})"
    )


async def run(n: int, existing: Path | None = None) -> None:
    from crmgov.config import Settings
    from crmgov.storage.store import ProjectStore
    from crmgov.tui.app import make_app

    with tempfile.TemporaryDirectory() as tmp:
        path = existing or Path(tmp) / "big.json"
        if existing is None:
            t0 = time.perf_counter()
            make_big_project(path, n)
            print(f"issues: {n:,} (project written in {time.perf_counter() - t0:.1f} s)")
        store = ProjectStore(path, "owner7")
        t0 = time.perf_counter()
        store.load()
        print(f"store load (done by the app's worker after first paint): "
              f"{time.perf_counter() - t0:.2f} s")
        rss0 = _rss_mib()
        app = make_app(store, Settings(project_path=path, actor="owner7"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            t0 = time.perf_counter()
            await pilot.press("i")
            screen = app.screen
            await _settled(screen)
            fill = time.perf_counter() - t0
            print(f"table filled (issue_rows + columns + open filter), key → rows shown: "
                  f"{fill * 1000:.0f} ms; {len(screen.table.rows):,} open of "
                  f"{len(screen._all):,}")
            print(f"RSS after fill: +{_rss_mib() - rss0:.0f} MiB over the loaded store")

            await pilot.press("slash")
            await pilot.pause()
            typed: list[float] = []
            keys = [*"customer dup", "backspace", "backspace", "backspace", "backspace",
                    *"lic", "ctrl+u", *"rep"]
            for key in keys:
                typed.append(await _key(app, screen, key))
            print(f"filter keystroke, key → table updated: {_pcts(typed)}")
            timings = zip(keys, typed, strict=True)
            print("  per key (ms): " + " ".join(f"{k}={t * 1000:.0f}" for k, t in timings))
            print(f"  rows after last key: {len(screen.table.rows):,}")

            await pilot.press("escape")
            await _settled(screen)
            await pilot.press("4")  # unsorted → by title: table focused, sort keys reach it
            while any(w.is_running for w in app.workers):
                await asyncio.sleep(0.001)
            await _settled(screen)
            quick = []
            for key in ["v", "v", "u", "u", "m", "m", "f", "f", "f"]:
                quick.append(await _key(app, screen, key))
            print(f"quick filter toggle (full scan each): {_pcts(quick)}")

            full = []
            for key in ["4", "4", "7", "2", "1"]:
                t0 = time.perf_counter()
                await _key(app, screen, key)  # the header's arrow changes at once
                # Then the full list is re-sorted in a worker and the filter re-applied.
                while any(w.is_running for w in app.workers):
                    await asyncio.sleep(0.001)
                await _settled(screen)
                full.append(time.perf_counter() - t0)
            print(f"sort, key → full list re-sorted and re-filtered (worker): {_pcts(full)}")
            print(f"RSS at the end: +{_rss_mib() - rss0:.0f} MiB over the loaded store")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    existing = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    asyncio.run(run(n, existing))


if __name__ == "__main__":
    main()
