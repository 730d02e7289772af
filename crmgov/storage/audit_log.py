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
from typing import Any, BinaryIO

import orjson

from crmgov.domain.audit import GENESIS, event_hash
from crmgov.i18n import _
from crmgov.storage.errors import DamagedAuditTrail

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
    """Reads, appends to and verifies one audit file. Callers hold the project lock.

    Crash contract: an append is one write of whole lines followed by fsync. A writer killed
    mid-append can leave a last line without its newline ("torn"); nothing after it exists,
    and the change it described never reached the project file (events are appended before
    the file is replaced). `verify` reports such a line as `torn_line`, not as a broken link,
    and the next append cuts it off before chaining on.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def _last_line(self, handle: BinaryIO, end: int) -> tuple[int, bytes]:
        """(offset, bytes) of the last line ending at `end` (however long it is)."""
        chunk, start = b"", end
        while start > 0:
            step = min(_TAIL_CHUNK, start)
            start -= step
            handle.seek(start)
            chunk = handle.read(step) + chunk
            cut = chunk.rfind(b"\n", 0, len(chunk) - 1)
            if cut >= 0:
                return start + cut + 1, chunk[cut + 1 :]
        return 0, chunk

    def tail(self) -> tuple[int, str]:
        """(seq, hash) of the last complete event; cuts off a torn last line first."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return 0, GENESIS
        with open(self.path, "rb+") as handle:
            offset, last = self._last_line(handle, size)
            if last and not last.endswith(b"\n"):
                handle.truncate(offset)  # the torn line of a writer killed mid-append
                handle.flush()
                os.fsync(handle.fileno())
                offset, last = self._last_line(handle, offset)
        if not last.strip():
            return 0, GENESIS
        try:
            event = orjson.loads(last)
            return int(event["seq"]), str(event["hash"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            raise DamagedAuditTrail(
                self.path,
                _("the last event of the audit trail is damaged; run `crmgov audit verify` "
                  "and restore the trail before changing the project"),
            ) from None

    def append(self, events: list[dict[str, Any]]) -> tuple[int, str]:
        """Chain and append events (dicts without seq/prev_hash/hash), then fsync.

        Returns (seq, hash) of the last event now in the trail.
        """
        seq, prev = self.tail()
        if not events:
            return seq, prev
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
        return seq, prev

    def head(self) -> dict[str, Any] | None:
        """The last complete event, read only (a torn last line is skipped, not cut)."""
        try:
            size = self.path.stat().st_size
            with open(self.path, "rb") as handle:
                offset, last = self._last_line(handle, size)
                if last and not last.endswith(b"\n"):
                    offset, last = self._last_line(handle, offset)
        except (FileNotFoundError, IsADirectoryError):
            return None
        try:
            event = orjson.loads(last) if last.strip() else None
        except orjson.JSONDecodeError:
            return None
        return event if isinstance(event, dict) else None

    def events(self) -> Iterator[dict[str, Any]]:
        """Every complete event, oldest first (raises orjson.JSONDecodeError on a bad line)."""
        if not self.path.exists():
            return
        with open(self.path, "rb") as handle:
            for raw in handle:
                if raw.endswith(b"\n") and raw.strip():
                    yield orjson.loads(raw)

    def verify(self, anchor: str | None = None) -> Verification:
        """Check every link; report the first broken one, if any.

        `anchor`: a hash (or its first 16+ hex digits) printed by `crmgov audit anchor`;
        `anchor_seq` is set to the event carrying it, if one does before any broken link.
        """
        result = Verification()
        if not self.path.is_file():
            return result
        result.exists = True
        prev, expected_seq = GENESIS, 1
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.endswith(b"\n"):
                    # Only the very last line can lack its newline: a torn append.
                    result.torn_line = number
                    break
                try:
                    event = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    result.broken = BrokenLink(number, _("not valid JSON"))
                    break
                if not isinstance(event, dict):
                    result.broken = BrokenLink(number, _("not an event object"))
                    break
                if event.get("seq") != expected_seq:
                    result.broken = BrokenLink(
                        number,
                        _("sequence {found} where {expected} was expected",
                          found=event.get("seq"), expected=expected_seq),
                    )
                    break
                if event.get("prev_hash") != prev:
                    result.broken = BrokenLink(number, _("does not link to the event before it"))
                    break
                if event.get("hash") != event_hash(event):
                    result.broken = BrokenLink(number, _("content does not match its hash"))
                    break
                if anchor and result.anchor_seq is None and event["hash"].startswith(anchor):
                    result.anchor_seq = event["seq"]
                prev, expected_seq = event["hash"], expected_seq + 1
                result.events += 1
                result.last_seq = event["seq"]
        return result


@dataclass
class Verification:
    """What `AuditLog.verify` found."""

    events: int = 0
    """Events whose links verified, from the first one on."""
    last_seq: int = 0
    """Sequence number of the last verified event."""
    broken: BrokenLink | None = None
    """The first broken link (editing, removing or reordering events), if any."""
    torn_line: int | None = None
    """Line number of an unterminated last line (an interrupted append), if any."""
    exists: bool = False
    """Whether the trail file exists at all."""
    anchor_seq: int | None = None
    """Sequence number of the event carrying the anchor asked for, if found."""
