"""The dashboard's figures, computed by a child process while the TUI starts.

Why a process: opening the TUI costs ~0.4 s of Textual imports and first paint, and the
figures ~0.35 s of pydantic model building plus reading the project (seconds at 100k
issues). Both are Python work holding the GIL, so a thread cannot overlap them; a second
process can, on a second core. The child prints the documented status JSON (the same
object `crmgov status --json` prints) and the dashboard shows it, while the app reads the
project itself for everything else.

For a big project the child first looks for the project's issue index
(services.issues.index), which gives the figures without building 100k issue models;
without one (the first start after the file changed outside crmgov) it skims the issues
(services.issues.skim), validating only the fields the figures read.

The child never reports errors: when it fails for any reason the app's own load, which
shows the precise error, is all that happens. This module is imported by the TUI before
its first paint, so it imports nothing heavy at module level.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Protocol

#: The child's first line: how it computes the figures (then the status JSON follows).
INDEXED, FULL, SKIMMED = b"indexed\n", b"full\n", b"skimmed\n"
#: Quick answers: the app's own load waits until their figures are painted.
QUICK = (INDEXED, SKIMMED)
#: Without an issue index, bigger files are skimmed rather than loaded in full. A full load
#: would do the app's own work at the same time (~3 s at 100k issues on a 2-core machine)
#: and hold a second copy of the project (~850 MB); it pays off only while it can finish
#: near the app's first frame (~20k issues).
FULL_LOAD_MAX_BYTES = 16 * 1024 * 1024


class EarlyStatus(Protocol):
    """The dashboard's figures before the app has loaded the project: a running
    StatusPrefetch, or a status remembered from an earlier start (services.status.snapshot).
    """

    def done(self) -> bool: ...

    def result(self) -> dict[str, Any] | None: ...

    def quick(self) -> bool: ...

    def cancel(self) -> None: ...


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class StatusPrefetch:
    """A running child computing the status JSON of one project file."""

    def __init__(self, process: subprocess.Popen[bytes], may_be_quick: bool = False) -> None:
        self._process = process
        # Whether the answer may be quick: the file is big, or an issue index exists for
        # it (perhaps for older content); otherwise there is no need to wait to know.
        self.may_be_quick = may_be_quick
        self._result: dict[str, Any] | None = None
        self._finished = False
        self._head: bytes | None = None  # the child's first line, once read
        # result() waits in a worker thread while cancel() may come from the event loop.
        self._reaping = threading.Lock()

    @classmethod
    def start(cls, path: Path, actor: str) -> StatusPrefetch | None:
        """Start the child; None where it would not help (a single core, a missing file)."""
        if _cores() < 2 or not Path(path).is_file():
            return None
        # The plugin scan reads every installed package's metadata; crmgov uses none.
        env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
        # -P: the current folder must not shadow the installed crmgov.
        command = [sys.executable, "-P", "-m", __name__, str(path), actor]
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            return None
        from crmgov.storage.derived import ISSUE_INDEX, any_derived

        resolved = Path(path).expanduser().resolve()
        try:
            big = resolved.stat().st_size > FULL_LOAD_MAX_BYTES
        except OSError:
            big = False  # gone meanwhile: the child fails, the app's load says why
        return cls(process, big or any_derived(resolved, ISSUE_INDEX))

    def quick(self) -> bool:
        """Whether the child answers without loading the project in full (from the issue
        index, or skimming a big file: about a second at 100k issues), so the app's own
        load should wait until the figures are painted. Waits for the child to know,
        unless it cannot be quick at all."""
        if not self.may_be_quick:
            return False
        with self._reaping:
            if self._head is None and not self._finished:
                assert self._process.stdout is not None
                self._head = self._process.stdout.readline()
        return self._head in QUICK

    def done(self) -> bool:
        """Whether the child has finished (its result is then available at once)."""
        return self._finished or self._process.poll() is not None

    def result(self) -> dict[str, Any] | None:
        """The status JSON, waiting for the child; None when it failed."""
        with self._reaping:
            if not self._finished:
                out, _err = self._process.communicate()
                out, self._head = (self._head or b"") + out, None
                self._finished = True
                self._result = _parse(out) if self._process.returncode == 0 else None
        return self._result

    def cancel(self) -> None:
        """Stop the child if it still runs (the app is closing)."""
        if self._process.poll() is None:
            self._process.kill()  # a waiting result() then returns None at once
        with self._reaping:
            if not self._finished:
                self._process.communicate()
                self._finished = True


def _parse(out: bytes) -> dict[str, Any] | None:
    _way, _newline, body = out.partition(b"\n")
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) and "schema" in data else None


def main(argv: list[str]) -> int:
    """The child: print the project's status JSON (exit 2 on any store error).

    A big project with a saved issue index (services.issues.index) answers from it in well
    under a second. Without one the child loads the project in full, like the app, and
    after printing leaves a detached process to save the index for the next start; a file
    over FULL_LOAD_MAX_BYTES is skimmed instead (services.issues.skim; exit 3 when that
    finds the file invalid: the app's own load says why).
    """
    path, actor = argv
    if hasattr(os, "nice"):
        # Second in line for the CPU: the app's own first paint matters more than this.
        os.nice(10)
    return answer(path, actor)


def answer(path: str, actor: str) -> int:
    """What the child prints and its exit code (see `main`)."""
    import orjson

    from crmgov.config import now
    from crmgov.services.issues.index import open_indexed, refresh_index_detached
    from crmgov.services.status.summary import project_status
    from crmgov.storage.errors import StoreError
    from crmgov.storage.store import ProjectStore

    indexed = open_indexed(path, actor)
    if indexed is not None:
        sys.stdout.buffer.write(INDEXED + orjson.dumps(indexed.status(now()).to_json()))
        return 0
    try:
        big = Path(path).stat().st_size > FULL_LOAD_MAX_BYTES
    except OSError:
        return 2
    if big:
        from crmgov.services.issues.skim import skimmed_status

        sys.stdout.buffer.write(SKIMMED)
        sys.stdout.flush()  # the app may be waiting to know which way this goes
        skimmed = skimmed_status(path, now())
        if skimmed is None:
            return 3
        sys.stdout.buffer.write(orjson.dumps(skimmed.to_json()))
        return 0
    sys.stdout.buffer.write(FULL)
    sys.stdout.flush()  # the app may be waiting to know which way this goes
    store = ProjectStore(path, actor)
    try:
        store.load()
    except StoreError:
        return 2
    sys.stdout.buffer.write(orjson.dumps(project_status(store, now()).to_json()))
    refresh_index_detached(store)  # flushes stdout first
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    # The app waits for this process to end, and the usual teardown of a loaded project
    # (and, after a fork, its copy-on-write pages) costs up to ~0.5 s at 100k issues.
    os._exit(code)
