"""Replaying the audit trail: the state every record should be in, by the trail alone.

The hash chain proves the trail was not edited line by line; it cannot prove the project
file matches it (a title changed in an editor leaves the trail intact). Replaying every
event's `after` state per record and comparing that with the file does: any record whose
content differs from its last audited state was changed outside crmgov.

Bookkeeping events (table `_meta`) are read for what they say about the trail itself:
- `audit.reconcile` (audit_seq R → L, L > R): events R+1..L were appended by a writer that
  died before replacing the file; their changes never landed, so they are not replayed.
- `audit.lost` (after = {"from": A, "to": B}), or a legacy `audit.reconcile` with L < R:
  events A..B are missing from the trail; that stays reported until accepted.
- `audit.accept` (after = {"lost": [[A, B], …], "reason": …}): someone accepted those lost
  ranges, with a reason, as an audited event.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from crmgov.storage.tables import META

#: (table, record key as in the file) → the record's last audited content (None: deleted).
State = dict[tuple[str, str], dict[str, Any] | None]

LOST = "audit.lost"
ACCEPT = "audit.accept"
RECONCILE = "audit.reconcile"


@dataclass
class Replay:
    """What the trail says the file should hold."""

    state: State = field(default_factory=dict)
    """Each record's last audited content (None once deleted)."""
    lost: list[tuple[int, int]] = field(default_factory=list)
    """Ranges of events missing from the trail and not yet accepted."""
    accepted: list[tuple[int, int]] = field(default_factory=list)
    """Lost ranges someone accepted with a reason."""


def _seq(value: Any) -> int | None:
    return value.get("audit_seq") if isinstance(value, dict) else None


def never_landed(events: Iterable[dict[str, Any]]) -> set[int]:
    """Sequence numbers of events whose change never reached the file (first pass)."""
    void: set[int] = set()
    for event in events:
        if event.get("action") == RECONCILE:
            recorded, last = _seq(event.get("before")), _seq(event.get("after"))
            if isinstance(recorded, int) and isinstance(last, int) and last > recorded:
                void.update(range(recorded + 1, last + 1))
    return void


def replay(events: Iterable[dict[str, Any]], void: set[int]) -> Replay:
    """Apply every event but those in `void` (second pass; see `never_landed`)."""
    out = Replay()
    for event in events:
        if event.get("seq") in void:
            continue
        table, action, after = event.get("table"), event.get("action"), event.get("after")
        if table != META:
            out.state[(str(table), str(event.get("record_id")))] = after
            continue
        if action == RECONCILE:
            recorded, last = _seq(event.get("before")), _seq(after)
            if isinstance(recorded, int) and isinstance(last, int) and last < recorded:
                out.lost.append((last + 1, recorded))
        elif action == LOST and isinstance(after, dict):
            out.lost.append((int(after["from"]), int(after["to"])))
        elif action == ACCEPT and isinstance(after, dict):
            for lo, hi in after.get("lost", []):
                if (lo, hi) in out.lost:
                    out.lost.remove((lo, hi))
                    out.accepted.append((lo, hi))
    return out


@dataclass(frozen=True)
class Drift:
    """A record whose content in the file is not its last audited state."""

    table: str
    record_id: str
    kind: str
    """"changed", "added" (in the file, never audited) or "removed" (audited, not in the
    file)."""
    fields: tuple[str, ...] = ()
    """For "changed": the fields that differ."""
    before: dict[str, Any] | None = None
    """The last audited content."""
    after: dict[str, Any] | None = None
    """The content in the file."""


def drifts(
    state: State,
    data: Mapping[str, Mapping[str, Any]],
    same: Any = None,
) -> Iterator[Drift]:
    """Every record of `data` (the parsed file) that differs from `state`, and every
    audited record missing from it. `same(table, audited, stored)` may forgive a
    difference that is only a matter of form (a field added later with its default)."""
    seen: set[tuple[str, str]] = set()
    for table, rows in data.items():
        if table == META or not isinstance(rows, Mapping):
            continue
        for key, stored in rows.items():
            seen.add((table, key))
            audited = state.get((table, key))
            if audited == stored:
                continue
            if same is not None and audited is not None and same(table, audited, stored):
                continue
            if audited is None:
                yield Drift(table, key, "added", after=stored)
            else:
                keys = sorted({*audited, *stored} if isinstance(stored, dict) else audited)
                fields = tuple(
                    k for k in keys
                    if not isinstance(stored, dict) or audited.get(k) != stored.get(k)
                )
                yield Drift(table, key, "changed", fields, audited, stored)
    for (table, key), audited in state.items():
        if audited is not None and (table, key) not in seen:
            yield Drift(table, key, "removed", before=audited)
