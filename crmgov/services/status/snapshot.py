"""The dashboard's figures of a small project, remembered until they can change.

A status computed at some moment stays exactly right while the project file keeps the
same bytes and the clock has not reached `readiness.stable_until` (the next midnight, or
the next open issue turning at risk or overdue). So the app saves each status it computes
(storage.derived, keyed by the file's digest), and the next start shows it in its first
frame without starting the status child. Measured with the demo: on one core (where no
child runs) settled 1.03 → 0.89 s; on two cores the same as with the child, within noise,
with one process fewer.

Only files up to SMALL_FILE bytes: the app reads and hashes the file itself before its
first paint (~2 ms per MB); bigger projects have the issue index (services.issues.index).
This module is imported before the first paint: nothing heavy at module level.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmgov.storage.derived import derived_for_file, write_derived

if TYPE_CHECKING:
    from crmgov.domain.readiness import Readiness
    from crmgov.storage.interface import Store

KIND = "status"
#: Larger files are not remembered this way (about 5,000 issues).
SMALL_FILE = 4 * 1024 * 1024


def remember_status(store: Store, status: Readiness) -> bool:
    """Save `status` (computed from `store` at `status.as_of`) for the store's content."""
    from crmgov.domain.issues.figures import stable_until

    if not store.file_backed or store.path.stat().st_size > SMALL_FILE:
        return False
    digest = store.layout("issues").digest
    until = stable_until(store.all("issues"), store.project, status.as_of)
    payload = {
        "from": status.as_of.isoformat(),
        "until": until.isoformat(),
        "status": status.to_json(),
    }
    return write_derived(store.path, KIND, digest, payload)


def remembered_status(path: Path, now: datetime) -> dict[str, Any] | None:
    """The status JSON at `now` if one saved for the file's current bytes still holds."""
    path = Path(path).expanduser().resolve()
    try:
        if path.stat().st_size > SMALL_FILE:
            return None
    except OSError:
        return None
    found = derived_for_file(path, KIND)
    if found is None:
        return None
    _raw, saved = found
    try:
        if not (
            datetime.fromisoformat(saved["from"]) <= now < datetime.fromisoformat(saved["until"])
        ):
            return None
        status: dict[str, Any] = saved["status"]
        if not isinstance(status, dict) or "schema" not in status:
            return None
    except (KeyError, TypeError, ValueError):
        return None
    return {**status, "as_of": now.isoformat(timespec="seconds")}


class RememberedStatus:
    """A status already known: stands in for a StatusPrefetch that has finished."""

    may_be_quick = False

    def __init__(self, status: dict[str, Any]) -> None:
        self._status = status

    def done(self) -> bool:
        return True

    def result(self) -> dict[str, Any]:
        return self._status

    def quick(self) -> bool:
        return False

    def cancel(self) -> None:
        """Nothing runs."""
