"""The append-only audit trail beside the project file (NAME.audit.jsonl).

One JSON event per line, each carrying the hash of the one before: editing, removing or
reordering any line breaks the chain at that point. Appending costs one small write, not
a rewrite of the project file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from crmgov.domain.audit import GENESIS, event_hash

#: How far back from the end to look for the last complete line.
_TAIL_CHUNK = 1 << 16


def audit_path_for(project_path: Path) -> Path:
    """crmgov.json → crmgov.audit.jsonl, in the same folder."""
    return project_path.with_name(project_path.stem + ".audit.jsonl")


@dataclass(frozen=True)
class BrokenLink:
    """The first place where the trail does not verify."""

    line: int
    """1-based line number in the audit file."""
    reason: str
    """What is wrong there."""


class AuditLog:
    """Reads, appends to and verifies one audit file. Callers hold the project lock."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _tail(self) -> tuple[int, str]:
        """(seq, hash) of the last complete event; drops a torn last line first.

        A torn line can only come from a writer killed mid-append; the audit event is
        appended before the project file is replaced, so that change never landed.
        """
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return 0, GENESIS
        if size == 0:
            return 0, GENESIS
        with open(self.path, "rb+") as handle:
            start = max(0, size - _TAIL_CHUNK)
            handle.seek(start)
            chunk = handle.read()
            if not chunk.endswith(b"\n"):
                cut = chunk.rfind(b"\n")
                keep = start + cut + 1 if cut >= 0 else start
                handle.truncate(keep)
                chunk = chunk[: cut + 1] if cut >= 0 else b""
                if not chunk and start > 0:
                    return self._tail()
            lines = chunk.rstrip(b"\n").rsplit(b"\n", 1)
            last = lines[-1] if lines and lines[-1] else b""
        if not last:
            return 0, GENESIS
        event = orjson.loads(last)
        return int(event["seq"]), str(event["hash"])

    def append(self, events: list[dict[str, Any]]) -> None:
        """Chain and append events (dicts without seq/prev_hash/hash), then fsync."""
        if not events:
            return
        seq, prev = self._tail()
        out = bytearray()
        for body in events:
            seq += 1
            event = {"seq": seq, **body, "prev_hash": prev}
            event["hash"] = prev = event_hash(event)
            out += orjson.dumps(event)
            out += b"\n"
        with open(self.path, "ab") as handle:
            handle.write(out)
            handle.flush()
            os.fsync(handle.fileno())

    def events(self) -> Iterator[dict[str, Any]]:
        """Every event, oldest first (raises orjson.JSONDecodeError on a bad line)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            for raw in handle:
                if raw.strip():
                    yield orjson.loads(raw)

    def verify(self) -> tuple[int, BrokenLink | None]:
        """Check every link; return (events checked, first broken link or None)."""
        if not self.path.exists():
            return 0, None
        prev, expected_seq, count = GENESIS, 1, 0
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    event = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    return count, BrokenLink(number, "not valid JSON")
                if not isinstance(event, dict):
                    return count, BrokenLink(number, "not an event object")
                if event.get("seq") != expected_seq:
                    return count, BrokenLink(
                        number, f"sequence {event.get('seq')} where {expected_seq} was expected"
                    )
                if event.get("prev_hash") != prev:
                    return count, BrokenLink(number, "does not link to the event before it")
                if event.get("hash") != event_hash(event):
                    return count, BrokenLink(number, "content does not match its hash")
                prev, expected_seq, count = event["hash"], expected_seq + 1, count + 1
        return count, None
