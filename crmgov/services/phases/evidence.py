"""Where the live gate criteria get their data: one small function per area.

Certification, SOPs and data quality are being built as their own areas; their data is
read here and nowhere else in the phases area, so rewiring a criterion to an area's own
service means changing one function. A table the project file does not hold comes back
as None, and the criteria reading it say "no data" instead of passing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.phases.model import EvidenceFile, Phase, rollout_order
from crmgov.domain.phases.rules import FileState
from crmgov.domain.phases.scope import LiveInputs, gate_issues
from crmgov.storage.interface import Store

#: Read files in pieces of this size when hashing (evidence files can be large PDFs).
_CHUNK = 1 << 20


def _table(store: Store, table: str) -> Sequence[Any] | None:
    try:
        return store.all(table)
    except KeyError:
        return None


def staff(store: Store) -> Sequence[Any] | None:
    """Staff members (certification area)."""
    return _table(store, "staff")


def certifications(store: Store) -> Sequence[Any] | None:
    """Certificates (certification area)."""
    return _table(store, "certifications")


def sops(store: Store) -> Sequence[Any] | None:
    """Written SOPs with their versions and acknowledgements (SOPs area)."""
    return _table(store, "sops")


def quality(store: Store) -> Sequence[Any] | None:
    """Data-quality measurements (data-quality area)."""
    return _table(store, "data_quality")


def issues(store: Store) -> Sequence[Any] | None:
    """The issue log."""
    return _table(store, "issues")


def plan(store: Store) -> Sequence[Any] | None:
    """The improvement plan (plan area)."""
    return _table(store, "plan")


def live_inputs(store: Store, now: datetime) -> LiveInputs:
    """Everything the live criteria and the 1+5 panel read, as of `now`."""
    found = issues(store)
    return LiveInputs(
        project=store.project,
        now=now,
        staff=staff(store),
        certifications=certifications(store),
        sops=sops(store),
        quality=quality(store),
        issues=None if found is None else gate_issues(found, store.project.sla),
        plan=plan(store),
        phases=rollout_order(store.all("phases")),
    )


def resolve(store: Store, path: str) -> Path:
    """An evidence path as given: relative paths are relative to the project file."""
    return resolve_in(store.path.parent, path)


def resolve_in(folder: Path, path: str) -> Path:
    """An evidence path as given: relative paths are relative to `folder`."""
    given = Path(path).expanduser()
    return given if given.is_absolute() else folder / given


def file_state(path: Path) -> FileState:
    """(size, SHA-256) of a file now, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
            size = fh.tell()
    except OSError:
        return None
    return size, digest.hexdigest()


def pin_file(store: Store, path: str) -> EvidenceFile | None:
    """The evidence record of a file (its size and hash now), or None if unreadable."""
    state = file_state(resolve(store, path))
    if state is None:
        return None
    return EvidenceFile(path=path, size=state[0], sha256=state[1])


def file_states(store: Store, phase: Phase) -> dict[int, FileState]:
    """The current state of each evidence file of the phase's gate, by item index."""
    return file_states_in(store.path.parent, phase)


def file_states_in(folder: Path, phase: Phase) -> dict[int, FileState]:
    """file_states for a project file in `folder` (read without a store)."""
    return {
        index: file_state(resolve_in(folder, item.file.path))
        for index, item in enumerate(phase.gate)
        if item.file is not None
    }
